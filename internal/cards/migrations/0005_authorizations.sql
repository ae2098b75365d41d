-- Every card-not-present authorization attempt (seed 003, issue 7): the
-- card, amount, merchant, which password was given (static, dynamic or
-- none before the password was reached), the answer code and the bank's
-- reference. Disputes and fraud reviews start here; staff see a card
-- holder's latest attempts on the card desk.
CREATE TABLE card_authorizations (
	id {{id}},
	card_id BIGINT NOT NULL REFERENCES cards (id),
	at {{timestamp}} NOT NULL,
	amount BIGINT NOT NULL,
	merchant TEXT NOT NULL,
	method TEXT NOT NULL,
	code TEXT NOT NULL,
	reference TEXT NOT NULL DEFAULT ''
);
CREATE INDEX card_authorizations_card ON card_authorizations (card_id, at);
