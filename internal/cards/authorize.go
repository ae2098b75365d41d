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
	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/otp"
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
// card (54), CVV2 (55), the holder has not turned the internet password
// off on «رمز دوم» (57, with its own message), the second password (55),
// the amount (13), and:
//
//   - with the card's static second password: refused (65) when the holder
//     chose a dynamic password for every amount; else the card's static total for
//     the Tehran day plus the amount stays within Options.StaticDailyCap
//     (else CodeDynamicRequired, "65": a dynamic password is required);
//   - otherwise the password, 6 or more digits, is a dynamic one: an SMS
//     code bound to this card, amount and merchant (PaymentBinding), or
//     the customer's authenticator (TOTP) code, verified by
//     Options.Dynamic, each only if that method is activated for the card,
//     the authenticator whatever the SMS answer (none set, not activated,
//     or not valid: 55; an SMS code expired, used or burned: 55 with
//     msgDynamicStale, never an error). A dynamic password has no daily
//     cap;
//
// and the payment does not settle installments of the card's own credit
// account (57 with msgOwnCredit), and the amount fits the available
// credit (51). An approval draws the
// amount from the credit as a one-installment purchase (merchant =
// a.Merchant), with the same conditional update as every purchase, in the
// same transaction as the static cap's conditional upsert: both count, or
// neither (a credit decline gives the cap reservation back).
func (s *Service) Authorize(ctx context.Context, a billing.Authorization) (billing.Decision, error) {
	c, err := s.cardByNumber(ctx, s.db, a.Card)
	if errors.Is(err, ErrNotFound) {
		return decision(CodeNoSuchCard), nil
	}
	if err != nil {
		return billing.Decision{}, err
	}
	d, method, err := s.authorize(ctx, c, a)
	if err == nil {
		s.log.Info("card authorization", "card", c.ID, "amount", a.Amount, "merchant", a.Merchant,
			"password", method, "code", d.Code)
		s.logAttempt(ctx, c, a.Amount, a.Merchant, method, d.Code, a.Reference)
	}
	return d, err
}

func (s *Service) authorize(ctx context.Context, c *Card, a billing.Authorization) (billing.Decision, string, error) {
	method := "none"
	if sc := statusCode(c); sc != "" {
		return decision(sc), method, nil
	}
	if a.ExpYear%100 != c.ExpYear || a.ExpMonth != c.ExpMonth {
		return decision(CodeExpired), method, nil
	}
	var cvvMAC, pwMAC string
	if err := s.db.QueryRow(ctx, "SELECT cvv2_mac, password_mac FROM cards WHERE id = $1", c.ID).Scan(&cvvMAC, &pwMAC); err != nil {
		return billing.Decision{}, method, fmt.Errorf("cards: read card secrets: %w", err)
	}
	if !s.keys.check(macCVV2, c.ID, clean(a.CVV2), cvvMAC) {
		return decision(CodeWrongPassword), method, nil
	}
	st, err := s.settings(ctx, s.db, c.ID)
	if err != nil {
		return billing.Decision{}, method, err
	}
	if !st.InternetPassword {
		// The holder turned card-not-present payments off.
		return billing.Decision{Code: CodeNotAllowed, Message: msgInternetOff}, method, nil
	}
	password := clean(a.Password)
	static := s.keys.check(macPassword, c.ID, password, pwMAC)
	if static {
		method = "static"
		if st.AlwaysDynamic {
			return decision(CodeDynamicRequired), method, nil
		}
	} else {
		method = "dynamic"
		if s.opts.Dynamic == nil || (!st.SMS && !st.App) || len(password) < minDynamicDigits || !fa.AllDigits(password) {
			return decision(CodeWrongPassword), method, nil
		}
	}
	if a.Amount <= 0 {
		return decision(CodeInvalidAmount), method, nil
	}
	// Installments are not paid with the credit they are owed to.
	if own, err := s.paysOwnCredit(ctx, c.AccountID, a.Reference); err != nil {
		return billing.Decision{}, method, err
	} else if own {
		return billing.Decision{Code: CodeNotAllowed, Message: msgOwnCredit}, method, nil
	}
	// The bank's reference for the payment is the idempotency key: a
	// double submit of the bank page (or a bank's retry) draws once. A
	// caller without one gets a fresh key per call.
	key := a.Reference
	if key == "" {
		k := make([]byte, 16)
		_, _ = rand.Read(k)
		key = hex.EncodeToString(k)
	} else if !static {
		// A dynamic code is valid once: a repeat of an answered payment
		// gets its first answer without spending (and failing) the code.
		if prior, err := s.priorCardPurchase(ctx, c.ID, key); err != nil || prior != nil {
			if err != nil {
				return billing.Decision{}, method, err
			}
			return decision(prior.Code), method, nil
		}
	}
	if !static {
		ok, refusal, err := s.verifyDynamic(ctx, c, st, a.Amount, a.Merchant, password)
		if err != nil {
			return billing.Decision{}, method, fmt.Errorf("cards: verify dynamic password: %w", err)
		}
		if !ok && refusal != "" {
			return billing.Decision{Code: CodeWrongPassword, Message: refusal}, method, nil
		}
		if !ok {
			return decision(CodeWrongPassword), method, nil
		}
	}
	req := PurchaseRequest{CardNumber: a.Card, Total: a.Amount, Installments: 1, Merchant: a.Merchant, IdempotencyKey: key}
	var res *PurchaseResult
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if static {
			// A repeat is answered as first, without counting again.
			prior, err := s.priorPurchase(ctx, tx, "bank", key)
			if err == nil {
				res = prior
				return nil
			}
			if !errors.Is(err, db.ErrNoRows) {
				return fmt.Errorf("cards: look up purchase key: %w", err)
			}
			if _, err := s.reserveStatic(ctx, tx, c.ID, a.Amount); err != nil {
				return err
			}
		}
		r, err := s.purchase(ctx, tx, "bank", req)
		if err != nil {
			return err
		}
		if static && !r.Repeated && !r.Approved {
			if err := s.releaseStatic(ctx, tx, c.ID, a.Amount); err != nil {
				return err
			}
		}
		res = r
		return nil
	})
	switch {
	case errors.Is(err, errStaticCap):
		return decision(CodeDynamicRequired), method, nil
	case err != nil && db.IsUniqueViolation(err):
		// A concurrent request with the same reference committed first.
		if res, err = s.priorPurchase(ctx, s.db, "bank", key); err != nil {
			return billing.Decision{}, method, err
		}
	case err != nil:
		return billing.Decision{}, method, err
	}
	return decision(res.Code), method, nil
}

