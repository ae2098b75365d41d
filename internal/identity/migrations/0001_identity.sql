-- People and accounts. A customer is a person identified by a valid
-- national code; everything else about them may be missing at first and is
-- completed later (the profile prompt lists what is missing).
CREATE TABLE customers (
	id {{id}},
	national_code TEXT NOT NULL UNIQUE,
	first_name TEXT NOT NULL DEFAULT '',
	last_name TEXT NOT NULL DEFAULT '',
	father_name TEXT NOT NULL DEFAULT '',
	-- Jalali, YYYY/MM/DD with Latin digits; '' until set, then locked.
	birth_date TEXT NOT NULL DEFAULT '',
	gender TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	postal_code TEXT NOT NULL DEFAULT '',
	address TEXT NOT NULL DEFAULT '',
	education TEXT NOT NULL DEFAULT '',
	mobile TEXT NOT NULL DEFAULT '',
	created_at {{timestamp}} NOT NULL,
	updated_at {{timestamp}} NOT NULL
);
CREATE INDEX customers_mobile ON customers (mobile);
CREATE INDEX customers_last_name ON customers (last_name);

-- Every string a customer may type in the sign-in box. Values are stored
-- canonical (Latin digits, mobile as 09…, usernames lower-case), so one
-- lookup finds the account whatever keyboard was used. Kinds are disjoint
-- by shape (usernames must contain a letter), so a value never means two
-- accounts.
CREATE TABLE login_identifiers (
	kind TEXT NOT NULL,
	value TEXT NOT NULL,
	person_id BIGINT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
	created_at {{timestamp}} NOT NULL,
	PRIMARY KEY (kind, value)
);
CREATE INDEX login_identifiers_person ON login_identifiers (person_id);

-- Staff are separate accounts with their own usernames and a stricter
-- password policy.
CREATE TABLE staff (
	id {{id}},
	username TEXT NOT NULL UNIQUE,
	full_name TEXT NOT NULL,
	disabled BOOLEAN NOT NULL DEFAULT FALSE,
	created_at {{timestamp}} NOT NULL
);
CREATE TABLE staff_roles (
	staff_id BIGINT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
	role TEXT NOT NULL,
	PRIMARY KEY (staff_id, role)
);

-- One password per account, customer or staff. The hash is a PHC string
-- that carries its own argon2id parameters. expires_at is set only for
-- initial and temporary passwords (a national code is not a secret).
CREATE TABLE credentials (
	subject_kind TEXT NOT NULL,
	subject_id BIGINT NOT NULL,
	password_hash TEXT NOT NULL,
	must_change BOOLEAN NOT NULL,
	expires_at {{timestamp}},
	changed_at {{timestamp}} NOT NULL,
	PRIMARY KEY (subject_kind, subject_id)
);

CREATE TABLE security_answers (
	person_id BIGINT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
	question_id INTEGER NOT NULL,
	answer_hash TEXT NOT NULL,
	created_at {{timestamp}} NOT NULL,
	PRIMARY KEY (person_id, question_id)
);

-- Attempt counters for the lockout and the recovery rate limits. One row
-- per (scope, item): an address, an account, a mobile number. attempts
-- counts reserved attempts (finished failures plus checks in flight) and is
-- what the single conditional upsert compares with the limit; failures
-- counts finished failures and is what sets locked_until.
CREATE TABLE signin_throttle (
	scope TEXT NOT NULL,
	item TEXT NOT NULL,
	attempts INTEGER NOT NULL,
	failures INTEGER NOT NULL DEFAULT 0,
	window_start {{timestamp}} NOT NULL,
	locked_until {{timestamp}},
	PRIMARY KEY (scope, item)
);

CREATE TABLE signin_events (
	id {{id}},
	subject_kind TEXT NOT NULL,
	subject_id BIGINT NOT NULL DEFAULT 0,
	identifier TEXT NOT NULL DEFAULT '',
	at {{timestamp}} NOT NULL,
	ip TEXT NOT NULL,
	user_agent TEXT NOT NULL,
	success BOOLEAN NOT NULL,
	reason TEXT NOT NULL
);
CREATE INDEX signin_events_subject ON signin_events (subject_kind, subject_id, at);

CREATE TABLE audit_log (
	id {{id}},
	at {{timestamp}} NOT NULL,
	actor_kind TEXT NOT NULL,
	actor_id BIGINT NOT NULL DEFAULT 0,
	action TEXT NOT NULL,
	target_kind TEXT NOT NULL DEFAULT '',
	target_id BIGINT NOT NULL DEFAULT 0,
	ip TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_target ON audit_log (target_kind, target_id, at);
CREATE INDEX audit_log_action ON audit_log (action, at);

-- Captcha answers, so a captcha drawn by one instance can be checked by
-- another.
CREATE TABLE captchas (
	id TEXT PRIMARY KEY,
	digits {{bytes}} NOT NULL,
	expires_at {{timestamp}} NOT NULL
);
CREATE INDEX captchas_expires ON captchas (expires_at);
