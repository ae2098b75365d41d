package cards

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"pishkhan/internal/billing"
)

// The card service is the issuer of Pishkhan cards for the sandbox bank.
var _ billing.Issuer = (*Service)(nil)

// Owns reports whether card is one of ours: our BIN and a card row with
// the number's HMAC. Owns has no context in the interface; the lookup is
// one indexed read, bounded here.
func (s *Service) Owns(card string) bool {
	if !strings.HasPrefix(clean(card), s.opts.BIN) {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := s.cardByNumber(ctx, s.db, card)
	return err == nil
}

// Authorize approves or declines a card-not-present payment, checking in
// this order (the first failure is the answer): the card is ours (14),
// usable (lost 57, blocked 62, expired 54), the expiry given matches the
// card (54), CVV2 (55), the static second password (55; dynamic passwords
// arrive with the second-password issue), and the amount fits the
// available credit (51). An approval draws the amount from the credit as
// a one-installment purchase (merchant = a.Merchant), with the same
// conditional update as every purchase.
func (s *Service) Authorize(ctx context.Context, a billing.Authorization) (billing.Decision, error) {
	c, err := s.cardByNumber(ctx, s.db, a.Card)
	if errors.Is(err, ErrNotFound) {
		return decision(CodeNoSuchCard), nil
	}
	if err != nil {
		return billing.Decision{}, err
	}
	if sc := statusCode(c); sc != "" {
		return decision(sc), nil
	}
	if a.ExpYear%100 != c.ExpYear || a.ExpMonth != c.ExpMonth {
		return decision(CodeExpired), nil
	}
	var cvvMAC, pwMAC string
	if err := s.db.QueryRow(ctx, "SELECT cvv2_mac, password_mac FROM cards WHERE id = $1", c.ID).Scan(&cvvMAC, &pwMAC); err != nil {
		return billing.Decision{}, fmt.Errorf("cards: read card secrets: %w", err)
	}
	if !s.keys.check(macCVV2, c.ID, clean(a.CVV2), cvvMAC) || !s.keys.check(macPassword, c.ID, clean(a.Password), pwMAC) {
		return decision(CodeWrongPassword), nil
	}
	if a.Amount <= 0 {
		return decision(CodeInvalidAmount), nil
	}
	// The bank's reference for the payment is the idempotency key: a
	// double submit of the bank page (or a bank's retry) draws once. A
	// caller without one gets a fresh key per call.
	key := a.Reference
	if key == "" {
		k := make([]byte, 16)
		_, _ = rand.Read(k)
		key = hex.EncodeToString(k)
	}
	res, err := s.Purchase(ctx, "bank", PurchaseRequest{CardNumber: a.Card, Total: a.Amount, Installments: 1,
		Merchant: a.Merchant, IdempotencyKey: key})
	if err != nil {
		return billing.Decision{}, err
	}
	return decision(res.Code), nil
}

func decision(code string) billing.Decision {
	return billing.Decision{Approved: code == CodeApproved, Code: code, Message: CodeMessages[code]}
}

// RequestDynamicPassword: dynamic second passwords for Pishkhan cards
// arrive with the second-password issue; until then the bank page says so.
func (s *Service) RequestDynamicPassword(context.Context, billing.Authorization) (string, error) {
	return "رمز پویا برای کارت‌های پیشخوان در نسخه بعدی فعال می‌شود؛ فعلاً از رمز دوم ثابت کارت استفاده کنید.", nil
}
