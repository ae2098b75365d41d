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

// cardPayment is one authorization as its checks go: the card, the
// bank's request and what the checks found on the way.
type cardPayment struct {
	card *Card
	auth billing.Authorization
	// method is the password kind for the log: none (not reached),
	// static or dynamic.
	method   string
	pwMAC    string // the static second password's MAC
	settings SecondPasswordSettings
	password string // as typed, digits made Latin
	static   bool   // password is the card's static second password
	key      string // the idempotency key of the purchase
}

// authStep is one check of Authorize. A decision is the answer (the first
// failure ends the checks), an error an internal failure; neither goes on
// to the next check.
type authStep func(ctx context.Context, p *cardPayment) (*billing.Decision, error)

func (s *Service) authorize(ctx context.Context, c *Card, a billing.Authorization) (billing.Decision, string, error) {
	p := &cardPayment{card: c, auth: a, method: "none"}
	for _, step := range []authStep{
		s.checkCardState,
		s.checkCVV2,
		s.checkInternetPassword,
		s.checkSecondPassword,
		s.checkAmount,
		s.checkRepeat,
		s.checkDynamicPassword,
	} {
		d, err := step(ctx, p)
		if err != nil {
			return billing.Decision{}, p.method, err
		}
		if d != nil {
			return *d, p.method, nil
		}
	}
	d, err := s.drawCredit(ctx, p)
	return d, p.method, err
}

// answer is a step's decision for code with its usual message.
func answer(code string) *billing.Decision {
	d := decision(code)
	return &d
}

// checkCardState: the card is usable (lost 57, blocked 62, expired 54)
// and the expiry given is the card's (54).
func (s *Service) checkCardState(_ context.Context, p *cardPayment) (*billing.Decision, error) {
	if sc := statusCode(p.card); sc != "" {
		return answer(sc), nil
	}
	if p.auth.ExpYear%100 != p.card.ExpYear || p.auth.ExpMonth != p.card.ExpMonth {
		return answer(CodeExpired), nil
	}
	return nil, nil
}

// checkCVV2 compares the CVV2 (55) and keeps the second password's MAC
// for checkSecondPassword.
func (s *Service) checkCVV2(ctx context.Context, p *cardPayment) (*billing.Decision, error) {
	var cvvMAC string
	if err := s.db.QueryRow(ctx, "SELECT cvv2_mac, password_mac FROM cards WHERE id = $1", p.card.ID).Scan(&cvvMAC, &p.pwMAC); err != nil {
		return nil, fmt.Errorf("cards: read card secrets: %w", err)
	}
	if !s.keys.check(macCVV2, p.card.ID, clean(p.auth.CVV2), cvvMAC) {
		return answer(CodeWrongPassword), nil
	}
	return nil, nil
}

// checkInternetPassword reads the card's «رمز دوم» settings: the holder
// may have turned card-not-present payments off (57, msgInternetOff).
func (s *Service) checkInternetPassword(ctx context.Context, p *cardPayment) (*billing.Decision, error) {
	st, err := s.settings(ctx, s.db, p.card.ID)
	if err != nil {
		return nil, err
	}
	p.settings = st
	if !st.InternetPassword {
		return &billing.Decision{Code: CodeNotAllowed, Message: msgInternetOff}, nil
	}
	return nil, nil
}

// checkSecondPassword tells the static second password from a dynamic
// one. The static one is refused (65) when the holder chose a dynamic
// password for every amount; a password that is not the static one can
// only be a dynamic one: 6 or more digits, with dynamic passwords wired
// and a method activated for the card (else 55). The dynamic code itself
// is checked last (checkDynamicPassword), once the payment is known to be
// answerable.
func (s *Service) checkSecondPassword(_ context.Context, p *cardPayment) (*billing.Decision, error) {
	p.password = clean(p.auth.Password)
	p.static = s.keys.check(macPassword, p.card.ID, p.password, p.pwMAC)
	if p.static {
		p.method = "static"
		if p.settings.AlwaysDynamic {
			return answer(CodeDynamicRequired), nil
		}
		return nil, nil
	}
	p.method = "dynamic"
	if s.opts.Dynamic == nil || (!p.settings.SMS && !p.settings.App) || len(p.password) < minDynamicDigits || !fa.AllDigits(p.password) {
		return answer(CodeWrongPassword), nil
	}
	return nil, nil
}

