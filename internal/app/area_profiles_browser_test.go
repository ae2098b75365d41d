package app_test

import (
	"net/url"
	"os"
	"strings"
	"testing"

	"pishkhan/internal/browsertest"
)

// areaProfileCase is one deployment as its demo customer sees it.
type areaProfileCase struct {
	name  string // of the subtest and its screenshots; the areas when ""
	areas string
	// the demo customer: national code, and the password when the account
	// is ready ("" is a first sign-in with the national code)
	code, password string
	// landing is where "/" leaves the customer ("/" is the dashboard of
	// widgets); widgets are the areas whose widget it must show there.
	landing string
	widgets []string
}

var areaProfileCases = []areaProfileCase{
	{areas: "cards,otp", code: "2345678917", landing: "/", widgets: []string{"cards", "otp"}},
	{areas: "welfare", code: "3456789122", landing: "/welfare"},
	{areas: "idp", code: browserReadyCode, password: browserStrongPass, landing: "/", widgets: []string{"idp"}},
	{areas: "isp", code: "4567891236", landing: "/isp"},
	{areas: "", code: "2345678917", landing: "/", widgets: []string{"cards", "otp", "idp"}},
	{name: "all-subscriber", areas: "", code: "4567891236", landing: "/", widgets: []string{"isp", "idp"}},
}

// TestBrowserAreaProfiles is issue 19's check per deployment: `serve
// --demo --areas …` signed in as the profile's demo customer shows only
// the profile's areas — in the menu, in the home page's widgets and in
// `pishkhan routes` (TestRoutesListOnlyTheProfilesAreas) — and a
// deployment of one area lands the customer on its dashboard. It saves
// the home page at 390 and 1280 px.
func TestBrowserAreaProfiles(t *testing.T) {
	b := browsertest.New(t, browserLongTimeout())
	for _, tc := range areaProfileCases {
		name := tc.name
		if name == "" {
			name = tc.areas
		}
		if name == "" {
			name = "all"
		}
		t.Run(name, func(t *testing.T) {
			enabled := areaProfiles[tc.areas]
			s := startServe(t, t.TempDir(), "--demo", "--areas", tc.areas)
			c := newPortalClient(t, s.base)
			c.get("/login")
			if tc.password != "" {
				if code, loc, _ := c.post("/login", url.Values{"identifier": {tc.code}, "password": {tc.password}}); code != 303 || loc != "/" {
					t.Fatalf("sign-in: %d %s", code, loc)
				}
			} else {
				c.post("/login", url.Values{"identifier": {tc.code}, "password": {tc.code}})
				c.get("/password/first")
				c.post("/password/first", url.Values{"new_password": {"Sara-Rose-Garden-77"}, "repeat_password": {"Sara-Rose-Garden-77"}})
				c.get("/security-questions")
				if code, loc, _ := c.post("/security-questions", url.Values{"q1": {"1"}, "a1": {"a"}, "q2": {"2"}, "a2": {"b"}, "q3": {"3"}, "a3": {"c"}}); code != 303 || loc != "/" {
					t.Fatalf("first sign-in ended at %d %s", code, loc)
				}
			}
			sweepUseCookies(b, c, s.base)
			b.DesktopViewport()
			b.Navigate(s.base + "/")
			browserExpectPath(t, b, tc.landing, "home of the "+name+" deployment")

			keys := browsertest.Eval[[]string](b, `[...document.querySelectorAll("main .widget[data-area]")].map(w => w.dataset.area)`)
			for _, k := range keys {
				if !hasKey(enabled, k) {
					t.Errorf("a widget of the disabled area %s shows", k)
				}
			}
			for _, want := range tc.widgets {
				if !hasKey(keys, want) {
					t.Errorf("no widget of %s (widgets: %v)", want, keys)
				}
			}
			if tc.landing == "/" {
				for _, bad := range []string{"وضعیت: آماده", "پیشخوان خدمات مشتریان"} {
					if strings.Contains(b.Text("main"), bad) {
						t.Errorf("the home page still says %q", bad)
					}
				}
			}
			// The menu links only to the profile's areas.
			for _, href := range browsertest.Eval[[]string](b, `[...document.querySelectorAll("nav.menu a")].map(a => a.getAttribute("href"))`) {
				for key, prefixes := range areaURLs {
					for _, p := range prefixes {
						if strings.HasPrefix(href, p) && !hasKey(enabled, key) {
							t.Errorf("the menu links to %s, of the disabled area %s", href, key)
						}
					}
				}
			}
			areaFits(t, b)
			areaShot(t, b, name+"-1280")
			b.PhoneViewport()
			b.Reload()
			areaFits(t, b)
			areaShot(t, b, name+"-390")
			if txt := b.Text("main"); browserHasLatinDigit(txt) {
				t.Errorf("the home page shows Latin digits: %q", txt)
			}
			// A visitor sees the deployment's own landing: sign-in, and
			// registration only where the identity area is served.
			v := newPortalClient(t, s.base)
			sweepUseCookies(b, v, s.base)
			b.DesktopViewport()
			b.Navigate(s.base + "/")
			areaFits(t, b)
			areaShot(t, b, name+"-visitor-1280")
			_, _, body := v.get("/")
			if !strings.Contains(body, `href="/login"`) {
				t.Error("a visitor's home has no sign-in")
			}
			if reg := strings.Contains(body, `href="/register"`); reg != hasKey(enabled, "idp") {
				t.Errorf("a visitor's home links to /register: %v; the idp area is enabled: %v", reg, hasKey(enabled, "idp"))
			}
			s.stop(t)
		})
	}
}

func hasKey(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// areaFits fails when the page is wider than the window.
func areaFits(t *testing.T, b *browsertest.Browser) {
	t.Helper()
	var fit struct{ ScrollWidth, InnerWidth int }
	b.Eval(`({scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth})`, &fit)
	if fit.ScrollWidth > fit.InnerWidth {
		t.Errorf("at %dpx the page is %dpx wide", fit.InnerWidth, fit.ScrollWidth)
	}
}

// areaShot saves what the window shows into PISHKHAN_TEST_SCREENSHOTS,
// when set, for a human to look at (a full-page capture of a page shorter
// than the window re-lays it out and shifts it).
func areaShot(t *testing.T, b *browsertest.Browser, name string) {
	if os.Getenv(browsertest.EnvScreenshots) != "" {
		sweepShot(t, b, "areas-"+strings.ReplaceAll(name, ",", "-"))
	}
}
