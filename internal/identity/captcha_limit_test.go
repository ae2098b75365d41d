package identity_test

import (
	"context"
	"net/http"
	"testing"
	"time"
)

// Anonymous GETs of /password/forgot write a captcha row each: one
// address gets 30 in ten minutes, then a Persian 429 without a captcha
// (and without a row); ten minutes later, captchas again. Expired rows
// are purged.
func TestForgotPageBoundsCaptchasPerAddress(t *testing.T) {
	pageEngines(t, nil, func(t *testing.T, e *pageEnv) {
		ctx := context.Background()
		rows := func() int {
			var n int
			if err := e.d.QueryRow(ctx, "SELECT COUNT(*) FROM captchas").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		for range 30 {
			e.client("").Get("/password/forgot").Want(t, http.StatusOK, "").Has(t, `name="captcha_id" value="`)
		}
		e.client("").Get("/password/forgot").Want(t, http.StatusTooManyRequests, "").Has(t, "از این نشانی بیش از حد است", "دقیقه دیگر").Lacks(t, "/captcha/")
		if n := rows(); n != 30 {
			t.Fatalf("%d captcha rows after 31 GETs, want 30", n)
		}
		e.clock.Advance(10 * time.Minute)
		e.client("").Get("/password/forgot").Want(t, http.StatusOK, "").Has(t, "/captcha/")
		if n, err := e.captchas.DeleteExpired(ctx); err != nil || n != 30 || rows() != 1 {
			t.Fatalf("purge: %d %v, %d left", n, err, rows())
		}
	})
}
