-- Pairwise subjects (OIDC Core 8.1): a client's `sub` is an HMAC of its
-- sector and the national code. sector is fixed when the client is first
-- stored (the host of its redirect URIs, the host of a registered
-- sector_identifier_uri, or the client itself for native apps), so later
-- edits of its redirect URIs do not change the subjects it knows.
ALTER TABLE idp_clients ADD COLUMN sector TEXT NOT NULL DEFAULT '';
ALTER TABLE idp_clients ADD COLUMN sector_identifier_uri TEXT NOT NULL DEFAULT '';

-- Access tokens name the person (national code) behind the client's
-- pairwise subject, and the grant they came from (family: the auth
-- request of the code), so a replayed code or a reused refresh token
-- revokes every token of its grant. Tokens issued before pairwise
-- subjects had the national code as subject: it is their person too.
ALTER TABLE idp_tokens ADD COLUMN person TEXT NOT NULL DEFAULT '';
ALTER TABLE idp_tokens ADD COLUMN family TEXT NOT NULL DEFAULT '';
UPDATE idp_tokens SET person = subject;
CREATE INDEX idp_tokens_family ON idp_tokens (family);

-- max_age of the request in seconds (NULL: none; prompt=login is 0), and
-- when the person verified for this very request (SMS code + registry).
ALTER TABLE idp_auth_requests ADD COLUMN max_age INTEGER;
ALTER TABLE idp_auth_requests ADD COLUMN verified_at {{timestamp}};

-- When the session's person was verified: auth_time of what it signs.
-- A session from before has none and counts as signed out.
ALTER TABLE idp_sessions ADD COLUMN auth_time {{timestamp}};

-- Refresh tokens, stored as their SHA-256. Each use marks the token used
-- and issues the next of its family; a used token presented again
-- revokes the family (OAuth 2.0 Security BCP 4.14).
CREATE TABLE idp_refresh_tokens (
	token_hash TEXT PRIMARY KEY,
	family TEXT NOT NULL,
	client_id TEXT NOT NULL,
	person TEXT NOT NULL,
	subject TEXT NOT NULL,
	scopes TEXT NOT NULL,
	auth_time {{timestamp}} NOT NULL,
	created_at {{timestamp}} NOT NULL,
	expires_at {{timestamp}} NOT NULL,
	used_at {{timestamp}},
	revoked_at {{timestamp}}
);
CREATE INDEX idp_refresh_tokens_family ON idp_refresh_tokens (family);
CREATE INDEX idp_refresh_tokens_person ON idp_refresh_tokens (person, client_id);
