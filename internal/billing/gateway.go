package billing

import (
	"context"
	"errors"
)

// Gateway is a bank payment gateway: the sandbox bank inside Pishkhan (the
// embedded default) or a real one (Zarinpal). The flow is the same for
// all: Request registers a payment and says where to send the customer;
// the bank sends the customer back to our callback with a reference; we
// Verify that reference with the bank before anything is applied.
type Gateway interface {
	// Name is the gateway's key in configuration and in stored payments
	// ("sandbox", "zarinpal").
	Name() string
	// Label is the bank's name as customers see it on the pre-invoice.
	Label() string
	// Request registers a payment of amount rials for an order and returns
	// the gateway's reference for it (Zarinpal's "authority") and where the
	// customer's browser must go to pay.
	Request(ctx context.Context, p PaymentRequest) (Redirect, error)
	// Verify asks the bank whether the payment with this reference was
	// paid, for exactly this amount. It is idempotent: verifying a payment
	// twice reports it paid both times (Zarinpal answers 101 the second
	// time), so a callback that comes twice, or the re-verification job
	// after a crash, settles the order once.
	Verify(ctx context.Context, v VerifyRequest) (Verification, error)
}

// PaymentRequest is what a gateway needs to start a payment.
type PaymentRequest struct {
	OrderID     int64
	Tracking    string // the order's tracking number, shown by some banks
	Amount      int64  // rials
	CallbackURL string // absolute; the bank returns the customer here
	Description string // shown on the bank's page
	Mobile      string // optional, prefilled by some banks
}

// Redirect tells the customer's browser where to pay. Most gateways take
// a GET to a URL (Zarinpal's StartPay); Shaparak-style banks take a POST
// of hidden fields, which Form carries.
type Redirect struct {
	Reference string            // the gateway's reference for this payment (authority, token)
	URL       string            // where to send the browser
	Method    string            // "GET" or "POST"
	Form      map[string]string // hidden fields for a POST
}

// VerifyRequest identifies a payment to verify.
type VerifyRequest struct {
	Reference string
	Amount    int64 // rials; a bank that reports another amount fails verification
}

// Verification is the bank's answer.
type Verification struct {
	Paid bool
	// RefID is the bank's receipt number (شماره پیگیری / کد رهگیری), shown
	// to the customer and kept for reconciliation.
	RefID string
	// CardMask is the paying card as the bank reports it, masked.
	CardMask string
	// AlreadyVerified: the bank had verified this payment before (a second
	// callback, or the re-verification job after a crash).
	AlreadyVerified bool
	// Code and Message are the bank's own, for the payment's history.
	Code    string
	Message string
}

// ErrGatewayUnavailable wraps failures where the bank could not be asked
// (network, timeout, 5xx): the payment's state is unknown and must be
// verified again later, never declared failed.
var ErrGatewayUnavailable = errors.New("billing: bank gateway unavailable")