// priorCardPurchase is the bank's earlier answer under key for this card,
// or nil.
func (s *Service) priorCardPurchase(ctx context.Context, cardID int64, key string) (*PurchaseResult, error) {
	r := &PurchaseResult{Repeated: true}
	err := s.db.QueryRow(ctx, "SELECT id, code FROM card_purchases WHERE source = 'bank' AND idempotency_key = $1 AND card_id = $2",
		key, cardID).Scan(&r.PurchaseID, &r.Code)
	if errors.Is(err, db.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cards: look up payment reference: %w", err)
	}
	return r, nil
}

func decision(code string) billing.Decision {
	return billing.Decision{Approved: code == CodeApproved, Code: code, Message: CodeMessages[code]}
}

// RequestDynamicPassword is «دریافت رمز از طریق پیامک» on the bank page:
// for a usable Pishkhan card with SMS activated and a confirmed mobile, an
// SMS code bound to the card, the amount and the merchant of a
// (PaymentBinding) is sent to that mobile. Otherwise the answer says how
// to activate SMS codes. The card details beyond the number are not
// checked here: the code goes only to the holder's confirmed mobile.
// Domain refusals (the otp cool-down) come back as their Persian message.
func (s *Service) RequestDynamicPassword(ctx context.Context, a billing.Authorization) (string, error) {
	c, err := s.cardByNumber(ctx, s.db, a.Card)
	if errors.Is(err, ErrNotFound) {
		return msgDynamicNoCard, nil
	}
	if err != nil {
		return "", err
	}
	if statusCode(c) != "" {
		return msgDynamicNoCard, nil
	}
	if s.opts.Dynamic == nil {
		return msgDynamicUnavailable, nil
	}
	st, err := s.settings(ctx, s.db, c.ID)
	if err != nil {
		return "", err
	}
	if !st.InternetPassword {
		return msgInternetOff, nil
	}
	mobile, confirmed, err := s.opts.Dynamic.ConfirmedMobile(ctx, c.CustomerID)
	if err != nil {
		return "", fmt.Errorf("cards: read confirmed mobile: %w", err)
	}
	if !confirmed {
		return msgDynamicNoMobile, nil
	}
	if !st.SMS {
		return msgDynamicNoSMS, nil
	}
	err = s.opts.Dynamic.IssueSMSCode(ctx, otp.CodeRequest{
		PersonID: c.CustomerID, Mobile: mobile, Purpose: PurposeCardPayment,
		Binding:  PaymentBinding(c.ID, a.Amount, a.Merchant),
		Reason:   dynamicCodeReason(c.Masked),
		Approves: otp.ApprovesPayment(a.Amount, a.Merchant),
	})
	var oe *fa.Error
	if errors.As(err, &oe) {
		return oe.Message, nil
	}
	if err != nil {
		return "", fmt.Errorf("cards: issue dynamic password: %w", err)
	}
	s.log.Info("card dynamic password sent", "card", c.ID, "amount", a.Amount, "merchant", a.Merchant)
	return msgDynamicSent, nil
}
