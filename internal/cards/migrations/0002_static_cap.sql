-- The static second password's daily cap (seed 003, answer 23): per card
-- and Tehran calendar day (Jalali "YYYY/MM/DD"), the total of
-- card-not-present payments authorised with the STATIC second password.
-- It is checked and counted by one conditional upsert
-- (ON CONFLICT (card_id, day) DO UPDATE ... WHERE total + amount <= cap),
-- so concurrent payments cannot pass the cap. Payments authorised with a
-- dynamic password are not counted here.
CREATE TABLE card_static_spend (
	card_id BIGINT NOT NULL REFERENCES cards (id),
	day TEXT NOT NULL,
	total BIGINT NOT NULL,
	CHECK (total >= 0),
	PRIMARY KEY (card_id, day)
);
