package billing

import (
	"context"
	"strings"

	"pishkhan/internal/fa"
)

// Issuer authorises a card payment for the cards it issued. The sandbox
// bank asks the issuer of each card; Pishkhan's own card area is the
// issuer of Pishkhan cards (registered in app), and TestIssuer answers for
// every other card by the written test rules below.
type Issuer interface {
	// Owns reports whether this issuer issued the card.
	Owns(card string) bool
	// Authorize approves or declines one payment.
	Authorize(ctx context.Context, a Authorization) (Decision, error)
	// RequestDynamicPassword asks the issuer to send the card holder a
	// one-time second password for this card, amount and merchant
	// («دریافت رمز از طریق پیامک»). The message is shown on the bank page.
	RequestDynamicPassword(ctx context.Context, a Authorization) (message string, err error)
}

// Authorization is a card-not-present payment as the bank page collects it.
type Authorization struct {
	Card     string // 16 digits, Luhn-valid
	CVV2     string
	ExpYear  int // Jalali, two digits as printed (e.g. 5 for 1405)
	ExpMonth int
	Password string // the static or dynamic second password
	Amount   int64
	Merchant string
	// Reference identifies the payment at the bank (the sandbox bank's
	// token): an issuer uses it as an idempotency key, so a double submit
	// of the bank page is charged once.
	Reference string
}

// Decision is the issuer's answer.
type Decision struct {
	Approved bool
	// Code is a short reason code ("00" approved, "55" wrong password,
	// "51" insufficient funds, "54" expired card, "57" not allowed …, the
	// ISO 8583 response codes Iranian issuers use).
	Code string
	// Message is the Persian sentence the bank page shows.
	Message string
}

// TestIssuer answers for cards no configured issuer owns, by the sandbox
// bank's written test rules (docs/sandbox-bank.md and the bank page):
//
//   - any Luhn-valid card number, any 3–4 digit CVV2, an expiry date not
//     in the past;
//   - second password 1234, or the dynamic password 123456: approved;
//   - second password 0000: declined, insufficient funds (code 51);
//   - anything else: declined, wrong password (code 55).
type TestIssuer struct{}

// Test rules, exported for tests and documentation.
const (
	TestPasswordApproved = "1234"
	TestPasswordNoFunds  = "0000"
	TestDynamicPassword  = "123456"
)

func (TestIssuer) Owns(string) bool { return true }

func (TestIssuer) Authorize(_ context.Context, a Authorization) (Decision, error) {
	switch strings.TrimSpace(a.Password) {
	case TestPasswordApproved, TestDynamicPassword:
		return Decision{Approved: true, Code: "00", Message: msgApproved}, nil
	case TestPasswordNoFunds:
		return Decision{Code: "51", Message: msgNoFunds}, nil
	}
	return Decision{Code: "55", Message: msgWrongPassword}, nil
}

func (TestIssuer) RequestDynamicPassword(context.Context, Authorization) (string, error) {
	return msgDynamicPasswordSent(fa.Digits(TestDynamicPassword)), nil
}
