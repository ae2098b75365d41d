package idp_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/coreos/go-oidc/v3/oidc"

	"pishkhan/internal/browsertest"
	"pishkhan/internal/idp"
)

// The pages this round added or changed, in a real browser at phone and
// desktop widths: the Persian protocol error page, consent naming
// offline_access, and the grants page with a client's standing access.
// None may overflow sideways. With PISHKHAN_TEST_SCREENSHOTS set, each is
// saved for a human to look at.
func TestBrowserProtocolPages(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		br := browsertest.New(t)
		defer br.Close()
		hb := e.browser()
		redirect := "https://app.example/cb"
		secret := e.addClient("app", []string{redirect}, false, idp.ScopeOfflineAccess, idp.ScopeIdentity)
		app := e.rpFor("app", secret, redirect, oidc.ScopeOpenID, idp.ScopeIdentity, idp.ScopeOfflineAccess)
		hb.tokens(e.rp(), reza)
		hb.tokens(app, reza)
		e.addClient("spa", []string{"http://spa.example/cb"}, true)
		spa := e.rpFor("spa", "", "http://spa.example/cb")
		next := e.rpFor("app", secret, redirect, oidc.ScopeOpenID, idp.ScopeOfflineAccess)
		p := hb.get(next.authURL()).want(t, http.StatusFound, "/idp/signin/")
		consent := hb.get(p.location).want(t, http.StatusSeeOther, "/idp/consent/").location

		u, _ := url.Parse(e.url)
		br.Do("take over the harness's cookies", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			for _, ck := range hb.c.Jar.Cookies(&url.URL{Scheme: "http", Host: u.Host, Path: "/idp/"}) {
				if _, err := cdp.Call(ctx, tg, network.SetCookie, network.SetCookieParams{Name: ck.Name, Value: ck.Value, URL: e.url, Path: "/"}); err != nil {
					return err
				}
			}
			return nil
		}))
		shots := os.Getenv(browsertest.EnvScreenshots)
		for _, pg := range []struct{ name, path, sel string }{
			{"protocol-error", spa.authURL(), "#back-to-client"},
			{"consent-offline", consent, `[data-scope="offline_access"]`},
			{"grants-offline", "/idp/grants", ".offline"},
		} {
			for _, width := range []int64{360, 390, 1280} {
				br.Do("set the viewport", chromedp.EmulateViewport(width, 900))
				target := pg.path
				if target[0] == '/' {
					target = e.url + target
				}
				br.Navigate(target)
				if !br.Exists(pg.sel) {
					t.Fatalf("%s at %dpx: no %s", pg.name, width, pg.sel)
				}
				var over int
				br.Eval(`document.documentElement.scrollWidth - window.innerWidth`, &over)
				if over > 0 {
					t.Errorf("%s at %dpx: %dpx wider than the window", pg.name, width, over)
				}
				if shots != "" && t.Name() == "TestBrowserProtocolPages/sqlite" && width != 360 {
					// What the window shows: a full-page capture re-lays the
					// page out at its content width.
					var png []byte
					br.Do("take a screenshot", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
						res, err := cdp.Call(ctx, tg, cdppage.CaptureScreenshot, cdppage.CaptureScreenshotParams{})
						png = res.Data
						return err
					}))
					if err := os.WriteFile(filepath.Join(shots, "idp-"+pg.name+"-"+map[int64]string{390: "390", 1280: "1280"}[width]+".png"), png, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	})
}
