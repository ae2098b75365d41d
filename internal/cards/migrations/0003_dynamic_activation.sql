-- Per-card second-password settings (seed 003, issue 7). A card without a
-- row has the defaults: internet (second) password on, no dynamic method
-- activated, dynamic only above the static cap.
--   internet_password_enabled: «غیر فعال سازی رمز اینترنتی» sets it to 0;
--     card-not-present payments are then declined (57).
--   dynamic_sms: SMS codes («دریافت رمز از طریق پیامک») activated for the
--     card (needs a mobile staff confirmed).
--   dynamic_app: the card was added to the authenticator («افزودن کارت»;
--     needs an active device of the person).
--   always_dynamic: the customer chose a dynamic password for every
--     amount; the static password is then refused (65).
CREATE TABLE card_password_settings (
	card_id BIGINT PRIMARY KEY REFERENCES cards (id),
	internet_password_enabled INTEGER NOT NULL DEFAULT 1,
	dynamic_sms INTEGER NOT NULL DEFAULT 0,
	dynamic_app INTEGER NOT NULL DEFAULT 0,
	always_dynamic INTEGER NOT NULL DEFAULT 0,
	updated_at {{timestamp}} NOT NULL
);
