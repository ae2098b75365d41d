package cards

import (
	"context"
	"errors"
	"fmt"

	"pishkhan/internal/db"
)

// DefaultStaticDailyCap is the most a card may pay in a Tehran calendar
// day with its static second password (seed 003, answer 23): 1,000,000
// rials. Above it a dynamic password is required.
const DefaultStaticDailyCap int64 = 1_000_000

// CodeDynamicRequired declines a payment with the static second password
// that would take the card's static total for the day above the cap.
// "65" is the response code card schemes use for a soft decline that asks
// for stronger authentication; the bank page offers a dynamic password.
const CodeDynamicRequired = "65"

// errStaticCap rolls back an authorization whose static payment would
// exceed the day's cap.
var errStaticCap = errors.New("cards: static second password daily cap reached")

// reserveStatic counts amount against the card's static-password total for
// the Tehran day, only if the total stays within the cap: one conditional
// upsert, so concurrent payments serialise on the (card, day) row and
// never pass the cap together. It returns errStaticCap when refused.
func (s *Service) reserveStatic(ctx context.Context, tx *db.Tx, cardID, amount int64) (int64, error) {
	limit := s.opts.StaticDailyCap
	if amount <= 0 || amount > limit {
		return 0, errStaticCap
	}
	day := s.today().String()
	var total int64
	err := tx.QueryRow(ctx, `INSERT INTO card_static_spend (card_id, day, total) VALUES ($1, $2, $3)
		ON CONFLICT (card_id, day) DO UPDATE SET total = card_static_spend.total + excluded.total
		WHERE card_static_spend.total + excluded.total <= $4
		RETURNING total`, cardID, day, amount, limit).Scan(&total)
	if errors.Is(err, db.ErrNoRows) {
		return 0, errStaticCap
	}
	if err != nil {
		return 0, fmt.Errorf("cards: count static payment of card %d: %w", cardID, err)
	}
	return total, nil
}

// releaseStatic gives back a reservation whose credit draw then declined
// (same transaction, so the row is still locked by it).
func (s *Service) releaseStatic(ctx context.Context, tx *db.Tx, cardID, amount int64) error {
	if _, err := tx.Exec(ctx, "UPDATE card_static_spend SET total = total - $1 WHERE card_id = $2 AND day = $3",
		amount, cardID, s.today().String()); err != nil {
		return fmt.Errorf("cards: release static payment of card %d: %w", cardID, err)
	}
	return nil
}

// StaticSpent is the card's total paid with the static second password on
// the current Tehran day.
func (s *Service) StaticSpent(ctx context.Context, cardID int64) (int64, error) {
	var total int64
	err := s.db.QueryRow(ctx, "SELECT total FROM card_static_spend WHERE card_id = $1 AND day = $2",
		cardID, s.today().String()).Scan(&total)
	if errors.Is(err, db.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("cards: static total of card %d: %w", cardID, err)
	}
	return total, nil
}
