-- The brand an admin saved at /staff/settings (one row, id 1). Every
-- instance reads its version on each page, so a save shows on the next
-- page load everywhere; saved = FALSE means the deployment's defaults
-- (environment or PISHKHAN_BRAND_FILE) apply. Uploaded logo and favicon
-- are kept here too, so that any instance can serve them.
CREATE TABLE web_brand (
	id BIGINT PRIMARY KEY,
	version BIGINT NOT NULL,
	saved BOOLEAN NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	short_name TEXT NOT NULL DEFAULT '',
	colour TEXT NOT NULL DEFAULT '',
	logo_path TEXT NOT NULL DEFAULT '',
	favicon_path TEXT NOT NULL DEFAULT '',
	support_phone TEXT NOT NULL DEFAULT '',
	support_hours TEXT NOT NULL DEFAULT '',
	footer TEXT NOT NULL DEFAULT '',
	seller TEXT NOT NULL DEFAULT '',
	sms_signature TEXT NOT NULL DEFAULT '',
	logo_type TEXT NOT NULL DEFAULT '',
	logo {{bytes}},
	favicon_type TEXT NOT NULL DEFAULT '',
	favicon {{bytes}},
	updated_at {{timestamp}},
	updated_by BIGINT NOT NULL DEFAULT 0
);
INSERT INTO web_brand (id, version, saved) VALUES (1, 0, FALSE);

-- Help pages edited by an admin; a page without a row shows the text its
-- area registered (the guide's own).
CREATE TABLE web_help (
	area TEXT NOT NULL,
	slug TEXT NOT NULL,
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	updated_at {{timestamp}} NOT NULL,
	updated_by BIGINT NOT NULL,
	PRIMARY KEY (area, slug)
);