// checkAmount: a positive amount (13) that does not pay installments of
// the credit it would be drawn from (57, msgOwnCredit).
func (s *Service) checkAmount(ctx context.Context, p *cardPayment) (*billing.Decision, error) {
	if p.auth.Amount <= 0 {
		return answer(CodeInvalidAmount), nil
	}
	own, err := s.paysOwnCredit(ctx, p.card.AccountID, p.auth.Reference)
	if err != nil {
		return nil, err
	}
	if own {
		return &billing.Decision{Code: CodeNotAllowed, Message: msgOwnCredit}, nil
	}
	return nil, nil
}

// checkRepeat sets the purchase's idempotency key: the bank's reference
// for the payment, so a double submit of the bank page (or a bank's
// retry) draws once; a caller without one gets a fresh key per call. A
// dynamic code is valid once: a repeat of an answered payment gets its
// first answer here, without spending (and failing) the code. (A repeat
// with the static password is answered in drawCredit's transaction.)
func (s *Service) checkRepeat(ctx context.Context, p *cardPayment) (*billing.Decision, error) {
	p.key = p.auth.Reference
	if p.key == "" {
		k := make([]byte, 16)
		_, _ = rand.Read(k)
		p.key = hex.EncodeToString(k)
		return nil, nil
	}
	if p.static {
		return nil, nil
	}
	prior, err := s.priorCardPurchase(ctx, p.card.ID, p.key)
	if err != nil {
		return nil, err
	}
	if prior != nil {
		return answer(prior.Code), nil
	}
	return nil, nil
}

// checkDynamicPassword verifies a dynamic password (verifyDynamic): 55,
// with the otp service's own sentence when it has one.
func (s *Service) checkDynamicPassword(ctx context.Context, p *cardPayment) (*billing.Decision, error) {
	if p.static {
		return nil, nil
	}
	ok, refusal, err := s.verifyDynamic(ctx, p.card, p.settings, p.auth.Amount, p.auth.Merchant, p.password)
	switch {
	case err != nil:
		return nil, fmt.Errorf("cards: verify dynamic password: %w", err)
	case !ok && refusal != "":
		return &billing.Decision{Code: CodeWrongPassword, Message: refusal}, nil
	case !ok:
		return answer(CodeWrongPassword), nil
	}
	return nil, nil
}

// drawCredit draws the amount from the credit as a one-installment
// purchase (51 when it does not fit), in the same transaction as the
// static cap's conditional upsert: both count, or neither (a credit
// decline gives the cap reservation back; a payment over the cap is 65).
func (s *Service) drawCredit(ctx context.Context, p *cardPayment) (billing.Decision, error) {
	a := p.auth
	req := PurchaseRequest{CardNumber: a.Card, Total: a.Amount, Installments: 1, Merchant: a.Merchant, IdempotencyKey: p.key}
	var res *PurchaseResult
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		res, err = s.drawInTx(ctx, tx, p, req)
		return err
	})
	switch {
	case errors.Is(err, errStaticCap):
		return decision(CodeDynamicRequired), nil
	case err != nil && db.IsUniqueViolation(err):
		// A concurrent request with the same reference committed first.
		if res, err = s.priorPurchase(ctx, s.db, "bank", p.key); err != nil {
			return billing.Decision{}, err
		}
	case err != nil:
		return billing.Decision{}, err
	}
	return decision(res.Code), nil
}

// drawInTx is drawCredit's transaction. With the static password a repeat
// is answered as first, without counting again, and the amount is
// counted against the day's cap before the purchase, and given back if
// the purchase is declined.
func (s *Service) drawInTx(ctx context.Context, tx *db.Tx, p *cardPayment, req PurchaseRequest) (*PurchaseResult, error) {
	if p.static {
		prior, err := s.priorPurchase(ctx, tx, "bank", p.key)
		if err == nil {
			return prior, nil
		}
		if !errors.Is(err, db.ErrNoRows) {
			return nil, fmt.Errorf("cards: look up purchase key: %w", err)
		}
		if _, err := s.reserveStatic(ctx, tx, p.card.ID, req.Total); err != nil {
			return nil, err
		}
	}
	r, err := s.purchase(ctx, tx, "bank", req)
	if err != nil {
		return nil, err
	}
	if p.static && !r.Repeated && !r.Approved {
		if err := s.releaseStatic(ctx, tx, p.card.ID, req.Total); err != nil {
			return nil, err
		}
	}
	return r, nil
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
