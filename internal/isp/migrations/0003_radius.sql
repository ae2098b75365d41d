-- RADIUS as a production AAA server (issue 23). Numbered after the
-- issue so that other ISP migrations written at the same time keep
-- their own numbers.

-- How many sessions of one line may be open at once («تعداد اتصال
-- همزمان»); a further Access-Request is rejected.
ALTER TABLE isp_plans ADD COLUMN sessions INTEGER NOT NULL DEFAULT 1;

-- What Pishkhan must know to tell the NAS about a session: the address
-- the NAS's accounting came from (its Disconnect/CoA port is there), the
-- rate limit it was last told, when a Disconnect-Request was ACKed (the
-- line is offline from then, but the session stays open for the Stop
-- with the final counters), why it was closed ('' by the Stop, 'stale'
-- when the NAS fell silent for three interim intervals), and the
-- overage: download that went past the line's traffic before the
-- disconnect landed, recorded rather than silently forgiven.
ALTER TABLE isp_usage ADD COLUMN nas_ip TEXT NOT NULL DEFAULT '';
ALTER TABLE isp_usage ADD COLUMN username TEXT NOT NULL DEFAULT '';
ALTER TABLE isp_usage ADD COLUMN rate_limit TEXT NOT NULL DEFAULT '';
ALTER TABLE isp_usage ADD COLUMN disconnected_at {{timestamp}};
ALTER TABLE isp_usage ADD COLUMN close_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE isp_usage ADD COLUMN overage BIGINT NOT NULL DEFAULT 0;
-- Open sessions: simultaneous use, the stale sweep and enforcement read
-- only these.
CREATE INDEX isp_usage_open ON isp_usage (subscriber_id) WHERE ended_at IS NULL;
CREATE INDEX isp_usage_open_updated ON isp_usage (updated_at) WHERE ended_at IS NULL;

-- Every Disconnect-Request and CoA-Request (RFC 5176) sent to a NAS and
-- how it was answered: 'ack', 'nak' (with the Error-Cause) or 'timeout'
-- after the retries.
CREATE TABLE isp_nas_requests (
	id {{id}},
	subscriber_id BIGINT NOT NULL REFERENCES isp_subscribers (id),
	usage_id BIGINT NOT NULL REFERENCES isp_usage (id),
	nas TEXT NOT NULL,
	kind TEXT NOT NULL,
	reason TEXT NOT NULL,
	rate_limit TEXT NOT NULL DEFAULT '',
	attempts INTEGER NOT NULL,
	result TEXT NOT NULL,
	error_cause INTEGER NOT NULL DEFAULT 0,
	sent_at {{timestamp}} NOT NULL,
	answered_at {{timestamp}}
);
CREATE INDEX isp_nas_requests_subscriber ON isp_nas_requests (subscriber_id, id);
