package signup_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/pagetest"
	"pishkhan/internal/signup"
)

// Every GET of «تایید ثبت نهایی» draws a captcha row: one address draws
// 30 in ten minutes (the allowance it shares with /password/forgot),
// then gets a Persian 429 without a captcha and without a row; ten
// minutes later, captchas again, and the expired rows are purged.
func TestConfirmPageBoundsCaptchasPerAddress(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		site := pagetest.NewOn(t, e.base, pagetest.Options{Captcha: true, Routes: func(s *pagetest.Site) error {
			return signup.Routes(s.Server, e.svc)
		}})
		store := site.Captchas
		token := e.verified(t)
		if _, err := e.svc.Submit(ctx, token, goodDetails); err != nil {
			t.Fatal(err)
		}
		get := func() (int, string) {
			req, _ := http.NewRequest("GET", site.URL+"/register/confirm", nil)
			req.AddCookie(&http.Cookie{Name: "pishkhan_signup", Value: token})
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			return resp.StatusCode, string(b)
		}
		rows := func() int {
			var n int
			if err := e.d.QueryRow(ctx, "SELECT COUNT(*) FROM captchas").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		for i := range 30 {
			if status, body := get(); status != http.StatusOK || !strings.Contains(body, "/captcha/") {
				t.Fatalf("GET %d: %d, captcha shown %v", i+1, status, strings.Contains(body, "/captcha/"))
			}
		}
		status, body := get()
		if status != http.StatusTooManyRequests || !strings.Contains(body, "درخواست کد امنیتی از این نشانی بیش از حد است") ||
			!strings.Contains(body, "دقیقه دیگر") || strings.Contains(body, "/captcha/") {
			t.Fatalf("31st GET: %d, captcha shown %v", status, strings.Contains(body, "/captcha/"))
		}
		if n := rows(); n != 30 {
			t.Fatalf("%d captcha rows after 31 GETs, want 30", n)
		}
		e.advance(10 * time.Minute)
		if status, body := get(); status != http.StatusOK || !strings.Contains(body, "/captcha/") {
			t.Fatalf("after the window: %d", status)
		}
		if n, err := store.DeleteExpired(ctx); err != nil || n != 30 || rows() != 1 {
			t.Fatalf("purge: %d %v, %d left", n, err, rows())
		}
	})
}
