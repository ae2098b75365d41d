-- Every SMS Pishkhan sends is first a row here. The row is written in the
-- same transaction as the event that causes it, and a queued job hands it
-- to the provider; the customer's message box and the staff SMS log read
-- this table.
CREATE TABLE sms_outbox (
	id {{id}},
	person_id BIGINT,
	recipient_name TEXT NOT NULL DEFAULT '',
	mobile TEXT NOT NULL,
	reason TEXT NOT NULL,
	body TEXT NOT NULL,
	template TEXT NOT NULL DEFAULT '',
	tokens TEXT NOT NULL DEFAULT '',
	sensitive BOOLEAN NOT NULL DEFAULT FALSE,
	status TEXT NOT NULL,
	provider TEXT NOT NULL DEFAULT '',
	provider_message_id TEXT NOT NULL DEFAULT '',
	provider_status TEXT NOT NULL DEFAULT '',
	attempts INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	created_at {{timestamp}} NOT NULL,
	sent_at {{timestamp}}
);
CREATE INDEX sms_outbox_person ON sms_outbox (person_id, created_at);
CREATE INDEX sms_outbox_mobile ON sms_outbox (mobile, created_at);
CREATE INDEX sms_outbox_created ON sms_outbox (created_at);
