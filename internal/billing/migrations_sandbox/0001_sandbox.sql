-- The sandbox bank: a payment gateway inside Pishkhan for development,
-- demos and tests. It keeps its own payments, as a real bank would, apart
-- from Pishkhan's orders.
CREATE TABLE sandbox_payments (
	id {{id}},
	token TEXT NOT NULL UNIQUE,
	amount BIGINT NOT NULL,
	merchant TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	callback_url TEXT NOT NULL,
	state TEXT NOT NULL,
	card_mask TEXT NOT NULL DEFAULT '',
	ref_id TEXT NOT NULL DEFAULT '',
	result_code TEXT NOT NULL DEFAULT '',
	verified BOOLEAN NOT NULL DEFAULT FALSE,
	created_at {{timestamp}} NOT NULL,
	paid_at {{timestamp}}
);
