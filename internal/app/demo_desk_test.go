package app_test

import (
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/app"
	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
)

// `serve --clock` outside the demo, or with a value that is not a Jalali
// date and time, stops with a clear error before anything starts.
func TestServeClockRefusedOutsideTheDemoOrMalformed(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--clock", "1403/12/29 23:55"}, "--clock is for the demo only: add --demo"},
		{[]string{"--demo", "--clock", "1403/12/32 23:55"}, `--clock "1403/12/32 23:55": not a Jalali date and time in Tehran; write it like "1403/12/29 23:55"`},
		{[]string{"--demo", "--clock", "1403/12/29 25:00"}, "not a Jalali date and time"},
	} {
		out, errOut := &lockedBuffer{}, &lockedBuffer{}
		args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dir, "--database-url", filepath.Join(dir, "p.db")}, c.args...)
		code := app.Run(context.Background(), args, envOf(nil), out, errOut)
		if code != 1 || !strings.Contains(errOut.String(), c.want) || strings.Contains(out.String(), "serving") {
			t.Errorf("%v: exit %d, stderr %q", c.args, code, errOut.String())
		}
	}
}

// The demo started at a Jalali time runs every service on that clock:
// the pages' date, the seeded rows, and the jobs River runs. An admin's
// desk (/staff/demo) moves the clock 24 days on, which makes the hourly
// ISP sweep send the demo line's «2 days left» SMS at once, and runs any
// scheduled job now; both are audited; other staff get 403. The admin
// signs in with an authenticator code of real time, as a phone gives.
func TestDemoClockAndJobDesk(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			dir := t.TempDir()
			dbURL := filepath.Join(dir, "p.db")
			if engine == "postgres" {
				dbURL = dbtest.PostgresURL(t)
			}
			// Noon, so that the test does not cross a Tehran midnight.
			s := startServe(t, dir, "--demo", "--clock", "۱۴۰۳/۱۲/۲۹ ۱۲:۳۰", "--database-url", dbURL)
			start := time.Date(2025, 3, 19, 9, 0, 0, 0, time.UTC) // 1403/12/29 12:30 in Tehran
			ctx := context.Background()
			d, err := db.Open(ctx, dbURL)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			near := func(what string, got, want time.Time) {
				t.Helper()
				if got.Before(want) || got.After(want.Add(10*time.Minute)) {
					t.Errorf("%s at %v, want the demo's time %v (+ a few minutes)", what, got.UTC(), want)
				}
			}

			c := newPortalClient(t, s.base)
			if code, _, page := c.get("/"); code != 200 || !strings.Contains(page, "۲۹ اسفند ۱۴۰۳") {
				t.Fatalf("home: %d, no «۲۹ اسفند ۱۴۰۳» in the header", code)
			}
			var at time.Time
			if err := d.QueryRow(ctx, "SELECT created_at FROM sms_outbox WHERE reason = $1", "پیام خوش‌آمد نسخه نمایشی").Scan(&at); err != nil {
				t.Fatal(err)
			}
			near("the welcome SMS", at, start)
			if err := d.QueryRow(ctx, "SELECT seeded_at FROM demo_seeds WHERE name = 'support'").Scan(&at); err != nil {
				t.Fatal(err)
			}
			near("the support seed", at, start)

			// /metrics counts the SMS of the last hour on the same clock.
			if _, _, page := c.get("/metrics"); !strings.Contains(page, `pishkhan_sms_recent{status="`) {
				t.Errorf("/metrics counts no SMS in the demo's last hour")
			}

			// Other staff may not use the desk.
			sup := newPortalClient(t, s.base)
			staffSignInHTTP(t, sup, "support", "Pishkhan-Staff@1405")
			if code, _, _ := sup.get("/staff/demo"); code != 403 {
				t.Fatalf("support on the desk: %d, want 403", code)
			}

			staffSignInHTTP(t, c, "admin", "Pishkhan-Staff@1405")
			code, _, page := c.get("/staff/demo")
			if code != 200 || !strings.Contains(page, "اجرا اکنون") || !strings.Contains(page, "جلو بردن ساعت") || !strings.Contains(page, "اسفند ۱۴۰۳") {
				t.Fatalf("desk: %d\n%s", code, page)
			}
			twoDays := func() (int, time.Time) {
				t.Helper()
				var n int
				var sent time.Time
				const q = `FROM isp_notices n JOIN isp_subscribers s ON s.id = n.subscriber_id
					JOIN customers c ON c.id = s.customer_id WHERE c.national_code = $1 AND n.kind = 'two_days'`
				if err := d.QueryRow(ctx, "SELECT COUNT(*) "+q, "4567891236").Scan(&n); err != nil {
					t.Fatal(err)
				}
				if n > 0 {
					if err := d.QueryRow(ctx, "SELECT n.sent_at "+q+" ORDER BY n.sent_at DESC LIMIT 1", "4567891236").Scan(&sent); err != nil {
						t.Fatal(err)
					}
				}
				return n, sent
			}
			if n, _ := twoDays(); n != 0 {
				t.Fatalf("the «2 days left» notice before its time: %d", n)
			}

			// A wrong amount is refused in Persian, the clock unmoved.
			if code, _, page := c.post("/staff/demo/clock", url.Values{"amount": {"۰"}, "unit": {"day"}}); code != 422 || !strings.Contains(page, "تعداد روز باید عددی از ۱ تا ۴۰۰ باشد.") {
				t.Fatalf("amount 0: %d", code)
			}
			c.get("/staff/demo")
			if code, loc, _ := c.post("/staff/demo/clock", url.Values{"amount": {"۲۴"}, "unit": {"day"}}); code != 303 || loc != "/staff/demo" {
				t.Fatalf("advance: %d %s", code, loc)
			}
			// Other sessions end, as 24 idle days would end them; the
			// admin's lives on at the new time.
			if code, loc, _ := sup.get("/staff"); code != 303 || !strings.HasPrefix(loc, "/staff/login") {
				t.Fatalf("another staff session after the clock moved 24 days: %d %s", code, loc)
			}
			if code, _, page = c.get("/staff/demo"); code != 200 || !strings.Contains(page, "۲۴ روز") || !strings.Contains(page, "فروردین ۱۴۰۴") {
				t.Fatalf("desk after advancing: %d\n%s", code, page)
			}
			deadline := time.Now().Add(60 * time.Second)
			for {
				n, sent := twoDays()
				if n == 1 {
					near("the «2 days left» notice", sent, start.AddDate(0, 0, 24))
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("the ISP sweep did not send the «2 days left» notice after the clock moved 24 days")
				}
				time.Sleep(100 * time.Millisecond)
			}
			var sms int
			if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM sms_outbox WHERE mobile = $1 AND reason = $2", "09121110003", "اعلام 2 روز مانده به منقضی شدن سرویس").Scan(&sms); err != nil || sms != 1 {
				t.Fatalf("the notice's SMS: %d %v", sms, err)
			}

			// Run one job now; an unknown one is not found.
			if code, loc, _ := c.post("/staff/demo/jobs/welfare_restore/run", url.Values{}); code != 303 || loc != "/staff/demo" {
				t.Fatalf("run now: %d %s", code, loc)
			}
			if code, _, _ := c.post("/staff/demo/jobs/nightly/run", url.Values{}); code != 404 {
				t.Fatalf("unknown job: %d", code)
			}
			var runs, advances int
			if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE action = 'demo_job_run' AND detail = 'welfare_restore'").Scan(&runs); err != nil {
				t.Fatal(err)
			}
			if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE action = 'demo_clock_advance'").Scan(&advances); err != nil {
				t.Fatal(err)
			}
			if runs != 1 || advances != 1 {
				t.Fatalf("audit: %d job runs, %d clock moves; want 1 and 1", runs, advances)
			}
			// The banner, printed before the first sign-in, gave the demo's time.
			if !strings.Contains(s.stdout.String(), "demo clock: now 1403/12/29 12:3") {
				t.Errorf("the banner does not give the demo's time:\n%s", s.stdout.String())
			}
			if code, _, page := c.get("/staff/audit"); code != 200 || !strings.Contains(page, "جلو بردن ساعت (نسخه نمایشی)") {
				t.Fatalf("the audit log does not name the clock move: %d", code)
			}
		})
	}
}

// Outside the demo the desk does not exist.
func TestDemoDeskAbsentOutsideTheDemo(t *testing.T) {
	s := startServe(t, t.TempDir())
	c := newPortalClient(t, s.base)
	for _, p := range []string{"/staff/demo"} {
		if code, _, _ := c.get(p); code != 404 {
			t.Fatalf("%s outside the demo: %d, want 404", p, code)
		}
	}
	c.get("/staff/login")
	if code, _, _ := c.post("/staff/demo/jobs/cleanup/run", url.Values{}); code != 404 && code != 405 {
		t.Fatalf("run now outside the demo: %d, want 404", code)
	}
}
