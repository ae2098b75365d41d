-- The length of a card's static second password is a rule of the card
-- product, which is the type of the credit account the card draws on.
-- The insurance card takes 5 to 10 digits; the welfare guide's Tavana
-- card («تغییر رمز دوم», seed 001) takes exactly 10.
ALTER TABLE card_account_types ADD COLUMN second_password_min INTEGER NOT NULL DEFAULT 5;
ALTER TABLE card_account_types ADD COLUMN second_password_max INTEGER NOT NULL DEFAULT 10;
INSERT INTO card_account_types (code, name, position, credit, second_password_min, second_password_max) VALUES
	('tavana', 'اعتبار رفاهی توانا', 5, 1, 10, 10);
