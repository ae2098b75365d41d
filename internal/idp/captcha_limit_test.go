package idp_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/identity"
)

// The sign-in's captcha step writes a captcha row on every GET: one
// address draws 30 in ten minutes (the allowance it shares with
// /password/forgot), then gets a Persian 429 without a captcha and
// without a row; ten minutes later, captchas again, and the expired rows
// go with the hourly cleanup.
func TestSignInCaptchasAreBoundedPerAddress(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		rows := func() int {
			var n int
			if err := e.d.QueryRow(ctx, "SELECT COUNT(*) FROM captchas").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		b := e.browser()
		p := b.get(e.rp().authURL()).want(t, http.StatusFound, "/idp/signin/")
		p = b.get(p.location).want(t, http.StatusSeeOther, "/idp/login/")
		login := p.location
		b.get(login)
		b.post(login+"/mobile", url.Values{"mobile": {reza.PrimaryMobile()}}).want(t, http.StatusSeeOther, login)
		for range 30 {
			b.get(login).want(t, http.StatusOK, "").has(t, `name="captcha_id" value="`)
		}
		pg := b.get(login).want(t, http.StatusTooManyRequests, "").has(t, "درخواست کد امنیتی از این نشانی بیش از حد است", "دقیقه دیگر")
		if strings.Contains(pg.body, "/captcha/") {
			t.Fatal("a captcha was drawn over the allowance")
		}
		if n := rows(); n != 30 {
			t.Fatalf("%d captcha rows after 31 GETs, want 30", n)
		}
		e.clock.Advance(10 * time.Minute)
		b.get(login).want(t, http.StatusOK, "").has(t, "/captcha/")
		store := identity.NewCaptchaStore(e.d, slog.New(slog.DiscardHandler), e.clock.Now, 10*time.Minute)
		if n, err := store.DeleteExpired(ctx); err != nil || n != 30 || rows() != 1 {
			t.Fatalf("purge: %d %v, %d left", n, err, rows())
		}
	})
}
