// Package otp holds Pishkhan's one-time codes: SMS codes bound to a purpose
// and a subject (a card, an amount, a merchant), and the authenticator app
// («برنامک رمزساز»), standard TOTP (RFC 6238) enrolled once per person.
//
// The rules come from the dynamic second password guide
// (seeds/003_2c7c893286b6ac53.txt): a dynamic password has 6 digits and is
// valid for 120 seconds, once; wrong codes count toward a small limit;
// the SMS says the code is confidential; enrolment needs both the QR (or
// otpauth:// URI) and a 4-digit activation code sent by SMS; one device
// per person, and enrolling again replaces it for all cards; staff can
// disable a lost phone's device. Which cards use which method is the cards
// area's business; this package gives per-person primitives.
package otp

import (
	"embed"
	"io/fs"
	"log/slog"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/notify"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Schema holds otp's tables. It requires identity (codes and devices
// belong to customers) and notify (codes are queued as SMS in the same
// transaction that stores them).
var Schema = &db.Schema{
	Name:     "otp",
	FS:       func() fs.FS { f, _ := fs.Sub(migrations, "migrations"); return f }(),
	Requires: []*db.Schema{identity.Schema, notify.Schema},
}

// Options are the service's settings, passed as values. Zero values take
// the defaults shown.
type Options struct {
	// Key is the 32-byte server key. TOTP seeds are encrypted (AES-GCM)
	// and codes HMAC'd under keys derived from it.
	Key []byte
	Now func() time.Time
	// Logger receives internal failures and staff actions.
	Logger *slog.Logger
	// CodeTTL is how long an SMS code is valid (120 s, guide answer 24):
	// valid while now < issued + CodeTTL.
	CodeTTL time.Duration
	// MaxWrong is how many wrong tries burn an SMS code (3).
	MaxWrong int
	// ResendCooldown is the wait between two SMS of the same purpose to
	// the same person (60 s).
	ResendCooldown time.Duration
	// ActivationTTL is how long the 4-digit activation code lives (5 min).
	ActivationTTL time.Duration
	// ActivationMaxWrong is how many wrong confirmations end an enrolment (3).
	ActivationMaxWrong int
	// TOTPWrongPerMinute is how many wrong authenticator codes a person
	// may enter in a minute before every code is refused for the rest of
	// that minute (5).
	TOTPWrongPerMinute int
}

// Issuer is the name authenticator apps show next to the account.
const Issuer = "Pishkhan"

// TOTP parameters: RFC 6238 defaults, which every authenticator supports.
const (
	totpPeriod = 30
	totpDigits = 6
	totpSkew   = 1 // steps either side of now
	smsDigits  = 6
	actDigits  = 4
)

// CodeRequest asks for an SMS code.
type CodeRequest struct {
	PersonID int64
	// Mobile is the number to send to: the caller passes the number staff
	// confirmed for this person (guide answers 2, 18), never one typed in.
	Mobile string
	// Purpose names what the code is for, e.g. "card-payment".
	Purpose string
	// Binding is the subject the code is good for, e.g.
	// "card:42|amount:1500000|merchant:X". Verification must present
	// the same binding.
	Binding string
	// Reason is shown in the message box («دلیل ارسال پیامک»).
	Reason string
	// RecipientName is shown in the message box (optional).
	RecipientName string
	// Approves says in the SMS what the code approves — the amount and
	// the merchant, and for installments their number and monthly amount —
	// so that a code phished for another payment is noticed (as banks'
	// dynamic-password SMS do). Empty: the SMS names no subject.
	Approves string
}

// Enrolment is what the portal shows to enrol an authenticator: the QR
// code (PNG) and the same key as an otpauth:// URI for manual entry.
type Enrolment struct {
	URI   string
	QRPNG []byte
}

// Device states.
const (
	statusPending  = "pending"
	statusActive   = "active"
	statusReplaced = "replaced" // a newer device was activated
	statusRemoved  = "removed"  // the customer removed it
	statusDisabled = "disabled" // staff disabled it (lost phone)
	statusFailed   = "failed"   // activation tries ran out or it expired
)

// The package's refusals are *fa.Error (domain "otp"): Code for
// programs, Message (Persian, from messages.go) for the customer.
// Internal failures are plain wrapped errors instead. A copy with its own
// message (Saying) still matches its sentinel with errors.Is, so
// errors.Is(err, ErrCooldown) holds for a cool-down error whatever
// seconds it names.
var (
	ErrCooldown          = fa.Refusal("otp", "cooldown", msgCooldown)
	ErrCodeExpired       = fa.Refusal("otp", "code_expired", msgCodeExpired)
	ErrNoEnrolment       = fa.Refusal("otp", "no_enrolment", msgNoEnrolment)
	ErrActivationExpired = fa.Refusal("otp", "activation_expired", msgActivationExpired)
	ErrActivationWrong   = fa.Refusal("otp", "activation_wrong", msgActivationWrong)
	ErrNoDevice          = fa.Refusal("otp", "no_device", msgNoDevice)
	ErrTooManyTries      = fa.Refusal("otp", "too_many_tries", msgTooManyTries)
	ErrBadRequest        = fa.Refusal("otp", "bad_request", msgBadRequest)
	ErrAlreadyEnrolled   = fa.Refusal("otp", "already_enrolled", msgAlreadyEnrolled)
	ErrNoStaffEnrolment  = fa.Refusal("otp", "no_staff_enrolment", msgNoStaffEnrolment)
	ErrStaffCodeWrong    = fa.Refusal("otp", "staff_code_wrong", msgStaffCodeWrong)
)
