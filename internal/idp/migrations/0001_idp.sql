-- The civil registry (embedded default): one row per person, keyed by
-- national code. Dates are Jalali YYYY/MM/DD with Latin digits, as the
-- birth certificate («شناسنامه») prints them.
CREATE TABLE idp_persons (
	national_code TEXT PRIMARY KEY,
	first_name TEXT NOT NULL,
	last_name TEXT NOT NULL,
	father_name TEXT NOT NULL DEFAULT '',
	birth_date TEXT NOT NULL,
	certificate_number TEXT NOT NULL DEFAULT '',
	certificate_place TEXT NOT NULL DEFAULT '',
	certificate_date TEXT NOT NULL DEFAULT '',
	gender TEXT NOT NULL DEFAULT '',
	updated_at {{timestamp}} NOT NULL
);

-- Mobile ownership: a SIM card is registered to one national code, so a
-- number has one owner. The first number of a person is the primary one
-- («شماره همراه اصلی»).
CREATE TABLE idp_person_mobiles (
	mobile TEXT PRIMARY KEY,
	national_code TEXT NOT NULL REFERENCES idp_persons (national_code) ON DELETE CASCADE,
	is_primary BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX idp_person_mobiles_person ON idp_person_mobiles (national_code);

-- Relying parties registered by the admin. secret_hash is SHA-256 of a
-- 256-bit random secret (hex); '' is a public client that proves itself
-- with PKCE alone. redirect_uris are one per line, scopes space-separated.
CREATE TABLE idp_clients (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	secret_hash TEXT NOT NULL DEFAULT '',
	redirect_uris TEXT NOT NULL,
	scopes TEXT NOT NULL,
	disabled BOOLEAN NOT NULL DEFAULT FALSE,
	created_at {{timestamp}} NOT NULL
);

-- Signing keys. private_sealed is the PKCS#8 private key encrypted with a
-- key derived from the server key. generation is unique, so two instances
-- that rotate at once insert one key: the loser reads the winner's.
CREATE TABLE idp_keys (
	id TEXT PRIMARY KEY,
	generation BIGINT NOT NULL UNIQUE,
	algorithm TEXT NOT NULL,
	private_sealed {{bytes}} NOT NULL,
	created_at {{timestamp}} NOT NULL
);

-- Authorization requests, from /idp/authorize to the token exchange. The
-- code is stored as its SHA-256; code_used_at makes it single use.
CREATE TABLE idp_auth_requests (
	id TEXT PRIMARY KEY,
	client_id TEXT NOT NULL,
	redirect_uri TEXT NOT NULL,
	state TEXT NOT NULL DEFAULT '',
	nonce TEXT NOT NULL DEFAULT '',
	scopes TEXT NOT NULL,
	response_type TEXT NOT NULL,
	response_mode TEXT NOT NULL DEFAULT '',
	code_challenge TEXT NOT NULL,
	code_challenge_method TEXT NOT NULL,
	prompt TEXT NOT NULL DEFAULT '',
	subject TEXT NOT NULL DEFAULT '',
	auth_time {{timestamp}},
	done BOOLEAN NOT NULL DEFAULT FALSE,
	code_hash TEXT UNIQUE,
	code_issued_at {{timestamp}},
	code_used_at {{timestamp}},
	created_at {{timestamp}} NOT NULL
);

-- Access tokens (opaque to clients; the id is inside the encrypted token).
CREATE TABLE idp_tokens (
	id TEXT PRIMARY KEY,
	client_id TEXT NOT NULL,
	subject TEXT NOT NULL,
	scopes TEXT NOT NULL,
	expires_at {{timestamp}} NOT NULL,
	revoked_at {{timestamp}},
	created_at {{timestamp}} NOT NULL
);

-- Consents («مجوز ورود یکپارچه») remembered per person, client and scope
-- set (scopes sorted, space-separated). Revoking sets revoked_at; a new
-- grant clears it.
CREATE TABLE idp_consents (
	subject TEXT NOT NULL,
	client_id TEXT NOT NULL,
	scopes TEXT NOT NULL,
	granted_at {{timestamp}} NOT NULL,
	revoked_at {{timestamp}},
	PRIMARY KEY (subject, client_id, scopes)
);

-- A verification in progress on the sign-in pages: mobile → captcha →
-- SMS code with national code and birth date. auth_request_id is '' when
-- the person came to manage their consents.
CREATE TABLE idp_logins (
	id TEXT PRIMARY KEY,
	auth_request_id TEXT NOT NULL DEFAULT '',
	mobile TEXT NOT NULL DEFAULT '',
	step TEXT NOT NULL,
	subject TEXT NOT NULL DEFAULT '',
	created_at {{timestamp}} NOT NULL
);

-- «کد احراز امتا»: one live code per mobile, stored as an HMAC. wrong
-- counts wrong tries (the fifth burns it); sent_at drives the resend
-- cool-down, so two instances cannot send two codes at once; sends counts
-- the codes sent since window_start (a few an hour), so a number cannot be
-- flooded nor its codes guessed by resending for a day.
CREATE TABLE idp_sms_codes (
	mobile TEXT PRIMARY KEY,
	code_mac TEXT NOT NULL,
	wrong INTEGER NOT NULL DEFAULT 0,
	sent_at {{timestamp}} NOT NULL,
	expires_at {{timestamp}} NOT NULL,
	used_at {{timestamp}},
	sends INTEGER NOT NULL DEFAULT 1,
	window_start {{timestamp}} NOT NULL
);

-- Signed-in persons at the provider (single sign-on): a cookie's token
-- hash, the national code, and when it ends.
CREATE TABLE idp_sessions (
	token_hash TEXT PRIMARY KEY,
	subject TEXT NOT NULL,
	expires_at {{timestamp}} NOT NULL
);
