-- Which demo data sets have been seeded, so that `serve --demo` seeds each
-- once however often it starts.
CREATE TABLE demo_seeds (
	name TEXT PRIMARY KEY,
	seeded_at {{timestamp}} NOT NULL
);
