-- RP-initiated and back-channel logout, and the admin's client settings:
-- post_logout_redirect_uris one per line (matched exactly, as
-- redirect_uris); backchannel_logout_uri '' for a client that does not
-- want logout tokens.
ALTER TABLE idp_clients ADD COLUMN post_logout_redirect_uris TEXT NOT NULL DEFAULT '';
ALTER TABLE idp_clients ADD COLUMN backchannel_logout_uri TEXT NOT NULL DEFAULT '';

-- A rotated secret: the previous secret's hash keeps authenticating the
-- client until previous_secret_until, so the relying party can roll its
-- configuration out without an outage.
ALTER TABLE idp_clients ADD COLUMN previous_secret_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE idp_clients ADD COLUMN previous_secret_until {{timestamp}};

-- Sign-ins granted to a client: the admin's «recent sign-ins», and the
-- clients a provider session signed in to, told by back-channel logout
-- when that session ends. session_hash is the provider session's token
-- hash (idp_sessions.token_hash), '' when none.
CREATE TABLE idp_signins (
	id TEXT PRIMARY KEY,
	client_id TEXT NOT NULL,
	subject TEXT NOT NULL,
	session_hash TEXT NOT NULL DEFAULT '',
	created_at {{timestamp}} NOT NULL
);
CREATE INDEX idp_signins_client ON idp_signins (client_id, created_at);
CREATE INDEX idp_signins_session ON idp_signins (session_hash);
