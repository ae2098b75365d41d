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
	// VerifySMSCode reports whether code is the valid, unused SMS code of
	// personID for purpose and binding.
	VerifySMSCode(ctx context.Context, purpose, binding string, personID int64, code string) (bool, error)
	// VerifyTOTP reports whether code is a valid, unused code of
	// personID's enrolled authenticator.
	VerifyTOTP(ctx context.Context, personID int64, code string) (bool, error)
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

// msgDynamicStale is the bank page's refusal (code 55) when the SMS code
// of this payment can no longer pay: it expired (120 s), was used, or was
// burned by wrong tries — the otp service answers all three alike, and
// also when none was requested — and the authenticator did not accept the
// password either.
const msgDynamicStale = "رمز پویا نادرست است یا دیگر اعتبار ندارد: رمز پیامکی فقط ۱۲۰ ثانیه و یک‌بار معتبر است و با سه بار ورود نادرست باطل می‌شود. با «دریافت رمز از طریق پیامک» رمز جدید بگیرید یا رمز برنامک رمزساز را وارد کنید."

// verifyDynamic tries password as an SMS code bound to this payment (only
// if SMS is activated for the card), then — whatever the SMS answer, so a
// holder with both methods may type either — as a TOTP code of the card's
// customer (only if the card was added to the authenticator). It returns
// whether the password pays and, when it does not, the Persian refusal
// ("" for the plain wrong-password message). Only internal failures are
// errors: the otp service's refusals (expired, used or burned SMS code,
// too many authenticator tries, no device) are a person's, never a 500.
func (s *Service) verifyDynamic(ctx context.Context, c *Card, st SecondPasswordSettings, amount int64, merchant, password string) (bool, string, error) {
	if s.opts.Dynamic == nil || len(password) < minDynamicDigits || !fa.AllDigits(password) {
		return false, "", nil
	}
	refusal := ""
	if st.SMS {
		ok, err := s.opts.Dynamic.VerifySMSCode(ctx, PurposeCardPayment, PaymentBinding(c.ID, amount, merchant), c.CustomerID, password)
		switch {
		case errors.Is(err, otp.ErrCodeExpired):
			refusal = msgDynamicStale
		case err != nil:
			return false, "", err
		case ok:
			return true, "", nil
		}
	}
	if st.App {
		ok, err := s.opts.Dynamic.VerifyTOTP(ctx, c.CustomerID, password)
		var oe *otp.Error
		switch {
		case errors.Is(err, otp.ErrNoDevice):
			// The device was removed or disabled since the card was
			// added: its codes are simply wrong.
		case errors.Is(err, otp.ErrTooManyTries) && errors.As(err, &oe):
			if refusal == "" {
				refusal = oe.Message
			}
		case err != nil:
			return false, "", err
		case ok:
			return true, "", nil
		}
	}
	return false, refusal, nil
}
