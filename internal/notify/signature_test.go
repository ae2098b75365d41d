package notify

import (
	"context"
	"sync"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
)

// Every message ends with the deployment's signature as it stands when
// the message is queued (an admin's change applies to the next SMS);
// none is added when it is empty.
func TestQueuedMessagesEndWithTheSignature(t *testing.T) {
	dbtest.Each(t, []*db.Schema{Schema}, func(t *testing.T, d *db.DB) {
		s, _ := newService(t, d, &Outbox{})
		ctx := context.Background()
		body := func(id int64) string {
			var b string
			if err := d.QueryRow(ctx, "SELECT body FROM sms_outbox WHERE id = $1", id).Scan(&b); err != nil {
				t.Fatal(err)
			}
			return b
		}
		send := func() int64 {
			id, err := s.Send(ctx, Message{To: "09121234567", Reason: "آزمون", Text: "سرویس شما ۲ روز دیگر منقضی می‌شود"})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		if got := body(send()); got != "سرویس شما ۲ روز دیگر منقضی می‌شود" {
			t.Fatalf("without a signature: %q", got)
		}
		sig := "پارس‌نت"
		s.UseSignature(func(context.Context, db.Querier) string { return sig })
		if got := body(send()); got != "سرویس شما ۲ روز دیگر منقضی می‌شود\nپارس‌نت" {
			t.Fatalf("signed: %q", got)
		}
		sig = "  "
		if got := body(send()); got != "سرویس شما ۲ روز دیگر منقضی می‌شود" {
			t.Fatalf("blank signature: %q", got)
		}
	})
}

// TestSMSInsideATransactionReadsTheBrandThroughIt: the signature (the
// brand's, read from the database) is read through the transaction the
// message is queued in. Read from the pool instead, fifty messages queued
// at once, each in its transaction, held every connection on PostgreSQL
// while each waited for one more: a deadlock. The signature here reads
// the way the brand does; the test fails with a deadline when the read
// goes to the pool.
func TestSMSInsideATransactionReadsTheBrandThroughIt(t *testing.T) {
	dbtest.Each(t, []*db.Schema{Schema}, func(t *testing.T, d *db.DB) {
		s, _ := newService(t, d, &Outbox{})
		s.UseSignature(func(ctx context.Context, q db.Querier) string {
			if _, inTx := q.(*db.Tx); !inTx {
				t.Errorf("the signature is read through %T, not the message's transaction", q)
			}
			var sig string
			if err := q.QueryRow(ctx, "SELECT 'پارس‌نت'").Scan(&sig); err != nil {
				t.Errorf("read the signature: %v", err)
			}
			return sig
		})
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range 50 {
			wg.Go(func() {
				<-start
				if _, err := s.Send(ctx, Message{To: "09121234567", Reason: "آزمون", Text: "کد شما ۱۲۳۴"}); err != nil {
					t.Errorf("send: %v", err)
				}
			})
		}
		close(start)
		wg.Wait()
		var n int
		if err := d.QueryRow(context.Background(), "SELECT COUNT(*) FROM sms_outbox WHERE body LIKE '%پارس‌نت'").Scan(&n); err != nil || n != 50 {
			t.Errorf("%d signed messages stored, want 50: %v", n, err)
		}
	})
}
