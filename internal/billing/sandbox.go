package billing

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"net/url"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

//go:embed migrations_sandbox/*.sql
var sandboxMigrations embed.FS

// SandboxSchema holds the sandbox bank's own table.
var SandboxSchema = &db.Schema{Name: "sandbox_bank", FS: func() fs.FS { f, _ := fs.Sub(sandboxMigrations, "migrations_sandbox"); return f }()}

// Sandbox is the bank gateway inside Pishkhan, the embedded default: a
// payment page in the style of Shaparak's (card number, CVV2, expiry,
// second password, captcha, «پرداخت» and «انصراف», «دریافت رمز از طریق
// پیامک»), card checks through the card's issuer, and a callback to the
// merchant that must then verify, exactly as with a real bank.
type Sandbox struct {
	db       *db.DB
	baseURL  string // Pishkhan's public address; the bank page lives under it
	merchant string // the merchant name shown on the bank page
	// MerchantName, when set, names the merchant on each new payment page
	// instead: the deployment's brand (its seller), which an admin may change.
	MerchantName func(ctx context.Context) string
	now          func() time.Time
	issuers      []Issuer
	// PageTTL is how long a payment page stays open (as a bank's does).
	PageTTL time.Duration
	web     *web.Server
	// captchas draws the payment page's captcha within the address's
	// allowance (identity.Service.NewCaptcha); set by BoundCaptchas.
	captchas *identity.Service
}

// BoundCaptchas makes the payment page draw its captchas through ids,
// which bounds them per address: each is a row written for an anonymous
// GET. Without it (tests of the bank alone) captchas are unbounded.
func (s *Sandbox) BoundCaptchas(ids *identity.Service) { s.captchas = ids }

// NewSandbox returns the sandbox bank. Issuers are asked in order; the
// TestIssuer answers for every card the others do not own.
func NewSandbox(d *db.DB, baseURL, merchant string, now func() time.Time, issuers ...Issuer) *Sandbox {
	if now == nil {
		now = time.Now
	}
	return &Sandbox{db: d, baseURL: baseURL, merchant: merchant, now: now, issuers: append(issuers, TestIssuer{}), PageTTL: 20 * time.Minute}
}

func (s *Sandbox) Name() string  { return SandboxGateway }
func (s *Sandbox) Label() string { return labelSandbox }

// Sandbox payment states.
const (
	sandboxPending   = "pending"
	sandboxPaid      = "paid"
	sandboxCancelled = "cancelled"
	sandboxExpired   = "expired"
)

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// refID is a 12-digit receipt number, as Iranian banks print them.
func refID() string {
	n, _ := rand.Int(rand.Reader, big.NewInt(900_000_000_000))
	return fmt.Sprint(100_000_000_000 + n.Int64())
}

func (s *Sandbox) Request(ctx context.Context, p PaymentRequest) (Redirect, error) {
	if p.Amount <= 0 {
		return Redirect{}, errors.New("sandbox bank: amount must be positive")
	}
	if _, err := url.Parse(p.CallbackURL); err != nil || p.CallbackURL == "" {
		return Redirect{}, errors.New("sandbox bank: bad callback URL")
	}
	token := randomHex(16)
	merchant := s.merchant
	if s.MerchantName != nil {
		if name := s.MerchantName(ctx); name != "" {
			merchant = name
		}
	}
	_, err := s.db.Exec(ctx, `INSERT INTO sandbox_payments (token, amount, merchant, description, callback_url, state, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, token, p.Amount, merchant, p.Description, p.CallbackURL, sandboxPending, s.now())
	if err != nil {
		return Redirect{}, fmt.Errorf("sandbox bank: %w", err)
	}
	return Redirect{Reference: token, URL: s.baseURL + "/sandbox-bank/pay/" + token, Method: "GET"}, nil
}

func (s *Sandbox) Verify(ctx context.Context, v VerifyRequest) (Verification, error) {
	p, err := s.payment(ctx, v.Reference)
	if errors.Is(err, db.ErrNoRows) {
		return Verification{Code: "unknown", Message: msgSandboxUnknown}, nil
	}
	if err != nil {
		return Verification{}, fmt.Errorf("%w: sandbox bank: %v", ErrGatewayUnavailable, err)
	}
	switch {
	case p.State != sandboxPaid:
		return Verification{Code: p.State, Message: sandboxStateLabel(p.State)}, nil
	case p.Amount != v.Amount:
		return Verification{Code: "amount_mismatch", Message: msgSandboxAmountMismatch}, nil
	}
	res, err := s.db.Exec(ctx, "UPDATE sandbox_payments SET verified = TRUE WHERE token = $1 AND verified = FALSE", v.Reference)
	if err != nil {
		return Verification{}, fmt.Errorf("%w: sandbox bank: %v", ErrGatewayUnavailable, err)
	}
	return Verification{Paid: true, RefID: p.RefID, CardMask: p.CardMask, AlreadyVerified: res.RowsAffected == 0, Code: "00", Message: msgApproved}, nil
}

// sandboxPayment is one payment as the bank keeps it.
type sandboxPayment struct {
	Token, Merchant, Description, CallbackURL, State, CardMask, RefID, ResultCode string
	Amount                                                                        int64
	CreatedAt                                                                     time.Time
}

func (s *Sandbox) payment(ctx context.Context, token string) (*sandboxPayment, error) {
	var p sandboxPayment
	err := s.db.QueryRow(ctx, `SELECT token, merchant, description, callback_url, state, card_mask, ref_id, result_code, amount, created_at
		FROM sandbox_payments WHERE token = $1`, token).
		Scan(&p.Token, &p.Merchant, &p.Description, &p.CallbackURL, &p.State, &p.CardMask, &p.RefID, &p.ResultCode, &p.Amount, &p.CreatedAt)
	return &p, err
}

func sandboxStateLabel(state string) string {
	if l, ok := sandboxStateLabels[state]; ok {
		return l
	}
	return state
}

// callbackURL is where the bank returns the customer: the merchant's
// callback with the payment's reference and Status OK or NOK (the same
// parameter names Zarinpal uses, so one callback parser fits both).
func callbackURL(p *sandboxPayment, ok bool) string {
	u, err := url.Parse(p.CallbackURL)
	if err != nil {
		return "/"
	}
	q := u.Query()
	q.Set("Authority", p.Token)
	if ok {
		q.Set("Status", "OK")
	} else {
		q.Set("Status", "NOK")
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// SandboxCallback reads the sandbox bank's callback parameters.
func SandboxCallback(q url.Values) (reference string, ok bool) {
	return q.Get("Authority"), q.Get("Status") == "OK"
}

// issuerFor finds the issuer of a card.
func (s *Sandbox) issuerFor(card string) Issuer {
	for _, is := range s.issuers {
		if is.Owns(card) {
			return is
		}
	}
	return TestIssuer{}
}

// expired reports whether a card's printed expiry (Jalali year as two
// digits, month) is before the current month in Tehran.
func cardExpired(now time.Time, yy, mm int) bool {
	today := fa.JalaliOf(now)
	year := 1400 + yy
	if yy >= 90 {
		year = 1300 + yy // "99" is 1399, not 1499
	}
	return year < today.Year || (year == today.Year && mm < today.Month)
}
