-- Cards: the card-holder service of an insurance company's credit card
-- (seed 000). Money is BIGINT rials; Jalali calendar days are TEXT
-- "YYYY/MM/DD" (zero-padded, so they sort and compare as strings).

-- Account types are data, not code: staff may add one without a release.
CREATE TABLE card_account_types (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	position INTEGER NOT NULL,
	-- A credit account is the one purchases draw on; its floor is the
	-- (negative) credit limit of the card.
	credit INTEGER NOT NULL DEFAULT 0
);
INSERT INTO card_account_types (code, name, position, credit) VALUES
	('credit', 'حساب اعتباری', 1, 1),
	('facilities', 'حسابهای تسهیلات', 2, 0),
	('savings', 'قرض الحسنه پس انداز', 3, 0),
	('customs', 'حساب گمرکی', 4, 0);

-- An account as the guide's table shows it: balance («موجودی»),
-- withdrawable («مبلغ قابل برداشت») and floor («کف حساب»). Both balance
-- and withdrawable change only together with a card_ledger row, through
-- a conditional update that keeps balance >= floor and withdrawable >= 0.
CREATE TABLE card_accounts (
	id {{id}},
	customer_id BIGINT NOT NULL REFERENCES customers (id),
	type_code TEXT NOT NULL REFERENCES card_account_types (code),
	number TEXT NOT NULL,
	opened_on TEXT NOT NULL,
	balance BIGINT NOT NULL,
	withdrawable BIGINT NOT NULL,
	floor BIGINT NOT NULL,
	created_at {{timestamp}} NOT NULL,
	CHECK (withdrawable >= 0)
);
CREATE INDEX card_accounts_customer ON card_accounts (customer_id, id);

-- Every change of an account's balance. The opening balance is the first
-- row, so SUM(amount) per account always equals its balance.
CREATE TABLE card_ledger (
	id {{id}},
	account_id BIGINT NOT NULL REFERENCES card_accounts (id),
	amount BIGINT NOT NULL,
	kind TEXT NOT NULL,
	ref_id BIGINT NOT NULL DEFAULT 0,
	created_at {{timestamp}} NOT NULL
);
CREATE INDEX card_ledger_account ON card_ledger (account_id, id);

-- A card. The number is encrypted (AES-GCM) and found by its keyed HMAC;
-- the second identifier, CVV2, PIN and static second password are kept
-- only as keyed HMACs (short numeric secrets: a plain hash would fall to
-- brute force). customer_code (the first 8 digits of the identifier on
-- the back of the card) is a sign-in identifier and kept in clear.
CREATE TABLE cards (
	id {{id}},
	customer_id BIGINT NOT NULL REFERENCES customers (id),
	account_id BIGINT NOT NULL REFERENCES card_accounts (id),
	number_enc {{bytes}} NOT NULL,
	number_mac TEXT NOT NULL UNIQUE,
	masked TEXT NOT NULL,
	serial TEXT NOT NULL UNIQUE,
	customer_code TEXT NOT NULL,
	second_id_mac TEXT NOT NULL,
	cvv2_mac TEXT NOT NULL,
	pin_mac TEXT NOT NULL,
	password_mac TEXT NOT NULL,
	exp_year INTEGER NOT NULL,
	exp_month INTEGER NOT NULL,
	status TEXT NOT NULL,
	failed_pins INTEGER NOT NULL DEFAULT 0,
	opened_on TEXT NOT NULL,
	replaced_by BIGINT,
	created_at {{timestamp}} NOT NULL,
	updated_at {{timestamp}} NOT NULL
);
CREATE INDEX cards_customer ON cards (customer_id, id);

-- Partners (merchants, insurers) that register purchases through the
-- issuer API. Only the SHA-256 of the API key is kept.
CREATE TABLE card_partners (
	id {{id}},
	name TEXT NOT NULL,
	key_hash TEXT NOT NULL UNIQUE,
	active INTEGER NOT NULL DEFAULT 1,
	created_at {{timestamp}} NOT NULL
);

-- Every purchase request answered, approved or declined, so that a
-- repeated idempotency key (per source) gets the first answer again.
CREATE TABLE card_purchases (
	id {{id}},
	source TEXT NOT NULL,
	idempotency_key TEXT NOT NULL,
	customer_id BIGINT,
	card_id BIGINT,
	account_id BIGINT,
	merchant TEXT NOT NULL,
	policy_number TEXT NOT NULL,
	total BIGINT NOT NULL,
	cash_share BIGINT NOT NULL,
	installment_share BIGINT NOT NULL,
	installments INTEGER NOT NULL,
	purchased_on TEXT NOT NULL,
	approved INTEGER NOT NULL,
	code TEXT NOT NULL,
	created_at {{timestamp}} NOT NULL,
	-- Staff reversal: the unpaid installments are cancelled and their
	-- amounts go back to the credit; who and why are kept here.
	reversed_at {{timestamp}},
	reversed_by BIGINT NOT NULL DEFAULT 0,
	reversal_reason TEXT NOT NULL DEFAULT '',
	UNIQUE (source, idempotency_key)
);
CREATE INDEX card_purchases_customer ON card_purchases (customer_id, purchased_on);

CREATE TABLE card_installments (
	id {{id}},
	purchase_id BIGINT NOT NULL REFERENCES card_purchases (id),
	customer_id BIGINT NOT NULL,
	seq INTEGER NOT NULL,
	due_on TEXT NOT NULL,
	amount BIGINT NOT NULL,
	penalty BIGINT NOT NULL DEFAULT 0,
	paid_at {{timestamp}},
	paid_amount BIGINT NOT NULL DEFAULT 0,
	-- Set when the purchase is reversed before this installment was paid.
	cancelled INTEGER NOT NULL DEFAULT 0,
	UNIQUE (purchase_id, seq)
);
CREATE INDEX card_installments_customer ON card_installments (customer_id, due_on, id);

-- A violation («تخلف»): an installment left unpaid past its grace days.
-- One row per installment; the penalty job keeps days up to date.
CREATE TABLE card_violations (
	installment_id BIGINT PRIMARY KEY REFERENCES card_installments (id),
	purchase_id BIGINT NOT NULL,
	first_day TEXT NOT NULL,
	last_day TEXT NOT NULL,
	days INTEGER NOT NULL
);
CREATE INDEX card_violations_purchase ON card_violations (purchase_id);
