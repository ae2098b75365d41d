-- Welfare: the salary-backed credit of the Ministry of Education's
-- employees (seed 001, Tavana card). Money is BIGINT rials; Jalali days
-- are TEXT "YYYY/MM/DD" and Jalali months "YYYY/MM" (zero-padded, so
-- they sort and compare as strings).

-- A region («منطقه») of an organisation: employees, guarantors, finance
-- approval and payroll deductions are all per region.
CREATE TABLE welfare_regions (
	id {{id}},
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	organisation TEXT NOT NULL DEFAULT 'آموزش و پرورش',
	created_at {{timestamp}} NOT NULL
);

-- An employee as the region's administrative and financial staff keep
-- them (by import). customer_id links the person's portal account (found
-- or created by national code). guarantees counts the applications this
-- employee backs that are not rejected: raised and lowered only by
-- conditional updates, so a 4th guarantee cannot slip in concurrently.
CREATE TABLE welfare_employees (
	id {{id}},
	personnel_no TEXT NOT NULL UNIQUE,
	national_code TEXT NOT NULL UNIQUE,
	customer_id BIGINT NOT NULL REFERENCES customers (id),
	region_id BIGINT NOT NULL REFERENCES welfare_regions (id),
	first_name TEXT NOT NULL,
	last_name TEXT NOT NULL,
	net_salary BIGINT NOT NULL,
	service_years INTEGER NOT NULL,
	service_months INTEGER NOT NULL,
	mobile TEXT NOT NULL,
	guarantees INTEGER NOT NULL DEFAULT 0,
	created_at {{timestamp}} NOT NULL,
	updated_at {{timestamp}} NOT NULL,
	CHECK (net_salary >= 0),
	CHECK (guarantees >= 0 AND guarantees <= 3)
);
CREATE INDEX welfare_employees_customer ON welfare_employees (customer_id);
CREATE INDEX welfare_employees_region ON welfare_employees (region_id);

-- Staff members of a region (finance, welfare managers). A staff member
-- with no row here works for the head office and sees every region.
CREATE TABLE welfare_staff_regions (
	staff_id BIGINT NOT NULL,
	region_id BIGINT NOT NULL REFERENCES welfare_regions (id),
	PRIMARY KEY (staff_id, region_id)
);

-- A credit product: the bounds of the installments an applicant may
-- choose, and whether a new purchase waits for the last one's last
-- installment to be settled.
CREATE TABLE welfare_products (
	id {{id}},
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	min_installments INTEGER NOT NULL,
	max_installments INTEGER NOT NULL,
	one_open_purchase INTEGER NOT NULL DEFAULT 0,
	active INTEGER NOT NULL DEFAULT 1
);
INSERT INTO welfare_products (code, name, min_installments, max_installments, one_open_purchase, active)
	VALUES ('tavana', 'توانا کارت', 1, 36, 0, 1);

-- An application. status: guarantor_pending → finance_pending → approved,
-- or guarantor_rejected / finance_rejected. An approved application's
-- credit opens at opens_at (72 hours after the finance approval).
-- Only one application per employee may be open (not rejected).
CREATE TABLE welfare_applications (
	id {{id}},
	employee_id BIGINT NOT NULL REFERENCES welfare_employees (id),
	customer_id BIGINT NOT NULL,
	product_id BIGINT NOT NULL REFERENCES welfare_products (id),
	installments INTEGER NOT NULL,
	guarantor_id BIGINT NOT NULL REFERENCES welfare_employees (id),
	status TEXT NOT NULL,
	is_open INTEGER NOT NULL DEFAULT 1,
	guarantor_decided_at {{timestamp}},
	finance_decided_at {{timestamp}},
	finance_staff_id BIGINT NOT NULL DEFAULT 0,
	reason TEXT NOT NULL DEFAULT '',
	opens_at {{timestamp}},
	created_at {{timestamp}} NOT NULL,
	updated_at {{timestamp}} NOT NULL
);
CREATE UNIQUE INDEX welfare_applications_one_open ON welfare_applications (employee_id) WHERE is_open = 1;
CREATE INDEX welfare_applications_guarantor ON welfare_applications (guarantor_id, status);
CREATE INDEX welfare_applications_status ON welfare_applications (status, id);

-- The credit account, created by the finance approval. monthly_credit is
-- a quarter of the net salary, rounded down to the rial; ceiling is the
-- number of installments the applicant chose; purchase power is their
-- product. month_used is the monthly credit taken by purchases whose
-- month has not yet been given back (the 8th of the next month); used is
-- the purchase power taken by installments not yet settled. Both change
-- only with a welfare_ledger row, by conditional updates.
CREATE TABLE welfare_accounts (
	id {{id}},
	customer_id BIGINT NOT NULL UNIQUE,
	employee_id BIGINT NOT NULL REFERENCES welfare_employees (id),
	application_id BIGINT NOT NULL REFERENCES welfare_applications (id),
	product_id BIGINT NOT NULL REFERENCES welfare_products (id),
	monthly_credit BIGINT NOT NULL,
	ceiling INTEGER NOT NULL,
	month_used BIGINT NOT NULL DEFAULT 0,
	used BIGINT NOT NULL DEFAULT 0,
	-- Confirmed purchases with an unsettled installment (a product may
	-- allow a new purchase only when this is 0).
	open_purchases INTEGER NOT NULL DEFAULT 0,
	opens_at {{timestamp}} NOT NULL,
	activated_at {{timestamp}},
	created_at {{timestamp}} NOT NULL,
	CHECK (month_used >= 0 AND used >= 0 AND open_purchases >= 0)
);

