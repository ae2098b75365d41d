package app_test

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"pishkhan/internal/app"
	"pishkhan/internal/browsertest"
)

// The browser sweep of issue 21: every GET route that `pishkhan routes`
// lists, opened in one headless Chromium tab as the persona who uses it
// (a visitor, the card holder, the ISP subscriber, the welfare applicant,
// the admin for the back office, then each staff role that may open the
// page), measured at each sweep width. A new
// page is swept without anyone adding it here.

// sweepWidths are the viewport widths of the sweep, in CSS pixels.
var sweepWidths = []int{360, 390, 768, 1280}

// sweepRoleWidths are the widths at which the staff roles other than the
// admin see each page they may open: the admin's visit covers the rest,
// and the roles' visits are about what differs (menu, desk, data).
var sweepRoleWidths = []int{390, 1280}

// sweepAxeWidths are the widths at which axe-core audits each page.
var sweepAxeWidths = map[int]bool{390: true, 1280: true}

// sweepShots are the pages photographed at 390 and 1280 px (into
// PISHKHAN_TEST_SCREENSHOTS when set) for a person to look at: the home,
// the purchase list, the ISP usage, the welfare balance and a staff desk.
var sweepShots = map[string]bool{"GET /{$}": true, "GET /cards/purchases": true, "GET /isp/account": true, "GET /welfare/balance": true, "GET /staff/support": true, "GET /staff": true, "GET /staff/orders": true, "GET /staff/isp": true, "GET /staff/welfare": true}

// sweepMeasureJS measures the page at the current width: how much wider
// the document is than the viewport, the topmost elements that stick out
// (to find the cause), and visible text with Latin digits that is not in
// an LTR isolate (dir=ltr, .ltr, code, form fields).
const sweepMeasureJS = `new Promise(r => requestAnimationFrame(() => r((() => {
  const vw = document.documentElement.clientWidth;
  const over = document.documentElement.scrollWidth - vw;
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\s+/).join(".") : "");
  const sticks = el => { const b = el.getBoundingClientRect(); return b.width > 0 && (b.left < -1 || b.right > vw + 1); };
  const culprits = [];
  if (over > 0) {
    for (const el of document.body.querySelectorAll("*")) {
      if (culprits.length >= 3) break;
      if (sticks(el) && !(el.parentElement && sticks(el.parentElement))) {
        const b = el.getBoundingClientRect();
        culprits.push(name(el) + " " + Math.round(b.width) + "px");
      }
    }
  }
  const latin = [];
  const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (w.nextNode()) {
    const n = w.currentNode, el = n.parentElement;
    if (!/[0-9]/.test(n.nodeValue) || !el) continue;
    if (el.closest("script,style,noscript,code,kbd,samp,input,textarea,select,[dir=ltr],.ltr,[hidden]")) continue;
    if (!el.getClientRects().length) continue;
    const s = getComputedStyle(el);
    if (s.visibility === "hidden" || s.direction === "ltr" && s.unicodeBidi !== "normal") continue;
    latin.push(n.nodeValue.trim().replace(/\s+/g, " ").slice(0, 40));
  }
  return {over, culprits, latin};
})())))`

