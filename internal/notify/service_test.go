package notify

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/jobs"
)

// scripted is a provider that answers from a list of errors, then succeeds.
type scripted struct {
	mu    sync.Mutex
	errs  []error
	calls []Outgoing
}

func (p *scripted) Name() string { return "scripted" }
func (p *scripted) Send(_ context.Context, m Outgoing) (Receipt, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = append(p.calls, m)
	if len(p.errs) > 0 {
		err := p.errs[0]
		p.errs = p.errs[1:]
		return Receipt{}, err
	}
	return Receipt{MessageID: "m-1", Status: "در صف ارسال"}, nil
}

func newService(t *testing.T, d *db.DB, p Provider) (*Service, *jobs.Runner) {
	t.Helper()
	r := jobs.New(d, slog.New(slog.DiscardHandler))
	r.PollInterval = 50 * time.Millisecond
	s := New(d, r, p, slog.New(slog.DiscardHandler), nil)
	if err := r.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := r.Open(); err != nil {
		t.Fatal(err)
	}
	return s, r
}

func status(t *testing.T, d *db.DB, id int64) (string, int, string) {
	t.Helper()
	var st, lastErr string
	var attempts int
	if err := d.QueryRow(context.Background(), "SELECT status, attempts, last_error FROM sms_outbox WHERE id = $1", id).Scan(&st, &attempts, &lastErr); err != nil {
		t.Fatal(err)
	}
	return st, attempts, lastErr
}

func TestQueueNormalisesAndValidates(t *testing.T) {
	dbtest.Each(t, []*db.Schema{Schema}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, _ := newService(t, d, &scripted{})
		id, err := s.Send(ctx, Message{To: "+98 912 ۱۲۳ ۴۵۶۷", Reason: "آزمایش", Text: "سلام", PersonID: 7})
		if err != nil {
			t.Fatal(err)
		}
		msgs, total, err := s.List(ctx, Filter{PersonID: 7})
		if err != nil || total != 1 || len(msgs) != 1 || msgs[0].ID != id || msgs[0].Mobile != "09121234567" || msgs[0].Status != StatusQueued {
			t.Fatalf("got %+v total %d err %v", msgs, total, err)
		}
		if _, err := s.Send(ctx, Message{To: "12345", Reason: "x", Text: "y"}); !errors.Is(err, ErrInvalidMobile) {
			t.Fatalf("bad number gave %v", err)
		}
		if _, err := s.Send(ctx, Message{To: "09121234567", Reason: "", Text: "y"}); err == nil {
			t.Fatal("a message without a reason was stored")
		}
	})
}

func TestRollbackSendsNothing(t *testing.T) {
	dbtest.Each(t, []*db.Schema{Schema}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, _ := newService(t, d, &scripted{})
		abort := errors.New("abort")
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if _, err := s.Queue(ctx, tx, Message{To: "09121234567", Reason: "r", Text: "t"}); err != nil {
				return err
			}
			return abort
		})
		if !errors.Is(err, abort) {
			t.Fatal(err)
		}
		if _, total, _ := s.List(ctx, Filter{}); total != 0 {
			t.Fatalf("%d messages survived the rollback", total)
		}
	})
}

func TestDeliverRetriesTemporaryAndStopsOnPermanent(t *testing.T) {
	dbtest.Each(t, []*db.Schema{Schema}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := &scripted{errs: []error{
			&ProviderError{Provider: "scripted", Status: 409, Message: "busy", Temporary: true},
		}}
		s, _ := newService(t, d, p)
		id, err := s.Send(ctx, Message{To: "09121234567", Reason: "r", Text: "t"})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.deliver(ctx, id, false); err == nil {
			t.Fatal("a temporary failure was not reported for retry")
		}
		if st, n, e := status(t, d, id); st != StatusQueued || n != 1 || !strings.Contains(e, "busy") {
			t.Fatalf("after a temporary failure: %s %d %q", st, n, e)
		}
		if err := s.deliver(ctx, id, false); err != nil {
			t.Fatal(err)
		}
		if st, n, _ := status(t, d, id); st != StatusSent || n != 2 {
			t.Fatalf("after success: %s %d", st, n)
		}
		// A retried job after success does not send again.
		if err := s.deliver(ctx, id, false); err != nil || len(p.calls) != 2 {
			t.Fatalf("redelivery: %v, %d calls", err, len(p.calls))
		}

		p.errs = []error{&ProviderError{Provider: "scripted", Status: 411, Message: "bad receptor"}}
		id2, _ := s.Send(ctx, Message{To: "09121234568", Reason: "r", Text: "t"})
		if err := s.deliver(ctx, id2, false); err == nil {
			t.Fatal("a permanent failure was not reported")
		}
		if st, _, _ := status(t, d, id2); st != StatusFailed {
			t.Fatalf("after a permanent failure: %s", st)
		}
	})
}

// The whole path: queue, the job runner picks it up, the outbox provider
// keeps it and prints it for the demo console.
func TestOutboxThroughTheJobRunner(t *testing.T) {
	dbtest.Each(t, []*db.Schema{Schema}, func(t *testing.T, d *db.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var console syncBuffer
		s, r := newService(t, d, &Outbox{Console: &console})
		if err := r.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer r.Stop(context.Background())
		id, err := s.Send(ctx, Message{To: "09121234567", Reason: "آزمایش", Text: "کد شما ۱۲۳۴"})
		if err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(20 * time.Second)
		for {
			st, _, _ := status(t, d, id)
			if st == StatusKept {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("message still %s", st)
			}
			time.Sleep(20 * time.Millisecond)
		}
		if !strings.Contains(console.String(), "09121234567") || !strings.Contains(console.String(), "کد شما ۱۲۳۴") {
			t.Fatalf("console shows %q", console.String())
		}
	})
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }
