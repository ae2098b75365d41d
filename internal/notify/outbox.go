package notify

import (
	"context"
	"fmt"
	"io"
	"sync"
)

// Outbox is the embedded default provider: it keeps messages in the
// outbox table and sends nothing. With a console writer (serve --demo) it
// prints each message, so a developer can read one-time codes.
type Outbox struct {
	mu      sync.Mutex
	Console io.Writer
}

func (*Outbox) Name() string { return "outbox" }

func (o *Outbox) Send(_ context.Context, m Outgoing) (Receipt, error) {
	if o.Console != nil {
		o.mu.Lock()
		fmt.Fprintf(o.Console, fmtConsoleLine, m.To, m.Text)
		o.mu.Unlock()
	}
	return Receipt{MessageID: fmt.Sprintf("outbox-%d", m.LocalID), Status: StatusKept}, nil
}
