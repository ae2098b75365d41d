package cards

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"pishkhan/internal/fa"
	"pishkhan/internal/otp"
)

// DynamicPasswords verifies dynamic second passwords (seed 003): a code
// sent by SMS bound to one payment, or a TOTP code of the customer's
// authenticator app. The otp package implements it; app wires it into
// Options.Dynamic. Both methods consume a valid code (once only).
type DynamicPasswords interface {
	// VerifyPaymentCode reports whether c.Code is the valid, unused SMS
	// code of c.PersonID for c.Purpose and c.Binding (if c.SMS) or a code
	// of their authenticator (if c.App), counting one wrong code once.
	// Its refusals (otp.ErrCodeExpired, ErrTooManyTries, ErrFactorLocked)
	// are the person's, not failures.
	VerifyPaymentCode(ctx context.Context, c otp.PaymentCode) (bool, error)
	// IssueSMSCode sends an SMS code bound to r.Purpose and r.Binding to
	// r.Mobile (the number staff confirmed).
	IssueSMSCode(ctx context.Context, r otp.CodeRequest) error
	// ConfirmedMobile is the mobile number staff confirmed for personID
	// in person, if any.
	ConfirmedMobile(ctx context.Context, personID int64) (string, bool, error)
	// HasDevice reports whether personID has an active authenticator.
	HasDevice(ctx context.Context, personID int64) (bool, error)
}

// PurposeCardPayment is the SMS code purpose of a card payment.
const PurposeCardPayment = "card_payment"

// minDynamicDigits is the shortest dynamic password (seed 003).
const minDynamicDigits = 6

// PaymentBinding is what an SMS code for a card payment is bound to: the
// card, the amount in rials and the merchant. The code sender and
// Authorize must build it the same way, so use this function.
func PaymentBinding(cardID int64, amount int64, merchant string) string {
	return fmt.Sprintf("card=%d&amount=%d&merchant=%s", cardID, amount, url.QueryEscape(merchant))
}

// verifyDynamic tries password as an SMS code bound to this payment (only
// if SMS is activated for the card) and as a TOTP code of the card's
// customer (only if the card was added to the authenticator), as one
// attempt (otp.VerifyPaymentCode). It returns
// whether the password pays and, when it does not, the Persian refusal
// ("" for the plain wrong-password message). Only internal failures are
// errors: the otp service's refusals (expired, used or burned SMS code,
// too many authenticator tries, codes locked, no device) are a person's,
// never a 500.
func (s *Service) verifyDynamic(ctx context.Context, c *Card, st SecondPasswordSettings, amount int64, merchant, password string) (bool, string, error) {
	if s.opts.Dynamic == nil || len(password) < minDynamicDigits || !fa.AllDigits(password) {
		return false, "", nil
	}
	ok, err := s.opts.Dynamic.VerifyPaymentCode(ctx, otp.PaymentCode{Purpose: PurposeCardPayment,
		Binding: PaymentBinding(c.ID, amount, merchant), PersonID: c.CustomerID, Code: password, SMS: st.SMS, App: st.App})
	var oe *fa.Error
	switch {
	case ok:
		return true, "", nil
	case errors.Is(err, otp.ErrCodeExpired):
		return false, msgDynamicStale, nil
	case (errors.Is(err, otp.ErrTooManyTries) || errors.Is(err, otp.ErrFactorLocked)) && errors.As(err, &oe):
		// The authenticator's minute is spent, or the account's codes are
		// locked for wrong ones: its message says how long to wait.
		return false, oe.Message, nil
	case errors.Is(err, otp.ErrNoDevice):
		return false, "", nil // the device was removed since the card was added: its codes are simply wrong
	case err != nil:
		return false, "", err
	}
	return false, "", nil
}
