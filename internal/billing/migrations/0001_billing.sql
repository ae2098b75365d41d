-- Billing: orders and their history, payments at bank gateways, the
-- per-customer wallet ledger, and invoices. Money is BIGINT rials.

-- An order is what a customer agrees to pay for on the pre-invoice. Its
-- figures are fixed when it is created (see money.go for the rules) and
-- never change afterwards; only its state moves, and every move is a
-- conditional update (… WHERE state = $from) recorded in order_events.
CREATE TABLE billing_orders (
	id {{id}},
	-- Shown to the customer («شماره سفارش شما جهت پیگیری …»): random
	-- digits, unique; a customer finds an order by their id AND this.
	tracking TEXT NOT NULL UNIQUE,
	customer_id BIGINT NOT NULL REFERENCES customers (id),
	-- Who fulfils it (a registered fulfiller) and what, in that area's terms.
	kind TEXT NOT NULL,
	ref TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	state TEXT NOT NULL,
	price BIGINT NOT NULL,
	vat_rate BIGINT NOT NULL,
	vat BIGINT NOT NULL,
	subscription BIGINT NOT NULL,
	remaining BIGINT NOT NULL,
	wallet_used BIGINT NOT NULL,
	payable BIGINT NOT NULL,
	surplus BIGINT NOT NULL,
	created_at {{timestamp}} NOT NULL,
	updated_at {{timestamp}} NOT NULL,
	paid_at {{timestamp}}
);
CREATE INDEX billing_orders_customer ON billing_orders (customer_id, created_at);
CREATE INDEX billing_orders_state ON billing_orders (state, created_at);
CREATE INDEX billing_orders_created ON billing_orders (created_at);

CREATE TABLE billing_order_lines (
	order_id BIGINT NOT NULL REFERENCES billing_orders (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	description TEXT NOT NULL,
	amount BIGINT NOT NULL,
	PRIMARY KEY (order_id, position)
);

-- Every state change of an order (and staff requests about it), with the
-- time, who did it and why.
CREATE TABLE billing_order_events (
	id {{id}},
	order_id BIGINT NOT NULL REFERENCES billing_orders (id) ON DELETE CASCADE,
	from_state TEXT NOT NULL,
	to_state TEXT NOT NULL,
	actor TEXT NOT NULL,
	reason TEXT NOT NULL,
	at {{timestamp}} NOT NULL
);
CREATE INDEX billing_order_events_order ON billing_order_events (order_id, id);

-- One row per attempt to pay an order at a gateway. (gateway, reference)
-- is how a callback finds it; the amount is what we asked the bank for
-- and the only amount ever verified.
CREATE TABLE billing_payments (
	id {{id}},
	order_id BIGINT NOT NULL REFERENCES billing_orders (id),
	customer_id BIGINT NOT NULL REFERENCES customers (id),
	gateway TEXT NOT NULL,
	reference TEXT NOT NULL,
	amount BIGINT NOT NULL,
	state TEXT NOT NULL,
	ref_id TEXT NOT NULL DEFAULT '',
	card_mask TEXT NOT NULL DEFAULT '',
	code TEXT NOT NULL DEFAULT '',
	message TEXT NOT NULL DEFAULT '',
	created_at {{timestamp}} NOT NULL,
	updated_at {{timestamp}} NOT NULL,
	UNIQUE (gateway, reference)
);
CREATE INDEX billing_payments_order ON billing_payments (order_id);
CREATE INDEX billing_payments_customer ON billing_payments (customer_id, created_at);
CREATE INDEX billing_payments_state ON billing_payments (state, created_at);

-- The wallet («اعتبار پنل شما»): a balance that only changes together with
-- the ledger row that explains it, through a conditional update that
-- cannot go below zero. idempotency_key makes a retried change a no-op.
CREATE TABLE billing_wallet_accounts (
	customer_id BIGINT PRIMARY KEY REFERENCES customers (id),
	balance BIGINT NOT NULL CHECK (balance >= 0),
	updated_at {{timestamp}} NOT NULL
);

CREATE TABLE billing_wallet_entries (
	id {{id}},
	customer_id BIGINT NOT NULL REFERENCES billing_wallet_accounts (customer_id),
	amount BIGINT NOT NULL,
	balance_after BIGINT NOT NULL,
	reason TEXT NOT NULL,
	ref_kind TEXT NOT NULL DEFAULT '',
	ref_id BIGINT NOT NULL DEFAULT 0,
	idempotency_key TEXT NOT NULL UNIQUE,
	created_at {{timestamp}} NOT NULL
);
CREATE INDEX billing_wallet_entries_customer ON billing_wallet_entries (customer_id, id);

-- Invoice numbers run per Jalali year without gaps in issue order:
-- number = year * 10,000,000 + sequence.
CREATE TABLE billing_invoice_counters (
	year INTEGER PRIMARY KEY,
	last BIGINT NOT NULL
);

-- An invoice copies everything it shows (seller, buyer, lines, figures) at
-- issue time, so it reads the same forever whatever changes later.
CREATE TABLE billing_invoices (
	number BIGINT PRIMARY KEY,
	order_id BIGINT NOT NULL UNIQUE REFERENCES billing_orders (id),
	customer_id BIGINT NOT NULL REFERENCES customers (id),
	seller_name TEXT NOT NULL,
	seller_national_id TEXT NOT NULL,
	seller_economic_code TEXT NOT NULL,
	seller_address TEXT NOT NULL,
	seller_postal_code TEXT NOT NULL,
	seller_phone TEXT NOT NULL,
	buyer_name TEXT NOT NULL,
	buyer_national_code TEXT NOT NULL,
	buyer_address TEXT NOT NULL,
	buyer_postal_code TEXT NOT NULL,
	price BIGINT NOT NULL,
	vat_rate BIGINT NOT NULL,
	vat BIGINT NOT NULL,
	subscription BIGINT NOT NULL,
	total BIGINT NOT NULL,
	remaining BIGINT NOT NULL,
	wallet_used BIGINT NOT NULL,
	paid BIGINT NOT NULL,
	issued_at {{timestamp}} NOT NULL
);
CREATE INDEX billing_invoices_customer ON billing_invoices (customer_id, issued_at);

CREATE TABLE billing_invoice_lines (
	invoice_number BIGINT NOT NULL REFERENCES billing_invoices (number) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	description TEXT NOT NULL,
	amount BIGINT NOT NULL,
	PRIMARY KEY (invoice_number, position)
);
