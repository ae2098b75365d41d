package identity

import (
	"context"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/notify"
)

func TestRecovery(t *testing.T) {
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, func(o *Options) { o.RecoveryLimit = Limit{Attempts: 100, Window: time.Hour} })
		code := nationalCode("777888999")
		c := e.customer(t, NewCustomer{NationalCode: code, Username: "neda", Mobile: "09127776655", FirstName: "ندا"})
		e.setUp(t, c, strongPassword)
		if err := e.s.SetSecurityAnswers(ctx, c.ID, map[int]string{1: "Mrs Karimi", 3: "Pishi", 5: "Vali Asr"}); err != nil {
			t.Fatal(err)
		}
		other := e.customer(t, NewCustomer{NationalCode: nationalCode("101010101"), Mobile: "09350001122"})

		good := RecoveryRequest{Identifier: "neda", NationalCode: code, Mobile: "09127776655", QuestionID: 3, Answer: "  PISHI ", IP: "192.0.2.10"}
		cases := map[string]func(r *RecoveryRequest){
			"unknown identifier":    func(r *RecoveryRequest) { r.Identifier = "nobody" },
			"wrong national code":   func(r *RecoveryRequest) { r.NationalCode = other.NationalCode },
			"invalid national code": func(r *RecoveryRequest) { r.NationalCode = "123" },
			"wrong mobile":          func(r *RecoveryRequest) { r.Mobile = "09350001122" },
			"invalid mobile":        func(r *RecoveryRequest) { r.Mobile = "12" },
			"wrong answer":          func(r *RecoveryRequest) { r.Answer = "Garfield" },
			"Persian answer":        func(r *RecoveryRequest) { r.Answer = "پیشی" },
			"unanswered question":   func(r *RecoveryRequest) { r.QuestionID = 2 },
			"other's identifier":    func(r *RecoveryRequest) { r.Identifier = "09350001122" },
		}
		var message string
		for name, change := range cases {
			r := good
			change(&r)
			before := e.s.HashChecks()
			err := e.s.Recover(ctx, r)
			re := wantCode(t, err, ErrRecoveryMismatch)
			if message == "" {
				message = re.UserMessage()
			}
			if re.UserMessage() != message || re.Field != "" {
				t.Fatalf("%s: message %q field %q differs", name, re.UserMessage(), re.Field)
			}
			if n := e.s.HashChecks() - before; n != 1 {
				t.Fatalf("%s: %d hash checks, want exactly 1", name, n)
			}
		}
		if _, total, _ := e.sms.List(ctx, notify.Filter{}); total != 0 {
			t.Fatalf("%d SMS after failed recoveries", total)
		}

		// Success: the identifier may be any of the person's, in any script.
		good.Identifier = "۰۹۱۲۷۷۷۶۶۵۵"
		if err := e.s.Recover(ctx, good); err != nil {
			t.Fatal(err)
		}
		msgs, total, err := e.sms.List(ctx, notify.Filter{PersonID: c.ID})
		if err != nil || total != 1 || !msgs[0].Sensitive || msgs[0].Reason != RecoveryReason || msgs[0].Mobile != "09127776655" {
			t.Fatalf("SMS %+v %d %v", msgs, total, err)
		}
		temp := tempPassword(t, msgs[0].Body)
		wantCode(t, errOf(e.s.SignIn(ctx, "neda", strongPassword, "192.0.2.11", "ua")), ErrBadCredentials)
		res, err := e.s.SignIn(ctx, "neda", temp, "192.0.2.11", "ua")
		if err != nil || !res.MustChangePassword || res.NeedsSecurityQuestions {
			t.Fatalf("temporary password: %+v %v", res, err)
		}
		if got := e.endedSessions(); len(got) < 2 || got[len(got)-1] != (ended{KindCustomer, c.ID, 0}) {
			t.Fatalf("sessions not ended: %+v", got)
		}
		acts := e.auditActions(t, AuditFilter{})
		if acts[ActionRecovery] != 1 || acts[ActionRecoveryFailed] != len(cases) {
			t.Fatalf("audit %v", acts)
		}

		// A person without security answers recovers with the three fields.
		plain := e.customer(t, NewCustomer{NationalCode: nationalCode("202020202"), Username: "plain", Mobile: "09130000001"})
		if err := e.s.Recover(ctx, RecoveryRequest{Identifier: "plain", NationalCode: plain.NationalCode, Mobile: "9130000001", IP: "192.0.2.12"}); err != nil {
			t.Fatal(err)
		}
	})
}

func tempPassword(t *testing.T, body string) string {
	t.Helper()
	_, rest, ok := strings.Cut(body, ": ")
	p, _, _ := strings.Cut(rest, "\n")
	if !ok || len(p) != customerPasswordLen {
		t.Fatalf("no password in %q", body)
	}
	return p
}

func TestRecoveryRateLimits(t *testing.T) {
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, nil) // 3 per hour per address and per mobile
		code := nationalCode("303030303")
		e.customer(t, NewCustomer{NationalCode: code, Mobile: "09140000000"})

		// Per address, whatever the mobile.
		for i := 0; i < 3; i++ {
			wantCode(t, e.s.Recover(ctx, RecoveryRequest{Identifier: "x", NationalCode: code, Mobile: "0915000000" + string(rune('0'+i)), IP: "198.51.100.7"}), ErrRecoveryMismatch)
		}
		before := e.s.HashChecks()
		le := wantCode(t, e.s.Recover(ctx, RecoveryRequest{Identifier: code, NationalCode: code, Mobile: "09140000000", IP: "198.51.100.7"}), ErrRateLimited)
		if le.RetryAfter != time.Hour || !strings.Contains(le.UserMessage(), "۶۰ دقیقه") || e.s.HashChecks() != before {
			t.Fatalf("rate limit %v %q", le.RetryAfter, le.UserMessage())
		}
		// Per mobile, whatever the address.
		for i := 0; i < 3; i++ {
			if err := e.s.Recover(ctx, RecoveryRequest{Identifier: code, NationalCode: code, Mobile: "09140000000", IP: "198.51.101." + string(rune('0'+i))}); err != nil {
				t.Fatal(err)
			}
		}
		wantCode(t, e.s.Recover(ctx, RecoveryRequest{Identifier: code, NationalCode: code, Mobile: "09140000000", IP: "198.51.102.1"}), ErrRateLimited)
		e.clock.Advance(time.Hour)
		if err := e.s.Recover(ctx, RecoveryRequest{Identifier: code, NationalCode: code, Mobile: "09140000000", IP: "198.51.100.7"}); err != nil {
			t.Fatalf("after an hour: %v", err)
		}
		if _, total, _ := e.sms.List(ctx, notify.Filter{Mobile: "09140000000"}); total != 4 {
			t.Fatalf("%d SMS sent", total)
		}
	})
}
