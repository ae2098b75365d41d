package app_test

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/browsertest"
	"pishkhan/internal/db"
	"pishkhan/internal/isp"
)

// TestBrowserISPStaffLineDeskSessions: the staff line desk of the demo
// subscriber «کمال نصیری» shows an open session with «قطع اتصال» and the
// Disconnect/CoA log, on a phone and a desktop; the demo runs no RADIUS
// server here, so the button answers with the Persian reason.
func TestBrowserISPStaffLineDeskSessions(t *testing.T) {
	b := browsertest.New(t, browserLongTimeout())
	srv, dir := startBillingBrowserServer(t)
	d, err := db.Open(context.Background(), filepath.Join(dir, "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	ctx := context.Background()
	var subID int64
	if err := d.QueryRow(ctx, "SELECT id FROM isp_subscribers WHERE username = 'nasiri'").Scan(&subID); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	var usage int64
	if err := d.ExecReturning(ctx, `INSERT INTO isp_usage (subscriber_id, nas, session_id, started_at, updated_at, download, upload, ip, nas_ip, username, rate_limit, overage)
		VALUES ($1, 'bras-1', 'desk-1', $2, $3, $4, $5, '10.20.30.40', '10.0.0.1', 'nasiri', '2048k/2048k', $6) RETURNING id`,
		subID, now.Add(-time.Hour), now, int64(120)<<20, int64(30)<<20, int64(3)<<20).Scan(&usage); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Exec(ctx, `INSERT INTO isp_nas_requests (subscriber_id, usage_id, nas, kind, reason, rate_limit, attempts, result, error_cause, sent_at)
		VALUES ($1, $2, '10.0.0.1', 'coa', 'rate', '4096k/4096k', 3, 'timeout', 0, $3)`, subID, usage, now.Add(-10*time.Minute)); err != nil {
		t.Fatal(err)
	}

	browserStaffSignIn(t, b, srv.URL, "sales", "Pishkhan-Staff@1405", "Sales-Desk#2049")
	page := srv.URL + "/staff/isp/subscribers/" + strconv.FormatInt(subID, 10)
	b.Navigate(page)
	if !b.Exists(`form[action$="/sessions/` + strconv.FormatInt(usage, 10) + `/disconnect"] button`) {
		t.Fatalf("no «قطع اتصال» button on the line desk:\n%s", b.Text("main"))
	}
	b.Snapshot("desk-desktop")
	b.PhoneViewport()
	b.Reload()
	b.Snapshot("desk-phone")
	b.DesktopViewport()
	b.Reload()
	b.Submit(`form[action$="/disconnect"] button`)
	if got := b.Text("main"); !strings.Contains(got, isp.ErrNoRadius.Message) || !strings.Contains(got, "بی پاسخ") {
		t.Fatalf("after «قطع اتصال» without a RADIUS server:\n%s", got)
	}
}

// TestBrowserISPStaffPlanSessions: the plans page's «اتصال همزمان»
// column, set by the admin, on a phone and a desktop.
func TestBrowserISPStaffPlanSessions(t *testing.T) {
	b := browsertest.New(t, browserLongTimeout())
	srv, _ := startBillingBrowserServer(t)
	browserStaffSignIn(t, b, srv.URL, "admin", "Pishkhan-Staff@1405", "Admin-Desk#2049")
	b.Navigate(srv.URL + "/staff/isp/plans")
	sel := `form[action$="/sessions"] input[name="sessions"]`
	if !b.Exists(sel) {
		t.Fatalf("no «اتصال همزمان» field:\n%s", b.Text("main"))
	}
	b.Fill(sel, "۲")
	b.Submit(sel)
	if got := b.Text("main"); !strings.Contains(got, "تعداد اتصال همزمان ثبت شد") {
		t.Fatalf("after setting the limit:\n%s", got)
	}
	if v := b.Value(sel); v != "۲" {
		t.Fatalf("the first service's limit reads %q", v)
	}
	b.Snapshot("plans-desktop")
	b.PhoneViewport()
	b.Reload()
	b.Snapshot("plans-phone")
}
