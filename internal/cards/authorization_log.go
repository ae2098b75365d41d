package cards

import (
	"context"
	"fmt"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// AuthorizationAttempt is one row of the authorization log.
type AuthorizationAttempt struct {
	ID        int64
	CardID    int64
	Masked    string
	At        time.Time
	Amount    int64
	Merchant  string
	Method    string // static, dynamic, none
	Code      string
	Reference string
}

// CodeMessage is the attempt's answer in Persian.
func (a AuthorizationAttempt) CodeMessage() string { return CodeMessages[a.Code] }

// MethodName is the password kind in Persian.
func (a AuthorizationAttempt) MethodName() string {
	switch a.Method {
	case "static":
		return labelStaticPassword
	case "dynamic":
		return labelDynamicPassword
	}
	return "—"
}

// logAttempt records an authorization attempt. It is written after the
// answer, on its own: a failure to log is logged and does not change the
// answer the bank already has.
func (s *Service) logAttempt(ctx context.Context, c *Card, amount int64, merchant, method, code, reference string) {
	_, err := s.db.Exec(ctx, `INSERT INTO card_authorizations (card_id, at, amount, merchant, method, code, reference)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, c.ID, s.now(), amount, fa.Clip(merchant, 200), method, code, fa.Clip(reference, 100))
	if err != nil {
		s.log.Error("card authorization log", "card", c.ID, "err", err)
	}
}

// AuthorizationAttempts lists a customer's latest authorization attempts,
// newest first, for the staff card desk.
func (s *Service) AuthorizationAttempts(ctx context.Context, customerID int64, limit int) ([]AuthorizationAttempt, error) {
	list, err := db.All(ctx, s.db, func(r db.Scanner) (AuthorizationAttempt, error) {
		var a AuthorizationAttempt
		err := r.Scan(&a.ID, &a.CardID, &a.Masked, &a.At, &a.Amount, &a.Merchant, &a.Method, &a.Code, &a.Reference)
		return a, err
	}, `SELECT x.id, x.card_id, c.masked, x.at, x.amount, x.merchant, x.method, x.code, x.reference
		FROM card_authorizations x JOIN cards c ON c.id = x.card_id
		WHERE c.customer_id = $1 ORDER BY x.id DESC LIMIT $2`, customerID, int64(limit))
	if err != nil {
		return nil, fmt.Errorf("cards: authorization log of customer %d: %w", customerID, err)
	}
	return list, nil
}
