-- ISP subscriber panel (seed 004, Partak CRM). Money is BIGINT rials;
-- traffic is BIGINT bytes (1 MB = 1,048,576 bytes, 1 GB = 1024 MB, as
-- the guide says); times are UTC timestamps; Jalali days of bills are
-- TEXT "YYYY/MM/DD".

-- Everything sold: services («سرویس»), traffic packages («ترافیک») and
-- timed traffic («ترافیک زماندار»). Plans are data: staff add them.
CREATE TABLE isp_plans (
	id {{id}},
	kind TEXT NOT NULL,
	name TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	price BIGINT NOT NULL,
	-- service: its length in days (30 monthly, 365 yearly); timed
	-- traffic: how many days it may be used; traffic: 0.
	days INTEGER NOT NULL,
	-- traffic the plan gives, in MB; 0 on a service means unlimited.
	traffic_mb BIGINT NOT NULL,
	speed_kbps INTEGER NOT NULL DEFAULT 0,
	postpaid INTEGER NOT NULL DEFAULT 0,
	active INTEGER NOT NULL DEFAULT 1,
	position INTEGER NOT NULL DEFAULT 0,
	CHECK (price >= 0 AND days >= 0 AND traffic_mb >= 0)
);

-- The free-charge setting («شارژ رایگان»): one row, set by the admin.
CREATE TABLE isp_settings (
	id INTEGER PRIMARY KEY,
	free_days INTEGER NOT NULL,
	free_mb BIGINT NOT NULL
);
INSERT INTO isp_settings (id, free_days, free_mb) VALUES (1, 2, 100);

-- A subscriber's line and its service state: one per customer.
CREATE TABLE isp_subscribers (
	id {{id}},
	customer_id BIGINT NOT NULL UNIQUE REFERENCES customers (id),
	phone TEXT NOT NULL,
	city TEXT NOT NULL DEFAULT '',
	centre TEXT NOT NULL DEFAULT '',
	-- the internet (PPPoE) username and password. The password is
	-- encrypted, not hashed: RADIUS CHAP and «نمایش کلمه عبور» need it.
	username TEXT NOT NULL UNIQUE,
	password_enc {{bytes}} NOT NULL,
	line_status TEXT NOT NULL,
	-- the active service
	plan_id BIGINT REFERENCES isp_plans (id),
	paid BIGINT NOT NULL DEFAULT 0,
	starts_at {{timestamp}},
	ends_at {{timestamp}},
	traffic_left BIGINT NOT NULL DEFAULT 0,
	-- the reserved service, started when the active one ends
	reserved_plan_id BIGINT REFERENCES isp_plans (id),
	reserved_paid BIGINT NOT NULL DEFAULT 0,
	reserved_traffic BIGINT NOT NULL DEFAULT 0,
	-- timed traffic, used before ordinary traffic while it lasts
	timed_left BIGINT NOT NULL DEFAULT 0,
	timed_until {{timestamp}},
	-- the free charge: when it was taken (once per service) and until
	-- when it carries the line
	free_at {{timestamp}},
	free_until {{timestamp}},
	-- static and route IP
	static_ip TEXT NOT NULL DEFAULT '',
	ip_starts_at {{timestamp}},
	ip_ends_at {{timestamp}},
	ip_monthly BIGINT NOT NULL DEFAULT 0,
	route_ip TEXT NOT NULL DEFAULT '',
	-- documents: a rejected document sets the deadline of the grace
	-- week; an approved one clears it. Past it the line is suspended.
	docs_deadline {{timestamp}},
	created_at {{timestamp}} NOT NULL,
	CHECK (traffic_left >= 0 AND timed_left >= 0)
);

-- «سابقه وضعیت خط تلفن»: every change of the line's status.
CREATE TABLE isp_line_statuses (
	id {{id}},
	subscriber_id BIGINT NOT NULL REFERENCES isp_subscribers (id),
	status TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	at {{timestamp}} NOT NULL
);
CREATE INDEX isp_line_statuses_subscriber ON isp_line_statuses (subscriber_id, id);

