package app_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"pishkhan/internal/db"
)

// Registration through single sign-on works in a demo whose clock is
// years before or after real time: the provider's library stamps its ID
// tokens with real time, so the portal checks them against real time.
func TestDemoClockRegistrationThroughSSO(t *testing.T) {
	for _, clock := range []string{"1403/12/29 12:30", "1410/01/01 12:00"} {
		t.Run(strings.Fields(clock)[0][:4], func(t *testing.T) {
			dir := t.TempDir()
			s := startServe(t, dir, "--demo", "--clock", clock)
			d, err := db.Open(context.Background(), filepath.Join(dir, "p.db"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { d.Close() })
			jar, _ := cookiejar.New(nil)
			c := &ssoClient{t: t, base: s.base, d: d, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
			c.register("0078912342", "1377/07/07", "09121110006", "Zagros-Peak-2071")
			c.get("/login")
			p := c.post("/login", url.Values{"identifier": {"0078912342"}, "password": {"Zagros-Peak-2071"}}).want(t, http.StatusSeeOther, "")
			if strings.Contains(p.location, "/login") {
				t.Fatalf("sign-in after registration went to %s", p.location)
			}
		})
	}
}
