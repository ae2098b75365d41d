package idp_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"pishkhan/internal/browsertest"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/identity"
	"pishkhan/internal/idp"
	"pishkhan/internal/notify"
	"pishkhan/internal/web"
)

// TestBrowserProviderPages walks the provider's pages in headless
// Chromium (PISHKHAN_TEST_BROWSER=1) — sign-in, code, consent, the
// logout confirmation, signed out, a refusal — and the admin's client
// page, and at 360, 390 and 1280 px checks that each is one centred
// card of «سامانه امتا» that does not overflow; it photographs each at
// 390 and 1280 (PISHKHAN_TEST_SCREENSHOTS).
func TestBrowserProviderPages(t *testing.T) {
	b := browsertest.New(t)
	d := dbtest.SQLite(t, web.Schema, notify.Schema, identity.Schema, idp.Schema)
	e := newEnv(t, d, nil)
	e.setLogout(t, rpID, []string{e.url + "/idp/grants"}, "")

	look := func(name string, provider bool) {
		t.Helper()
		for _, w := range []int{360, 390, 1280} {
			b.Do(fmt.Sprintf("viewport %d", w), chromedp.EmulateViewport(int64(w), 800))
			b.Reload()
			var m struct {
				Over             int
				Left, Right, Win float64
			}
			b.Eval(`(() => { const c = document.querySelector("main .card"); const r = c.getBoundingClientRect();
				return {over: document.documentElement.scrollWidth - document.documentElement.clientWidth, left: r.left, right: r.right, win: document.documentElement.clientWidth}; })()`, &m)
			if m.Over > 0 {
				t.Errorf("%s at %d px: %d px too wide", name, w, m.Over)
			}
			if provider {
				if !b.Exists(".idp .idp-brand") || !strings.Contains(b.Text(".idp-brand"), "سامانه امتا") || !b.Exists(".idp-footer") {
					t.Errorf("%s at %d px: not branded", name, w)
				}
				// Centred: the card's margins differ by at most a pixel.
				if d := m.Left - (m.Win - m.Right); d > 1 || d < -1 {
					t.Errorf("%s at %d px: card not centred (left %.0f, right %.0f of %.0f)", name, w, m.Left, m.Right, m.Win)
				}
			}
			if w != 360 {
				snapshot(t, b, fmt.Sprintf("%s-%d", name, w), w)
			}
		}
	}

	r := e.rp()
	b.Navigate(r.authURL())
	b.WaitVisible("#mobile")
	look("signin-mobile", true)
	b.Fill("#mobile", reza.PrimaryMobile())
	b.Submit("#mobile")
	b.WaitVisible("img.captcha")
	var digits []byte
	if err := d.QueryRow(context.Background(), "SELECT digits FROM captchas WHERE id = $1", b.Value(`input[name="captcha_id"]`)).Scan(&digits); err != nil {
		t.Fatal(err)
	}
	answer := ""
	for _, x := range digits {
		answer += string(rune('0' + x))
	}
	b.Fill("#captcha", answer)
	b.Submit("#captcha")
	b.WaitVisible("#code")
	look("signin-verify", true)
	code, _ := e.lastCode(reza.PrimaryMobile())
	b.Fill("#national_code", reza.NationalCode)
	b.Fill("#birth_date", reza.BirthDate)
	b.Fill("#code", code)
	b.Submit("#code")
	b.WaitVisible("#grant")
	look("consent", true)

	b.Navigate(e.url + "/idp/end_session?" + url.Values{"client_id": {rpID}, "post_logout_redirect_uri": {e.url + "/idp/grants"}, "state": {"s1"}}.Encode())
	b.WaitVisible("#logout")
	look("logout-confirm", true)
	b.Navigate(e.url + "/idp/grants")
	look("grants", true)
	b.Navigate(e.url + "/idp/end_session?client_id=nope")
	look("error", true)
	b.Navigate(e.url + "/idp/end_session")
	b.WaitVisible("#logout")
	b.Click("#logout")
	b.WaitVisible("#logged-out")
	look("logged-out", true)

	// The admin's page of the client, in the back office's look.
	_, once, err := e.ids.CreateStaff(context.Background(), identity.Actor{}, "admin1", "مدیر", []string{identity.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	b.Navigate(e.url + "/staff/login")
	b.Fill("#username", "admin1")
	b.Fill("#password", once)
	b.Submit("#username")
	b.Fill("#new_password", staffPassword)
	b.Fill("#repeat_password", staffPassword)
	b.Submit("#new_password")
	e.browser().signIn(e.rp().authURL(), narge, "grant") // a sign-in to list
	b.Navigate(e.url + "/staff/idp/clients/" + rpID)
	b.WaitVisible("#save")
	look("staff-client", false)
	b.Click("#rotate")
	b.WaitVisible("#new-secret")
	look("staff-client-secret", false)
}

// snapshot photographs the whole page at width w into
// PISHKHAN_TEST_SCREENSHOTS (when set): the window is made as tall as the
// page, because Chromium's beyond-the-viewport capture shifts a short
// right-to-left page sideways.
func snapshot(t *testing.T, b *browsertest.Browser, name string, w int) {
	t.Helper()
	dir := os.Getenv(browsertest.EnvScreenshots)
	if dir == "" {
		return
	}
	var h int
	b.Eval(`document.documentElement.scrollHeight`, &h)
	b.Do("fit the window to the page", chromedp.EmulateViewport(int64(w), int64(max(h, 600))))
	png, err := chromedp.Run(b.Context(), chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "idp-"+name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	b.Do("restore the window", chromedp.EmulateViewport(int64(w), 800))
}
