package notify

import (
	"context"
	"testing"

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
		s.UseSignature(func(context.Context) string { return sig })
		if got := body(send()); got != "سرویس شما ۲ روز دیگر منقضی می‌شود\nپارس‌نت" {
			t.Fatalf("signed: %q", got)
		}
		sig = "  "
		if got := body(send()); got != "سرویس شما ۲ روز دیگر منقضی می‌شود" {
			t.Fatalf("blank signature: %q", got)
		}
	})
}
