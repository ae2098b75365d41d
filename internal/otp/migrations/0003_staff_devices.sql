-- Staff two-factor (issue 7): every staff member signs in with a code of
-- their authenticator after the password. A device starts 'pending' when
-- the QR is shown at the first sign-in and becomes 'active' with the first
-- right code; an admin's reset (lost phone) ends it ('reset'), and the next
-- sign-in enrols again. The seed is sealed as on customers' devices;
-- last_step is the replay guard and totp_wrong/totp_wrong_since the
-- one-minute wrong-code window, with the same meaning as on otp_devices.
CREATE TABLE otp_staff_devices (
	id {{id}},
	staff_id BIGINT NOT NULL REFERENCES staff (id),
	status TEXT NOT NULL,
	seed_sealed {{bytes}} NOT NULL,
	last_step BIGINT NOT NULL DEFAULT 0,
	totp_wrong INTEGER NOT NULL DEFAULT 0,
	totp_wrong_since {{timestamp}},
	created_at {{timestamp}} NOT NULL,
	activated_at {{timestamp}},
	ended_at {{timestamp}},
	ended_by TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX otp_staff_devices_one_active ON otp_staff_devices (staff_id) WHERE status = 'active';
CREATE UNIQUE INDEX otp_staff_devices_one_pending ON otp_staff_devices (staff_id) WHERE status = 'pending';
