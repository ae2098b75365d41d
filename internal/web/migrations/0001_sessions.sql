-- Sessions live in the database so that any instance can serve any
-- request, sign-out works everywhere at once, and a restart signs nobody out.
-- Only a hash of the session token is stored: a copy of this table does not
-- let anyone act as the people in it.
CREATE TABLE web_sessions (
	id {{id}},
	token_hash TEXT NOT NULL UNIQUE,
	subject_kind TEXT NOT NULL,
	subject_id BIGINT NOT NULL,
	-- stage is "" for a full session, or the step a person must finish
	-- first (a forced password change, the security questions): such a
	-- session opens only that step's pages.
	stage TEXT NOT NULL DEFAULT '',
	created_at {{timestamp}} NOT NULL,
	last_seen_at {{timestamp}} NOT NULL,
	expires_at {{timestamp}} NOT NULL,
	ip TEXT NOT NULL,
	user_agent TEXT NOT NULL,
	data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX web_sessions_subject ON web_sessions (subject_kind, subject_id);
CREATE INDEX web_sessions_expires ON web_sessions (expires_at);
