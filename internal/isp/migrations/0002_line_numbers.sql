-- A subscriber signs in with their line's number as well as their
-- username («نام کاربری یا شماره تلفن»): lines registered before that
-- get the identifier here (new and changed lines get it as they are
-- saved). The number is kept without its leading zeros, as identity's
-- ParseLineNumber does; a number already another person's stays theirs.
INSERT INTO login_identifiers (kind, value, person_id, created_at)
	SELECT 'line_number', ltrim(phone, '0'), customer_id, created_at FROM isp_subscribers
	WHERE length(ltrim(phone, '0')) >= 4
	ON CONFLICT (kind, value) DO NOTHING;
