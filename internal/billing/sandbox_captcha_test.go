package billing

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/identity"
	"pishkhan/internal/notify"
	"pishkhan/internal/web"
)

// Every GET of a pending payment page draws a captcha (a row, with the
// database store): with BoundCaptchas, one address draws 30 in ten
// minutes, then gets a Persian 429 without a captcha; ten minutes later,
// captchas again.
func TestSandboxPageBoundsCaptchasPerAddress(t *testing.T) {
	dbtest.Each(t, []*db.Schema{web.Schema, notify.Schema, identity.Schema, SandboxSchema}, func(t *testing.T, d *db.DB) {
		rig := newSandboxRig(t, d)
		ids := identity.New(d, nil, identity.Options{Now: rig.clock.Now})
		rig.bank.BoundCaptchas(ids)
		red, err := rig.bank.Request(context.Background(), PaymentRequest{OrderID: 1, Amount: 10_000, CallbackURL: rig.ts.URL + "/billing/callback/sandbox?order=1"})
		if err != nil {
			t.Fatal(err)
		}
		get := func() (int, string) {
			resp, err := rig.client.Get(red.URL)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			return resp.StatusCode, string(b)
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
		// No card form that could only be refused: a way to try again
		// and a way back to the merchant.
		if strings.Contains(body, `name="card"`) || strings.Contains(body, `value="pay"`) ||
			!strings.Contains(body, "تلاش دوباره") || !strings.Contains(body, `value="cancel"`) {
			t.Fatalf("31st GET: the page without a captcha must offer only «تلاش دوباره» and «انصراف»:\n%s", body)
		}
		rig.clock.Advance(10 * time.Minute)
		if status, body := get(); status != http.StatusOK || !strings.Contains(body, "/captcha/") {
			t.Fatalf("after the window: %d", status)
		}
	})
}
