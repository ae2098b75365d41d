package fa

import (
	"errors"
	"time"
)

// Error is the one refusal type of Pishkhan: every package that turns a
// person's request down returns an *Error, and every page shows it the
// same way (web.UserMessage, the form's field errors, the API's code).
//
//   - Domain names the package that refuses ("identity", "cards", …); two
//     packages may both have a "not_found" without one matching the other.
//   - Code is a stable ASCII identifier for logs, metrics, APIs and
//     branching, so no caller compares Persian strings.
//   - Message is the Persian sentence shown to the person; it comes from
//     the refusing package's messages file.
//   - Field names the form field the message belongs next to ("" for the
//     whole form).
//   - Problems lists every rule that failed when there are several (the
//     password policy, a guarantor's conditions).
//   - RetryAfter is how long a lock, cool-down or rate limit still holds.
//
// The cause (an internal error, never shown) is kept for logs and
// errors.Is/As through Unwrap.
//
// Sentinels are package variables; errors.Is matches any *Error with the
// same Domain and Code, so a copy made with OnField, Saying or Because is
// still the sentinel.
type Error struct {
	Domain     string
	Code       string
	Message    string
	Field      string
	Problems   []string
	RetryAfter time.Duration
	cause      error
}

// Refusal makes a sentinel: the refusing package, its code and the
// Persian message.
func Refusal(domain, code, message string) *Error {
	return &Error{Domain: domain, Code: code, Message: message}
}

// Error is for logs: "domain: code", and the cause when there is one. The
// Persian message is not repeated there; UserMessage is what pages show.
func (e *Error) Error() string {
	s := e.Code
	if e.Domain != "" {
		s = e.Domain + ": " + s
	}
	if e.cause != nil {
		s += ": " + e.cause.Error()
	}
	return s
}

// UserMessage is the Persian sentence, safe to show.
func (e *Error) UserMessage() string { return e.Message }

func (e *Error) Unwrap() error { return e.cause }

// Is matches any *Error with the same domain and code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code && t.Domain == e.Domain
}

// OnField is a copy of e shown next to the form field f.
func (e *Error) OnField(f string) *Error {
	c := *e
	c.Field = f
	return &c
}

// Saying is a copy of e with another message (a more precise sentence for
// the same refusal: «رمز دوم جدید باید ۱۰ رقم باشد» is still the format
// error).
func (e *Error) Saying(m string) *Error {
	c := *e
	c.Message = m
	return &c
}

// Because is a copy of e that keeps its internal cause for the logs.
func (e *Error) Because(cause error) *Error {
	c := *e
	c.cause = cause
	return &c
}

// Listing is a copy of e naming every failed rule.
func (e *Error) Listing(problems []string) *Error {
	c := *e
	c.Problems = problems
	return &c
}

// For is a copy of e that holds for d more.
func (e *Error) For(d time.Duration) *Error {
	c := *e
	c.RetryAfter = d
	return &c
}

// Sentinel errors of the parsers. Compare with errors.Is.
var (
	ErrAmount       = Refusal("fa", "amount", MsgAmount)
	ErrDate         = Refusal("fa", "date", MsgDate)
	ErrNationalCode = Refusal("fa", "national_code", MsgNationalCode)
	ErrMobile       = Refusal("fa", "mobile", MsgMobile)
	ErrCard         = Refusal("fa", "card", MsgCard)
	ErrSheba        = Refusal("fa", "sheba", MsgSheba)
	ErrPostalCode   = Refusal("fa", "postal_code", MsgPostalCode)
)

// UserMessage is the one mapper from an error to what a person reads: the
// Persian message of an *Error (or of any error that says it has one with
// a UserMessage method, such as an import's list of row errors) anywhere
// in err's chain. The boolean is false for every other error, which must
// not be shown (it may leak internals); web.UserMessage puts a general
// sentence in its place.
func UserMessage(err error) (string, bool) {
	var fe *Error
	if errors.As(err, &fe) {
		return fe.Message, true
	}
	var um interface{ UserMessage() string }
	if errors.As(err, &um) {
		return um.UserMessage(), true
	}
	return "", false
}
