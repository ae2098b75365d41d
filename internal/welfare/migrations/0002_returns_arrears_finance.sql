-- Returns, partial deductions and finance's records (issue 16).
--
-- An installment's due is amount - paid - returned: paid is what
-- settlement files deducted so far (less than the amount: a partial
-- deduction, its remainder carried as arrears into later deduction
-- lists); returned is what a store's cancellation or return took off it.
-- settled_at is set once nothing is due.
ALTER TABLE welfare_installments ADD COLUMN paid BIGINT NOT NULL DEFAULT 0;
ALTER TABLE welfare_installments ADD COLUMN returned BIGINT NOT NULL DEFAULT 0;

-- What stores took back of a purchase (cancellation or return).
ALTER TABLE welfare_purchases ADD COLUMN returned BIGINT NOT NULL DEFAULT 0;

-- A store's cancellation or return: one row per request, the idempotency
-- key unique per store, so a repeated request does nothing twice.
CREATE TABLE welfare_returns (
	id {{id}},
	purchase_id BIGINT NOT NULL REFERENCES welfare_purchases (id),
	merchant_id BIGINT NOT NULL REFERENCES welfare_merchants (id),
	idempotency_key TEXT NOT NULL,
	kind TEXT NOT NULL,
	amount BIGINT NOT NULL,
	staff_id BIGINT NOT NULL DEFAULT 0,
	created_at {{timestamp}} NOT NULL,
	UNIQUE (merchant_id, idempotency_key)
);
CREATE INDEX welfare_returns_purchase ON welfare_returns (purchase_id);

-- Each deduction list handed out: who, when, which region and month,
-- how many rows and how much.
CREATE TABLE welfare_deduction_lists (
	id {{id}},
	staff_id BIGINT NOT NULL,
	region_id BIGINT NOT NULL DEFAULT 0,
	month TEXT NOT NULL,
	format TEXT NOT NULL,
	rows_listed INTEGER NOT NULL DEFAULT 0,
	amount BIGINT NOT NULL DEFAULT 0,
	created_at {{timestamp}} NOT NULL
);
CREATE INDEX welfare_deduction_lists_month ON welfare_deduction_lists (month, region_id);

ALTER TABLE welfare_settlements ADD COLUMN rows_unmatched INTEGER NOT NULL DEFAULT 0;

-- A settlement row that matched no installment, kept for finance to
-- resolve by hand: matched to an installment or dismissed, with a note.
-- region_id is the region of the employee of the row's personnel number
-- (0: unknown, the head office's).
CREATE TABLE welfare_unmatched_rows (
	id {{id}},
	settlement_id BIGINT NOT NULL REFERENCES welfare_settlements (id),
	line INTEGER NOT NULL,
	installment_id BIGINT NOT NULL,
	personnel_no TEXT NOT NULL,
	amount BIGINT NOT NULL,
	reason TEXT NOT NULL,
	region_id BIGINT NOT NULL DEFAULT 0,
	status TEXT NOT NULL DEFAULT 'open',
	resolved_installment_id BIGINT NOT NULL DEFAULT 0,
	resolved_by BIGINT NOT NULL DEFAULT 0,
	resolved_at {{timestamp}},
	note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX welfare_unmatched_rows_status ON welfare_unmatched_rows (status, region_id);
CREATE INDEX welfare_unmatched_rows_settlement ON welfare_unmatched_rows (settlement_id);

-- The arrears of a deduction list: installments deducted in part and not
-- yet settled, found without scanning every earlier month.
CREATE INDEX welfare_installments_arrears ON welfare_installments (due_month) WHERE paid > 0 AND settled_at IS NULL;
