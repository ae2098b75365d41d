package notify

import (
	"context"
	"fmt"
)

// Outgoing is one SMS as a provider receives it.
type Outgoing struct {
	// LocalID is the outbox row's ID. Providers that support it pass it on
	// so that a retried send is recognised as the same message.
	LocalID int64
	To      string // canonical mobile number, 09xxxxxxxxx
	Text    string
	// Template and Tokens, when Template is set, ask the provider to send a
	// pre-approved template (Kavenegar's "verify/lookup", used for one-time
	// codes because it goes through the faster OTP route). Text still holds
	// the full message, for the outbox and for providers without templates.
	Template string
	Tokens   []string
}

// Receipt is what a provider reports for an accepted message.
type Receipt struct {
	MessageID string // the provider's ID for the message
	Status    string // the provider's own status text, kept for the SMS log
}

// Provider sends SMS. There are two: the outbox (the embedded default,
// which keeps messages and sends nothing) and Kavenegar.
type Provider interface {
	Name() string
	Send(ctx context.Context, m Outgoing) (Receipt, error)
}

// ProviderError is a failure reported by a provider. Temporary failures
// (the provider is down, rate-limited, or answered 5xx) are retried with
// back-off; permanent ones (a bad number, a bad key, no credit) are not,
// because trying again cannot help.
type ProviderError struct {
	Provider  string
	Status    int    // the provider's own status code, when it gave one
	Message   string // the provider's message, for the log
	Temporary bool
}

func (e *ProviderError) Error() string {
	kind := "permanent"
	if e.Temporary {
		kind = "temporary"
	}
	return fmt.Sprintf("%s: %s error %d: %s", e.Provider, kind, e.Status, e.Message)
}
