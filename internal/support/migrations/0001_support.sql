-- Support: departments and the staff who work in them, tickets with their
-- threads and attachments, service targets per priority, announcements
-- and surveys.

CREATE TABLE support_departments (
	id {{id}},
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	position INTEGER NOT NULL DEFAULT 0
);
INSERT INTO support_departments (code, name, position) VALUES ('technical', 'پشتیبانی فنی', 1);
INSERT INTO support_departments (code, name, position) VALUES ('finance', 'امور مالی', 2);
INSERT INTO support_departments (code, name, position) VALUES ('sales', 'فروش', 3);
INSERT INTO support_departments (code, name, position) VALUES ('welfare', 'رفاهی', 4);

-- Which staff work in which department. A staff member sees the queues of
-- their departments only; admins see every queue.
CREATE TABLE support_department_staff (
	department_id BIGINT NOT NULL REFERENCES support_departments (id) ON DELETE CASCADE,
	staff_id BIGINT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
	PRIMARY KEY (department_id, staff_id)
);
CREATE INDEX support_department_staff_staff ON support_department_staff (staff_id);

-- Service targets: minutes to the first answer and to resolution, per
-- priority. A ticket copies its due times when it is opened (and a reopen
-- renews the resolution time), so changing a target affects new tickets.
CREATE TABLE support_targets (
	priority TEXT PRIMARY KEY,
	first_answer_minutes INTEGER NOT NULL,
	resolution_minutes INTEGER NOT NULL
);
INSERT INTO support_targets (priority, first_answer_minutes, resolution_minutes) VALUES ('very_high', 120, 480);
INSERT INTO support_targets (priority, first_answer_minutes, resolution_minutes) VALUES ('high', 240, 1440);
INSERT INTO support_targets (priority, first_answer_minutes, resolution_minutes) VALUES ('medium', 480, 4320);
INSERT INTO support_targets (priority, first_answer_minutes, resolution_minutes) VALUES ('low', 2880, 10080);

CREATE TABLE support_tickets (
	id {{id}},
	customer_id BIGINT NOT NULL REFERENCES customers (id),
	department_id BIGINT NOT NULL REFERENCES support_departments (id),
	service TEXT NOT NULL,
	priority TEXT NOT NULL,
	title TEXT NOT NULL,
	-- open (waiting for staff), answered (waiting for the customer), closed.
	status TEXT NOT NULL,
	assigned_to BIGINT REFERENCES staff (id),
	created_at {{timestamp}} NOT NULL,
	updated_at {{timestamp}} NOT NULL,
	first_answer_due {{timestamp}} NOT NULL,
	resolution_due {{timestamp}} NOT NULL,
	first_answered_at {{timestamp}},
	closed_at {{timestamp}}
);
CREATE INDEX support_tickets_customer ON support_tickets (customer_id, id);
CREATE INDEX support_tickets_queue ON support_tickets (department_id, status, created_at);

-- A ticket's thread. kind: message (seen by the customer), note (staff
-- only) or event (staff only: assignment, department change, close …).
CREATE TABLE support_messages (
	id {{id}},
	ticket_id BIGINT NOT NULL REFERENCES support_tickets (id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	author_kind TEXT NOT NULL,
	author_id BIGINT NOT NULL,
	body TEXT NOT NULL,
	created_at {{timestamp}} NOT NULL
);
CREATE INDEX support_messages_ticket ON support_messages (ticket_id, id);

-- Files sent with a message, checked by content (PNG, JPEG, PDF). Kept in
-- the database for now.
CREATE TABLE support_attachments (
	id {{id}},
	message_id BIGINT NOT NULL REFERENCES support_messages (id) ON DELETE CASCADE,
	ticket_id BIGINT NOT NULL REFERENCES support_tickets (id) ON DELETE CASCADE,
	file_name TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size INTEGER NOT NULL,
	content {{bytes}} NOT NULL,
	created_at {{timestamp}} NOT NULL
);
CREATE INDEX support_attachments_message ON support_attachments (message_id);

-- Announcements shown in the green box of the customer home page. audience
-- is 'all' or the key of an area whose customers should see it.
CREATE TABLE support_announcements (
	id {{id}},
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	audience TEXT NOT NULL,
	starts_at {{timestamp}} NOT NULL,
	ends_at {{timestamp}} NOT NULL,
	created_by BIGINT NOT NULL REFERENCES staff (id),
	created_at {{timestamp}} NOT NULL
);
CREATE INDEX support_announcements_window ON support_announcements (ends_at, starts_at);

-- Surveys («نظرسنجی»): draft (questions may be added), open, closed.
CREATE TABLE support_surveys (
	id {{id}},
	title TEXT NOT NULL,
	status TEXT NOT NULL,
	created_by BIGINT NOT NULL REFERENCES staff (id),
	created_at {{timestamp}} NOT NULL
);

-- kind: choice (options, one per line) or text.
CREATE TABLE support_survey_questions (
	id {{id}},
	survey_id BIGINT NOT NULL REFERENCES support_surveys (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	kind TEXT NOT NULL,
	text TEXT NOT NULL,
	options TEXT NOT NULL DEFAULT ''
);
CREATE INDEX support_survey_questions_survey ON support_survey_questions (survey_id, position);

-- One response per customer and survey: the unique index is the rule.
CREATE TABLE support_survey_responses (
	id {{id}},
	survey_id BIGINT NOT NULL REFERENCES support_surveys (id) ON DELETE CASCADE,
	customer_id BIGINT NOT NULL REFERENCES customers (id),
	created_at {{timestamp}} NOT NULL
);
CREATE UNIQUE INDEX support_survey_responses_once ON support_survey_responses (survey_id, customer_id);

-- choice is the option's index for choice questions (-1 for text ones).
CREATE TABLE support_survey_answers (
	response_id BIGINT NOT NULL REFERENCES support_survey_responses (id) ON DELETE CASCADE,
	question_id BIGINT NOT NULL REFERENCES support_survey_questions (id) ON DELETE CASCADE,
	choice INTEGER NOT NULL,
	text TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (response_id, question_id)
);
CREATE INDEX support_survey_answers_question ON support_survey_answers (question_id, choice);
