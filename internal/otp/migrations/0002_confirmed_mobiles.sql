-- The mobile number staff confirmed in person for a customer («فرم تایید
-- شماره تلفن همراه», guide answers 2, 6, 7, 17, 18, 21): dynamic-password
-- SMS go only here. One row per person; a new confirmation replaces it and
-- revoking deletes it (the audit log keeps the history). identity_check is
-- the identity verification staff performed, e.g. «کارت ملی، ۴ رقم آخر ۵۶۷۸».
CREATE TABLE otp_confirmed_mobiles (
	person_id BIGINT PRIMARY KEY REFERENCES customers (id),
	mobile TEXT NOT NULL,
	identity_check TEXT NOT NULL,
	confirmed_by BIGINT NOT NULL,
	confirmed_at {{timestamp}} NOT NULL
);
