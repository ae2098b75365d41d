-- The daily penalty job works through unpaid installments one due day at
-- a time, in batches by id: this index finds them without reading the
-- whole table once per due day.
CREATE INDEX card_installments_unpaid_due ON card_installments (due_on, id) WHERE paid_at IS NULL AND cancelled = 0;
