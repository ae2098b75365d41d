-- A verified registration in progress («ثبت نام یا تنظیم رمز»), bound to
-- the browser by a cookie whose SHA-256 is token_hash. state, nonce and
-- the PKCE verifier belong to the single sign-on round trip; claims are
-- what the issuer's ID token and userinfo said (JSON), set once verified.
-- sealed_form holds the completed form («تکمیل اطلاعات شخصی») with the
-- chosen password, encrypted, until the SMS code and captcha confirm it;
-- the row is deleted when the registration is final.
CREATE TABLE signup_flows (
	token_hash TEXT PRIMARY KEY,
	state TEXT NOT NULL,
	nonce TEXT NOT NULL,
	verifier TEXT NOT NULL,
	step TEXT NOT NULL,
	claims TEXT NOT NULL DEFAULT '',
	sealed_form {{bytes}},
	code_mac TEXT NOT NULL DEFAULT '',
	code_wrong INTEGER NOT NULL DEFAULT 0,
	code_sent_at {{timestamp}},
	code_expires_at {{timestamp}},
	created_at {{timestamp}} NOT NULL
);

-- Birth certificate details and city of residence of customers who
-- registered through single sign-on (the guide's form has them; the
-- customers table does not).
CREATE TABLE customer_certificates (
	person_id BIGINT PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
	certificate_number TEXT NOT NULL DEFAULT '',
	certificate_place TEXT NOT NULL DEFAULT '',
	certificate_date TEXT NOT NULL DEFAULT '',
	city TEXT NOT NULL DEFAULT '',
	issuer TEXT NOT NULL,
	updated_at {{timestamp}} NOT NULL
);