// sweepAxeJS runs axe-core's WCAG 2.1 A and AA rules on the page.
const sweepAxeJS = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]})
  .then(r => r.violations.map(v => v.id + " (" + v.nodes.length + "): " + v.nodes.slice(0, 2).map(n => n.target.join(" ")).join(" | ")))`

type sweepResult struct {
	Over     int      `json:"over"`
	Culprits []string `json:"culprits"`
	Latin    []string `json:"latin"`
}

// sweepPersona is one person of the sweep: an HTTP client signed in (or
// not), whose cookies the browser takes over.
type sweepPersona struct {
	name  string
	c     *portalClient
	links map[string]bool // paths linked from the pages this persona saw
	role  string          // the staff role, for a member of staff other than the admin
}

func TestBrowserSweepEveryPage(t *testing.T) {
	b := browsertest.New(t, browsertest.WithTimeout(15*time.Minute)) // skips unless PISHKHAN_TEST_BROWSER is set
	started := time.Now()
	dir := t.TempDir()
	var out, errOut lockedBuffer
	if code := app.Run(context.Background(), []string{"routes", "--data-dir", dir, "--database-url", filepath.Join(dir, "p.db")},
		envOf(map[string]string{}), &out, &errOut); code != 0 {
		t.Fatalf("pishkhan routes: %d %s", code, errOut.String())
	}
	s := startServe(t, dir, "--demo")

	// The personas, signed in over HTTP (the first sign-in's steps are
	// not what this test is about).
	anon := &sweepPersona{name: "visitor", c: newPortalClient(t, s.base)}
	// A demo customer's first sign-in: the national code, a new password,
	// three security questions.
	first := func(name, code string) *sweepPersona {
		p := &sweepPersona{name: name, c: newPortalClient(t, s.base)}
		p.c.get("/login")
		p.c.post("/login", url.Values{"identifier": {code}, "password": {code}})
		p.c.get("/password/first")
		p.c.post("/password/first", url.Values{"new_password": {"Sara-Rose-Garden-77"}, "repeat_password": {"Sara-Rose-Garden-77"}})
		p.c.get("/security-questions")
		if code, loc, _ := p.c.post("/security-questions", url.Values{"q1": {"1"}, "a1": {"a"}, "q2": {"2"}, "a2": {"b"}, "q3": {"3"}, "a3": {"c"}}); code != 303 || loc != "/" {
			t.Fatalf("%s's first sign-in ended at %d %s", name, code, loc)
		}
		return p
	}
	holder := first("card holder", "2345678917")
	h := holder.c
	// An order and a ticket of his own, so that their pages have an ID.
	h.get("/wallet")
	h.post("/wallet/top-up", url.Values{"amount": {"100000"}})
	_, _, newTicket := h.get("/support/new")
	if m := regexp.MustCompile(`<option value="(\d+)"`).FindStringSubmatch(newTicket); m != nil {
		h.post("/support/new", url.Values{"department": {m[1]}, "service": {"عمومی"}, "priority": {"medium"}, "title": {"پرسش"}, "body": {"متن پرسش"}})
	}
	ready := func(name, id string) *sweepPersona {
		p := &sweepPersona{name: name, c: newPortalClient(t, s.base)}
		p.c.get("/login")
		if code, loc, _ := p.c.post("/login", url.Values{"identifier": {id}, "password": {"Kamel#Tulip-2049"}}); code != 303 || loc != "/" {
			t.Fatalf("%s sign-in: %d %s", name, code, loc)
		}
		return p
	}
	isp := first("ISP subscriber", "4567891236")
	welfare := ready("welfare applicant", "6123456784")
	admin := &sweepPersona{name: "admin", c: newPortalClient(t, s.base)}
	staffSignInHTTP(t, admin.c, "admin", "Pishkhan-Staff@1405")
	// A member of staff of each role (the users of internal/app's access test).
	staff := map[string]*sweepPersona{}
	for user, role := range map[string]string{"support": "support", "finance": "finance", "welfare": "welfare_manager", "sales": "sales_agent"} {
		p := &sweepPersona{name: role, role: role, c: newPortalClient(t, s.base)}
		staffSignInHTTP(t, p.c, user, "Pishkhan-Staff@1405")
		staff[role] = p
	}
	personaOf := func(pattern, path string) *sweepPersona {
		switch {
		case publicRoutes[pattern] || strings.HasPrefix(path, "/idp/"):
			return anon
		case strings.HasPrefix(path, "/staff"):
			return admin
		case strings.HasPrefix(path, "/isp"):
			return isp
		case strings.HasPrefix(path, "/welfare"):
			return welfare
		}
		return holder
	}

	// Routes without a parameter first: the links on their pages give the
	// IDs of the others.
	type route struct {
		pattern, path string
		params        bool
	}
	var routes []route
	for _, p := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		method, path := splitPattern(p)
		if method != "GET" || strings.HasPrefix(path, "/static/") {
			continue
		}
		routes = append(routes, route{p, path, strings.Contains(strings.TrimSuffix(path, "{$}"), "{")})
	}
	sort.SliceStable(routes, func(i, j int) bool { return !routes[i].params && routes[j].params })

	axeSource, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	b.Do("load axe-core into every page", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: string(axeSource)})
		return err
	}))

	var current *sweepPersona
	var axeTime, loadTime time.Duration
	overflows, latinPages, axePages, swept, staffVisits := 0, 0, 0, 0, 0
	var report []string
	// visit opens path as p and measures it at widths.
	visit := func(r route, p *sweepPersona, widths []int) {
		path := strings.TrimSuffix(r.path, "{$}")
		if r.params {
			path = sweepFill(r.path, p, admin)
		}
		if !sweepIsPage(t, p.c, path) {
			report = append(report, fmt.Sprintf("%-32s %-18s not a page (a file or a redirect elsewhere)", r.pattern, p.name))
			return
		}
		if p.role != "" {
			// A member of staff is swept only where the role table lets
			// them in: a refusal is a wrong guard. Other answers (no such
			// demo ID, a download asked for without its query) were
			// measured in the admin's visit.
			code, loc, _ := p.c.get(path)
			if code == http.StatusForbidden {
				t.Errorf("%s as %s (%s): 403, but the role table lets %s in", r.pattern, p.name, path, p.role)
				return
			}
			if code != http.StatusOK {
				report = append(report, fmt.Sprintf("%-32s %-18s answers %d %s, not swept", r.pattern, p.name, code, loc))
				return
			}
		}
		if current != p {
			sweepUseCookies(b, p.c, s.base)
			current = p
		}
		loadStart := time.Now()
		b.Do("set the widest viewport", chromedp.EmulateViewport(1280, 900))
		b.Navigate(s.base + path)
		loadTime += time.Since(loadStart)
		var links []string
		b.Eval(`Array.from(document.links).map(a => a.origin === location.origin ? a.pathname : "")`, &links)
		if p.links == nil {
			p.links = map[string]bool{}
		}
		for _, l := range links {
			p.links[l] = true
		}
		swept++
		if p.role != "" {
			staffVisits++
		}
		for i := len(widths) - 1; i >= 0; i-- {
			w := widths[i]
			b.Do(fmt.Sprintf("set the viewport to %dpx", w), chromedp.EmulateViewport(int64(w), 900))
			var m sweepResult
			b.Eval(sweepMeasureJS, &m)
			line := fmt.Sprintf("%-32s %-18s %4dpx overflow %4dpx", r.pattern, p.name, w, m.Over)
			if m.Over > 0 {
				overflows++
				line += " caused by " + strings.Join(m.Culprits, ", ")
				t.Errorf("%s at %dpx as %s (%s): the document is %dpx wider than the viewport (%s)", r.pattern, w, p.name, path, m.Over, strings.Join(m.Culprits, ", "))
			}
			if len(m.Latin) > 0 {
				if w == 1280 {
					latinPages++
				}
				line += fmt.Sprintf("; Latin digits %q", sweepFirst(m.Latin, 4))
				t.Errorf("%s at %dpx as %s (%s): Latin digits in visible text outside an LTR isolate: %q", r.pattern, w, p.name, path, sweepFirst(m.Latin, 4))
			}
			if sweepAxeWidths[w] {
				var violations []string
				axeStart := time.Now()
				b.Eval(sweepAxeJS, &violations)
				axeTime += time.Since(axeStart)
				if len(violations) > 0 {
					axePages++
					line += "; axe: " + strings.Join(violations, "; ")
					t.Errorf("%s at %dpx as %s (%s): axe-core finds WCAG 2.1 A/AA violations: %s", r.pattern, w, p.name, path, strings.Join(violations, "; "))
				}
			}
			report = append(report, line)
			if sweepShots[r.pattern] && (w == 390 || w == 1280) && os.Getenv(browsertest.EnvScreenshots) != "" {
				sweepShot(t, b, fmt.Sprintf("%s-%d", strings.Trim(path, "/"), w))
			}
		}
	}
	for _, r := range routes {
		p := personaOf(r.pattern, r.path)
		visit(r, p, sweepWidths)
		if p != admin || stageRoutes.MatchString(r.pattern) {
			continue
		}
		// Each staff role that may open the page sees it too (its menu,
		// its desk's data), at the phone and the desktop width only.
		allowed, _ := allowedRoles(r.pattern, r.path)
		for _, role := range allowed {
			visit(r, staff[role], sweepRoleWidths)
		}
	}
	t.Logf("sweep of %d page visits (%d of them by a staff role other than the admin, at %v px) in %s (page loads %s, axe %s):\n%s",
		swept, staffVisits, sweepRoleWidths, time.Since(started).Round(time.Second),
		loadTime.Round(time.Second), axeTime.Round(time.Second), strings.Join(report, "\n"))
	t.Logf("pages×widths with overflow: %d; pages with Latin digits outside an LTR isolate: %d; pages×widths with axe violations: %d",
		overflows, latinPages, axePages)
	if swept < 60 {
		t.Errorf("only %d pages swept", swept)
	}
}

func sweepFirst(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// sweepFill gives a route's parameters the first ID that a page the
// persona (or the admin) saw links to, else 1.
func sweepFill(pattern string, p, admin *sweepPersona) string {
	re := regexp.MustCompile("^" + regexp.MustCompile(`\\\{[^}]+\\\}`).ReplaceAllString(regexp.QuoteMeta(pattern), `[^/]+`) + "$")
	for _, from := range []*sweepPersona{p, admin} {
		var found []string
		for l := range from.links {
			if re.MatchString(l) {
				found = append(found, l)
			}
		}
		if len(found) > 0 {
			sort.Strings(found)
			return found[0]
		}
	}
	return fill(pattern, "1")
}

// sweepIsPage asks over HTTP (following redirects on this site) whether
// path ends in an HTML page; files (CSV, PNG, attachments) are not swept.
func sweepIsPage(t *testing.T, c *portalClient, path string) bool {
	hc := &http.Client{Jar: c.c.Jar, Timeout: 20 * time.Second}
	resp, err := hc.Get(c.base + path)
	if err != nil {
		return false
	}
	resp.Body.Close()
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	return mt == "text/html" && strings.HasPrefix(resp.Request.URL.String(), c.base)
}

// sweepUseCookies gives the browser the session of c.
func sweepUseCookies(b *browsertest.Browser, c *portalClient, base string) {
	u, _ := url.Parse(base)
	b.Do("take over the persona's cookies", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
			return err
		}
		for _, ck := range c.c.Jar.Cookies(u) {
			if _, err := cdp.Call(ctx, tg, network.SetCookie, network.SetCookieParams{Name: ck.Name, Value: ck.Value, URL: base, Path: "/"}); err != nil {
				return err
			}
		}
		return nil
	}))
}

// sweepShot saves what the window shows (not the full page: a full-page
// capture re-lays the page out at its content width) into
// PISHKHAN_TEST_SCREENSHOTS.
func sweepShot(t *testing.T, b *browsertest.Browser, name string) {
	b.Eval(`window.scrollTo(0, 0)`, nil) // axe scrolls to check contrast
	var png []byte
	b.Do("take a screenshot", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		res, err := cdp.Call(ctx, tg, page.CaptureScreenshot, page.CaptureScreenshotParams{})
		png = res.Data
		return err
	}))
	file := filepath.Join(os.Getenv(browsertest.EnvScreenshots), "sweep-"+strings.NewReplacer("/", "_", "{", "", "}", "").Replace(name)+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
}
