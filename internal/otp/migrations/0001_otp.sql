-- One-time SMS codes. A code is bound to a purpose («card-payment»,
-- «staff-signin» …) and a binding (the card, amount and merchant it may
-- pay), so a code sent for one payment cannot pay another. The code itself
-- is never stored: code_mac is an HMAC keyed with the server key over the
-- person, purpose, binding and code. One live code per person, purpose and
-- binding: issuing again replaces the row.
CREATE TABLE otp_sms_codes (
	id {{id}},
	person_id BIGINT NOT NULL REFERENCES customers (id),
	purpose TEXT NOT NULL,
	binding TEXT NOT NULL,
	code_mac TEXT NOT NULL,
	wrong INTEGER NOT NULL DEFAULT 0,
	issued_at {{timestamp}} NOT NULL,
	expires_at {{timestamp}} NOT NULL,
	used_at {{timestamp}},
	burned_at {{timestamp}}
);
CREATE UNIQUE INDEX otp_sms_codes_subject ON otp_sms_codes (person_id, purpose, binding);

-- The last SMS code (or activation code) sent per person and purpose: the
-- resend cool-down is a conditional upsert on this row, so two instances
-- pressing «دریافت رمز از طریق پیامک» at once send one SMS.
CREATE TABLE otp_sms_sends (
	person_id BIGINT NOT NULL REFERENCES customers (id),
	purpose TEXT NOT NULL,
	last_sent_at {{timestamp}} NOT NULL,
	PRIMARY KEY (person_id, purpose)
);

-- Authenticator devices («برنامک رمزساز»). seed_sealed is the TOTP secret
-- encrypted with AES-GCM under a key derived from the server key (nonce in
-- front). A device starts 'pending' with a 4-digit activation code sent by
-- SMS (HMAC'd, 3 tries, expires in minutes) and becomes 'active' when both
-- that code and a current TOTP code are given. One active device per
-- person: activating a new one marks the old 'replaced'. last_step is the
-- RFC 6238 time step of the last accepted code (replay guard); totp_wrong
-- counts wrong codes since totp_wrong_since (a one-minute window).
CREATE TABLE otp_devices (
	id {{id}},
	person_id BIGINT NOT NULL REFERENCES customers (id),
	status TEXT NOT NULL,
	account_name TEXT NOT NULL DEFAULT '',
	seed_sealed {{bytes}} NOT NULL,
	activation_mac TEXT NOT NULL DEFAULT '',
	activation_wrong INTEGER NOT NULL DEFAULT 0,
	activation_expires_at {{timestamp}},
	last_step BIGINT NOT NULL DEFAULT 0,
	totp_wrong INTEGER NOT NULL DEFAULT 0,
	totp_wrong_since {{timestamp}},
	created_at {{timestamp}} NOT NULL,
	activated_at {{timestamp}},
	ended_at {{timestamp}},
	ended_by TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX otp_devices_one_active ON otp_devices (person_id) WHERE status = 'active';
CREATE UNIQUE INDEX otp_devices_one_pending ON otp_devices (person_id) WHERE status = 'pending';
