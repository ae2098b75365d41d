package otp

import (
	"context"

	"pishkhan/internal/db"
	"pishkhan/internal/identity"
)

// PaymentCode is a dynamic password typed on a payment page, and the
// methods the card holder has switched on for it.
type PaymentCode struct {
	Purpose, Binding string // the SMS code's, as IssueSMSCode was given them
	PersonID         int64
	Code             string
	SMS, App         bool // try it as the bound SMS code, as an authenticator code
}

// VerifyPaymentCode checks one typed dynamic password against each method
// the holder has on — the SMS code bound to this payment first, then the
// authenticator, whatever the SMS answer, since a holder with both may
// type either — and counts it once toward the account's wrong-code lock
// (identity's FactorLimit): a person who types one wrong code has made one
// mistake, not two. It returns:
//
//   - true, nil: a method accepted the code, which is now used.
//   - false, nil: wrong.
//   - false, ErrCodeExpired: wrong, and the SMS code of this payment can no
//     longer pay (expired, used or burned); ErrTooManyTries: wrong, and the
//     authenticator has had too many tries this minute; ErrFactorLocked:
//     the account's codes are locked, nothing was checked. Each is a
//     message for the person, not a failure.
//
// Other errors are internal.
func (s *Service) VerifyPaymentCode(ctx context.Context, c PaymentCode) (bool, error) {
	now := s.now()
	code := normaliseCode(c.Code)
	var ok bool
	var outcome error
	err := s.guarded(ctx, identity.KindCustomer, c.PersonID, func() (bool, bool, error) {
		var smsWrong, appWrong bool
		if c.SMS {
			var smsOutcome error
			if err := s.verifySMSCode(ctx, c.Purpose, c.Binding, c.PersonID, code, now, &ok, &smsWrong, &smsOutcome); err != nil {
				return false, false, err
			}
			if ok {
				return true, false, nil
			}
			outcome = smsOutcome
		}
		if c.App {
			var appOutcome error
			if err := s.db.InTx(ctx, func(tx *db.Tx) error {
				var err error
				_, ok, appOutcome, err = s.checkDeviceCode(ctx, tx, customerDevices, c.PersonID, statusActive, code)
				return err
			}); err != nil {
				return false, false, err
			}
			if ok {
				outcome = nil
				return true, false, nil
			}
			appWrong = appOutcome == nil // compared and found wrong (no device, or its minute's tries spent, compare nothing)
			if appOutcome == ErrTooManyTries && outcome == nil {
				outcome = appOutcome
			}
		}
		return false, smsWrong || appWrong, nil
	})
	if err != nil {
		return false, err
	}
	return ok, outcome
}
