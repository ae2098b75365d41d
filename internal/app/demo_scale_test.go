package app_test

import (
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"pishkhan/internal/app"
	"pishkhan/internal/db"
)

// «pishkhan demo --scale» makes customers who sign in and see their
// purchases and internet usage, as the load tests need; a second run is
// refused rather than doubling the data.
func TestDemoScale(t *testing.T) {
	dir := t.TempDir()
	run := func(args ...string) (int, string, string) {
		var out, errOut lockedBuffer
		code := app.Run(context.Background(), append(args, "--data-dir", dir, "--database-url", filepath.Join(dir, "p.db")),
			envOf(map[string]string{"PISHKHAN_LOG_LEVEL": "warn"}), &out, &errOut)
		return code, out.String(), errOut.String()
	}
	if code, out, errOut := run("demo", "--scale", "30", "--purchases", "3", "--sessions", "5"); code != 0 || !strings.Contains(out, "scale data ready") {
		t.Fatalf("demo --scale: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := run("demo", "--scale", "30"); code != 1 || !strings.Contains(errOut, "already") {
		t.Fatalf("a second demo --scale: %d %s", code, errOut)
	}
	d, err := db.Open(context.Background(), filepath.Join(dir, "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, q := range []string{"customers WHERE national_code LIKE '7%'", "card_purchases WHERE source = 'scale'", "isp_usage WHERE nas = 'scale'",
		"card_installments WHERE purchase_id IN (SELECT id FROM card_purchases WHERE source = 'scale')"} {
		var n int
		if err := d.QueryRow(context.Background(), "SELECT COUNT(*) FROM "+q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		counts[strings.Fields(q)[0]] = n
	}
	var off int
	d.QueryRow(context.Background(), `SELECT COUNT(*) FROM card_accounts a WHERE a.balance <> (SELECT COALESCE(SUM(l.amount), 0) FROM card_ledger l WHERE l.account_id = a.id)`).Scan(&off)
	d.Close()
	if counts["customers"] != 30 || counts["card_purchases"] != 30*3 || counts["isp_usage"] != 30*5 || counts["card_installments"] != 30*(1+2+3) || off != 0 {
		t.Fatalf("scale rows: %v, %d accounts off their ledger", counts, off)
	}

	s := startServe(t, dir)
	c := newPortalClient(t, s.base)
	c.get("/login")
	if code, loc, _ := c.post("/login", url.Values{"identifier": {"scale000007"}, "password": {app.ScalePassword}}); code != 303 || loc != "/" {
		t.Fatalf("a scale customer signs in: %d %s", code, loc)
	}
	if code, _, page := c.get("/cards/purchases"); code != 200 || strings.Count(page, "P-") < 3 {
		t.Fatalf("the scale customer's purchases: %d", code)
	}
	if code, _, page := c.get("/isp/account?tab=usage&from=" + url.QueryEscape("1300/01/01")); code != 200 || !strings.Contains(page, "10.") {
		t.Fatalf("the scale customer's usage: %d", code)
	}
}
