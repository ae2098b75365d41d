package cards

import (
	"errors"

	"pishkhan/internal/fa"
)

// The area's refusals are *fa.Error (domain "cards"): Code for programs,
// Message (Persian, from messages.go) for the card holder. Internal
// failures are plain wrapped errors instead.
var (
	ErrNotFound       = fa.Refusal("cards", "not_found", msgNotFound)
	ErrNotActive      = fa.Refusal("cards", "not_active", msgNotActive)
	ErrWrongDetails   = fa.Refusal("cards", "wrong_details", msgWrongDetails)
	ErrCardBlocked    = fa.Refusal("cards", "blocked", msgCardBlocked)
	ErrPINFormat      = fa.Refusal("cards", "pin_format", msgPINFormat)
	ErrPINRepeat      = fa.Refusal("cards", "pin_repeat", msgPINRepeat)
	ErrPINSame        = fa.Refusal("cards", "pin_same", msgPINSame)
	ErrBadAmounts     = fa.Refusal("cards", "bad_amounts", msgBadAmounts)
	ErrNotOldest      = fa.Refusal("cards", "not_oldest", msgNotOldest)
	ErrNothingToPay   = fa.Refusal("cards", "nothing_to_pay", msgNothingToPay)
	ErrNotLost        = fa.Refusal("cards", "not_lost", msgNotLost)
	ErrNotBlocked     = fa.Refusal("cards", "not_blocked", msgNotBlocked)
	ErrNoCreditAcct   = fa.Refusal("cards", "no_credit_account", msgNoCreditAccount)
	ErrNoReason       = fa.Refusal("cards", "no_reason", msgNoReason)
	ErrNotReversible  = fa.Refusal("cards", "not_reversible", msgNotReversible)
	errMissingKey     = errors.New("cards: a purchase needs an idempotency key")
	errKeyLength      = errors.New("cards: Options.Key must be 32 bytes")
	errBadBIN         = errors.New("cards: Options.BIN must be 6 digits")
	errNoUniqueNumber = errors.New("cards: could not find an unused card number")
)

// The staff desk's refusals of a card without a holder's mobile and of a
// credit limit that cannot be set.
var (
	errNoHolderMobile = fa.Refusal("cards", "no_mobile", msgNoHolderMobile)
	errBadLimit       = fa.Refusal("cards", "bad_limit", msgBadLimit)
)