-- «سابقه سرویس های خریداری شده». order_id is unique: a paid order is
-- applied once.
CREATE TABLE isp_purchases (
	id {{id}},
	subscriber_id BIGINT NOT NULL REFERENCES isp_subscribers (id),
	plan_id BIGINT REFERENCES isp_plans (id),
	name TEXT NOT NULL,
	kind TEXT NOT NULL,
	purchase_type TEXT NOT NULL,
	amount BIGINT NOT NULL DEFAULT 0,
	note TEXT NOT NULL DEFAULT '',
	order_id BIGINT UNIQUE,
	staff_id BIGINT,
	at {{timestamp}} NOT NULL
);
CREATE INDEX isp_purchases_subscriber ON isp_purchases (subscriber_id, at);

-- «سابقه قبوض»: the bills of post-paid months, one per subscriber and
-- Jalali month.
CREATE TABLE isp_bills (
	id {{id}},
	subscriber_id BIGINT NOT NULL REFERENCES isp_subscribers (id),
	starts_on TEXT NOT NULL,
	ends_on TEXT NOT NULL,
	service TEXT NOT NULL,
	days INTEGER NOT NULL,
	amount BIGINT NOT NULL,
	note TEXT NOT NULL,
	UNIQUE (subscriber_id, starts_on)
);

-- «شارژ کمپین ها»: monthly campaign traffic.
CREATE TABLE isp_campaign_charges (
	id {{id}},
	subscriber_id BIGINT NOT NULL REFERENCES isp_subscribers (id),
	at {{timestamp}} NOT NULL,
	service TEXT NOT NULL,
	traffic_mb BIGINT NOT NULL,
	result TEXT NOT NULL,
	-- the Jalali month charged ("1394/01"), so a month is charged once;
	-- '' for rows imported from the old system.
	period TEXT NOT NULL DEFAULT ''
);
CREATE INDEX isp_campaign_charges_subscriber ON isp_campaign_charges (subscriber_id, at);
CREATE UNIQUE INDEX isp_campaign_charges_period ON isp_campaign_charges (subscriber_id, period) WHERE period <> '';

-- Usage sessions («ریز مصرف»), one per RADIUS accounting session. The
-- octet counters are the NAS's cumulative totals; each packet adds only
-- what exceeds what is already recorded, so a repeated Interim or Stop
-- is counted once. Download is what the subscriber received
-- (Acct-Output-Octets), upload what they sent (Acct-Input-Octets);
-- credit is deducted for download, as the guide's table shows.
CREATE TABLE isp_usage (
	id {{id}},
	subscriber_id BIGINT NOT NULL REFERENCES isp_subscribers (id),
	nas TEXT NOT NULL,
	session_id TEXT NOT NULL,
	started_at {{timestamp}} NOT NULL,
	ended_at {{timestamp}},
	updated_at {{timestamp}} NOT NULL,
	download BIGINT NOT NULL DEFAULT 0,
	upload BIGINT NOT NULL DEFAULT 0,
	deducted BIGINT NOT NULL DEFAULT 0,
	ip TEXT NOT NULL DEFAULT '',
	UNIQUE (nas, session_id)
);
-- The usage page reads one subscriber's sessions over a range.
CREATE INDEX isp_usage_subscriber_started ON isp_usage (subscriber_id, started_at);

-- Documents uploaded with the profile («بارگزاری مدارک»). The stored
-- image is our own re-encoding of what was sent.
CREATE TABLE isp_documents (
	id {{id}},
	subscriber_id BIGINT NOT NULL REFERENCES isp_subscribers (id),
	filename TEXT NOT NULL,
	content_type TEXT NOT NULL,
	data {{bytes}} NOT NULL,
	size BIGINT NOT NULL,
	status TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	uploaded_at {{timestamp}} NOT NULL,
	reviewed_at {{timestamp}},
	reviewer_id BIGINT
);
CREATE INDEX isp_documents_subscriber ON isp_documents (subscriber_id, id);
CREATE INDEX isp_documents_status ON isp_documents (status, id);

-- SMS notices sent for one service term (2 days before it ends, on the
-- day it ends), so each is sent once.
CREATE TABLE isp_notices (
	subscriber_id BIGINT NOT NULL REFERENCES isp_subscribers (id),
	kind TEXT NOT NULL,
	ends_at {{timestamp}} NOT NULL,
	sent_at {{timestamp}} NOT NULL,
	PRIMARY KEY (subscriber_id, kind, ends_at)
);
