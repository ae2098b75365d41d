-- ID tokens in ES256 or EdDSA for the clients that register them
-- (id_token_signed_response_alg); RS256 stays the default OIDC requires.
ALTER TABLE idp_clients ADD COLUMN id_token_alg TEXT NOT NULL DEFAULT 'RS256';

-- One key of every algorithm per generation: the generation is unique per
-- algorithm now (SQLite cannot drop a constraint, so the table is rebuilt).
CREATE TABLE idp_keys_new (
	id TEXT PRIMARY KEY,
	generation BIGINT NOT NULL,
	algorithm TEXT NOT NULL,
	private_sealed {{bytes}} NOT NULL,
	created_at {{timestamp}} NOT NULL,
	UNIQUE (algorithm, generation)
);
INSERT INTO idp_keys_new (id, generation, algorithm, private_sealed, created_at)
	SELECT id, generation, algorithm, private_sealed, created_at FROM idp_keys;
DROP TABLE idp_keys;
ALTER TABLE idp_keys_new RENAME TO idp_keys;