CREATE TABLE welfare_ledger (
	id {{id}},
	account_id BIGINT NOT NULL REFERENCES welfare_accounts (id),
	kind TEXT NOT NULL,
	used_change BIGINT NOT NULL,
	month_change BIGINT NOT NULL,
	ref_id BIGINT NOT NULL DEFAULT 0,
	created_at {{timestamp}} NOT NULL
);
CREATE INDEX welfare_ledger_account ON welfare_ledger (account_id, id);

-- A contracted store («فروشگاه طرف قرارداد»). Regional welfare managers
-- propose; the admin approves the contract, which gives the store an
-- API key (only its SHA-256 is kept).
CREATE TABLE welfare_merchants (
	id {{id}},
	name TEXT NOT NULL,
	kind TEXT NOT NULL,
	city TEXT NOT NULL,
	category TEXT NOT NULL,
	address TEXT NOT NULL DEFAULT '',
	website TEXT NOT NULL DEFAULT '',
	region_id BIGINT NOT NULL DEFAULT 0,
	status TEXT NOT NULL,
	proposed_by BIGINT NOT NULL DEFAULT 0,
	approved_by BIGINT NOT NULL DEFAULT 0,
	key_hash TEXT UNIQUE,
	created_at {{timestamp}} NOT NULL,
	updated_at {{timestamp}} NOT NULL
);
CREATE INDEX welfare_merchants_city ON welfare_merchants (status, city);

-- Staff members (role sales_agent) who sell for a merchant.
CREATE TABLE welfare_merchant_staff (
	staff_id BIGINT PRIMARY KEY,
	merchant_id BIGINT NOT NULL REFERENCES welfare_merchants (id)
);

-- A purchase: pending until the customer's one-time code confirms it,
-- then confirmed (credit taken). The idempotency key is per merchant.
CREATE TABLE welfare_purchases (
	id {{id}},
	merchant_id BIGINT NOT NULL REFERENCES welfare_merchants (id),
	idempotency_key TEXT NOT NULL,
	customer_id BIGINT NOT NULL,
	account_id BIGINT NOT NULL REFERENCES welfare_accounts (id),
	amount BIGINT NOT NULL,
	installments INTEGER NOT NULL,
	monthly BIGINT NOT NULL,
	status TEXT NOT NULL,
	purchased_on TEXT NOT NULL DEFAULT '',
	restore_on TEXT NOT NULL DEFAULT '',
	restored_at {{timestamp}},
	finished_at {{timestamp}},
	created_at {{timestamp}} NOT NULL,
	confirmed_at {{timestamp}},
	UNIQUE (merchant_id, idempotency_key)
);
CREATE INDEX welfare_purchases_customer ON welfare_purchases (customer_id, id);
CREATE INDEX welfare_purchases_restore ON welfare_purchases (status, restore_on);
CREATE INDEX welfare_purchases_account ON welfare_purchases (account_id, finished_at);

-- An installment, deducted from the salary of due_month. settled_at is
-- set only when the employer's remittance is recorded (settlement file).
CREATE TABLE welfare_installments (
	id {{id}},
	purchase_id BIGINT NOT NULL REFERENCES welfare_purchases (id),
	account_id BIGINT NOT NULL,
	employee_id BIGINT NOT NULL,
	seq INTEGER NOT NULL,
	due_month TEXT NOT NULL,
	amount BIGINT NOT NULL,
	settled_at {{timestamp}},
	settlement_id BIGINT NOT NULL DEFAULT 0,
	UNIQUE (purchase_id, seq)
);
CREATE INDEX welfare_installments_due ON welfare_installments (due_month, employee_id);
CREATE INDEX welfare_installments_account ON welfare_installments (account_id, id);
CREATE INDEX welfare_installments_settlement ON welfare_installments (settlement_id);

-- Each settlement file recorded once: the SHA-256 of its bytes is unique,
-- so importing the same file again changes nothing.
CREATE TABLE welfare_settlements (
	id {{id}},
	file_hash TEXT NOT NULL UNIQUE,
	file_name TEXT NOT NULL,
	rows_read INTEGER NOT NULL DEFAULT 0,
	rows_settled INTEGER NOT NULL DEFAULT 0,
	amount BIGINT NOT NULL DEFAULT 0,
	staff_id BIGINT NOT NULL DEFAULT 0,
	created_at {{timestamp}} NOT NULL
);
