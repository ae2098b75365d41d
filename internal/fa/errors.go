package fa

import "errors"

// Error is a validation failure that is safe and meant to be shown to the
// user. Message is the Persian sentence to render next to the form field;
// Code is a stable ASCII identifier for logs, metrics and branching, so
// callers never have to compare Persian strings.
//
// Error is a comparable value type (not a pointer) so the exported variables
// below behave as sentinels: errors.Is(err, ErrMobile) compares by value,
// and nobody can mutate a shared message through a pointer.
type Error struct {
	Code    string
	Message string
}

// Error returns the Persian message. The errors of this package exist to be
// shown to users, so even a handler that naively renders err.Error() shows
// something a Persian speaker can read rather than an English log line.
func (e Error) Error() string { return e.Message }

// Sentinel errors returned by the parsers. Compare with errors.Is, or use
// errors.As with a fa.Error target to read Message.
var (
	ErrAmount       = Error{Code: "amount", Message: "مبلغ معتبر نیست"}
	ErrDate         = Error{Code: "date", Message: "تاریخ معتبر نیست؛ نمونه: ۱۳۶۹/۰۸/۱۷"}
	ErrNationalCode = Error{Code: "national_code", Message: "کد ملی معتبر نیست"}
	ErrMobile       = Error{Code: "mobile", Message: "شماره تلفن همراه معتبر نیست"}
	ErrCard         = Error{Code: "card", Message: "شماره کارت معتبر نیست"}
	ErrSheba        = Error{Code: "sheba", Message: "شماره شبا معتبر نیست"}
	ErrPostalCode   = Error{Code: "postal_code", Message: "کد پستی معتبر نیست"}
)

// UserMessage returns the Persian message carried by err if err (or
// anything it wraps) is an [Error]. The boolean is false for other errors,
// which must not be shown to users verbatim (they may leak internals).
func UserMessage(err error) (string, bool) {
	var fe Error
	if errors.As(err, &fe) {
		return fe.Message, true
	}
	return "", false
}
