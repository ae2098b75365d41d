// Package notify sends SMS. Every message is stored in the outbox table
// in the caller's transaction and handed to the provider by a queued job,
// so a slow or failing provider never blocks a page, a rolled-back action
// sends nothing, and failures are retried with back-off.
//
// The embedded default provider is the outbox itself: messages are kept
// (and printed to the console in --demo) but go nowhere. Kavenegar is the
// real provider.
package notify

import (
	"errors"
	"time"
)

// Message is an SMS to queue.
type Message struct {
	PersonID      int64  // 0 when the recipient is not (yet) a known person
	RecipientName string // shown in the message box («نام ارسالی»)
	To            string // mobile number; normalised to 09xxxxxxxxx
	Reason        string // why it was sent («دلیل ارسال پیامک»), shown in the message box
	Text          string
	// Template and Tokens select a provider template (one-time codes).
	Template string
	Tokens   []string
	// Sensitive marks messages that carry a secret (one-time codes,
	// temporary passwords): the SMS log shows their reason, never their text.
	Sensitive bool
}

// Status of an outbox row.
const (
	StatusQueued = "queued" // waiting for the sending job
	StatusSent   = "sent"   // accepted by a real provider
	StatusKept   = "kept"   // the outbox provider: stored, sent nowhere
	StatusFailed = "failed" // the provider refused it for good, or retries ran out
)

// StatusLabel is the Persian label of a status, for the SMS log.
func StatusLabel(s string) string {
	if l, ok := statusLabels[s]; ok {
		return l
	}
	return s
}

// OutboxMessage is a stored message.
type OutboxMessage struct {
	ID                int64
	PersonID          int64
	RecipientName     string
	Mobile            string
	Reason            string
	Body              string
	Sensitive         bool
	Status            string
	Provider          string
	ProviderMessageID string
	Attempts          int
	LastError         string
	CreatedAt         time.Time
	SentAt            *time.Time
}

// ErrInvalidMobile is returned when a message's number is not an Iranian
// mobile number.
var ErrInvalidMobile = errors.New("notify: not a valid mobile number")
