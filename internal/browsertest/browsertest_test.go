package browsertest

import (
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

func TestResolveBrowser(t *testing.T) {
	installed := map[string]string{
		"chromium-browser":   "/usr/lib/chromium/chromium-browser",
		"/opt/chrome/chrome": "/opt/chrome/chrome",
	}
	look := func(name string) (string, error) {
		if p, ok := installed[name]; ok {
			return p, nil
		}
		return "", errors.New("not found")
	}
	for _, tc := range []struct {
		value, want string
		off         bool
		fail        string
	}{
		{value: "", off: true},
		{value: "  ", off: true},
		{value: "0", off: true},
		{value: "false", off: true},
		{value: "1", want: "/usr/lib/chromium/chromium-browser"},
		{value: "true", want: "/usr/lib/chromium/chromium-browser"},
		{value: "TRUE", want: "/usr/lib/chromium/chromium-browser"},
		{value: "/opt/chrome/chrome", want: "/opt/chrome/chrome"},
		{value: "/nowhere/chrome", fail: "does not name a browser"},
	} {
		got, err := resolveBrowser(tc.value, look)
		switch {
		case tc.off:
			if !errors.Is(err, errOff) {
				t.Errorf("resolveBrowser(%q) = %q, %v; want off", tc.value, got, err)
			}
		case tc.fail != "":
			if err == nil || !strings.Contains(err.Error(), tc.fail) || errors.Is(err, errOff) {
				t.Errorf("resolveBrowser(%q) = %q, %v; want an error about %q", tc.value, got, err, tc.fail)
			}
		case err != nil || got != tc.want:
			t.Errorf("resolveBrowser(%q) = %q, %v; want %q", tc.value, got, err, tc.want)
		}
	}

	none := func(string) (string, error) { return "", errors.New("not found") }
	_, err := resolveBrowser("1", none)
	if err == nil || errors.Is(err, errOff) || !strings.Contains(err.Error(), EnvBrowser) || !strings.Contains(err.Error(), "/usr/bin/chromium") {
		t.Errorf("resolveBrowser(1) with no browser: %v; want an error naming the variable and the places looked", err)
	}
}

// harnessSite is a small site with the same content security policy as
// Pishkhan's, to exercise every helper.
func harnessSite() http.Handler {
	mux := http.NewServeMux()
	page := func(w http.ResponseWriter, body string) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>آزمون</title>
<link rel="stylesheet" href="/s.css"></head><body>%s</body></html>`, body)
	}
	mux.HandleFunc("GET /s.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css")
		fmt.Fprint(w, `body { background: rgb(1, 2, 3); } .hidden { display: none; } @media (max-width: 500px) { .wide { display: none; } }`)
	})
	mux.HandleFunc("GET /confirm.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, `document.addEventListener("click", function (e) {
  var b = e.target.closest("[data-confirm]");
  if (b && !window.confirm(b.getAttribute("data-confirm"))) e.preventDefault();
});`)
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		page(w, `<h1 id="title">  سلام ۱۲۳  </h1>
<p class="item">یک</p><p class="item">دو</p><p class="hidden">پنهان</p><p class="wide">پهن</p>
<a id="next" href="/next" data-x="y">بعدی</a>
<form class="f" method="post" action="/echo">
  <input id="name" name="name" value="قدیمی" required>
  <select id="color" name="color"><option value="red">قرمز</option><option value="green">سبز</option></select>
  <button type="submit" name="go" value="yes">ارسال</button>
</form>
<form class="confirm" method="post" action="/echo"><input type="hidden" name="name" value="تأیید">
  <button type="submit" id="sure" data-confirm="مطمئن هستید؟">حذف</button></form>
<script src="/confirm.js"></script>`)
	})
	mux.HandleFunc("GET /next", func(w http.ResponseWriter, r *http.Request) { page(w, `<h1>صفحهٔ بعد</h1>`) })
	mux.HandleFunc("POST /echo", func(w http.ResponseWriter, r *http.Request) {
		page(w, fmt.Sprintf(`<h1>%s|%s|%s</h1>`, html.EscapeString(r.FormValue("name")), html.EscapeString(r.FormValue("color")), html.EscapeString(r.FormValue("go"))))
	})
	mux.HandleFunc("GET /bad", func(w http.ResponseWriter, r *http.Request) {
		page(w, `<h1>بد</h1><script>document.title = "inline ran";</script><script src="/missing.js"></script>`)
	})
	return mux
}

// TestHarness drives every helper against harnessSite.
func TestHarness(t *testing.T) {
	b := New(t)
	srv := httptest.NewServer(harnessSite())
	t.Cleanup(srv.Close)

	if got := b.Navigate(srv.URL + "/"); got != http.StatusOK {
		t.Fatalf("Navigate status = %d", got)
	}
	if got := b.Title(); got != "آزمون" {
		t.Errorf("Title = %q", got)
	}
	if got := b.Text("#title"); got != "سلام ۱۲۳" {
		t.Errorf("Text = %q", got)
	}
	if got := b.Texts(".item"); strings.Join(got, ",") != "یک,دو" {
		t.Errorf("Texts = %q", got)
	}
	if got := b.Attr("#next", "data-x"); got != "y" {
		t.Errorf("Attr = %q", got)
	}
	if b.HasAttr("#next", "data-none") || b.Attr("#next", "data-none") != "" {
		t.Error("HasAttr/Attr of a missing attribute")
	}
	if b.Count(".item") != 2 || !b.Exists("#title") || b.Exists("#none") {
		t.Error("Count/Exists")
	}
	if !b.Visible("#title") || b.Visible(".hidden") || b.Visible("#none") || !b.Visible(".wide") {
		t.Error("Visible")
	}
	if got := b.Style("body", "background-color"); got != "rgb(1, 2, 3)" {
		t.Errorf("Style = %q", got)
	}
	if got := Eval[string](b, `document.documentElement.dir`); got != "rtl" {
		t.Errorf("Eval = %q", got)
	}
	var n int
	b.Eval(`Promise.resolve(40 + 2)`, &n)
	if n != 42 {
		t.Errorf("Eval promise = %d", n)
	}

	b.Fill("#name", "علی ۱۲")
	if got := b.Value("#name"); got != "علی ۱۲" {
		t.Errorf("Value after Fill = %q", got)
	}
	b.Fill("#color", "green")
	if got := b.Submit("form.f"); got != http.StatusOK {
		t.Errorf("Submit status = %d", got)
	}
	if got := b.Text("h1"); got != "علی ۱۲|green|yes" {
		t.Errorf("after Submit h1 = %q", got)
	}

	b.Navigate(srv.URL + "/")
	b.ClickAndWait("#next")
	if got := b.Text("h1"); got != "صفحهٔ بعد" || !strings.HasSuffix(b.URL(), "/next") {
		t.Errorf("after ClickAndWait: %q at %s", got, b.URL())
	}

	// A confirm dialog: accepted by default, dismissed on request.
	b.Navigate(srv.URL + "/")
	b.ClickAndWait("#sure")
	if got := b.Text("h1"); got != "تأیید||" {
		t.Errorf("after accepting the confirm h1 = %q", got)
	}
	b.Navigate(srv.URL + "/")
	b.RejectDialogs(true)
	b.Click("#sure")
	b.Eval(`new Promise((r) => setTimeout(r, 200))`, nil)
	if b.Text("h1") != "سلام ۱۲۳" {
		t.Errorf("a rejected confirm submitted the form")
	}
	if got := b.Dialogs(); len(got) != 2 || got[0] != "confirm: مطمئن هستید؟" {
		t.Errorf("Dialogs = %q", got)
	}

	b.ExpectNoConsoleErrors()

	// An inline script breaks the policy, and a script is missing.
	b.Navigate(srv.URL + "/bad")
	errs := b.ConsoleErrors()
	var csp, missing bool
	for _, e := range errs {
		csp = csp || strings.Contains(e.Text, "Content Security Policy") || strings.Contains(e.Text, "CSP violation")
		missing = missing || strings.Contains(e.Text, "404")
	}
	for _, e := range errs {
		t.Logf("console of /bad: %s", e)
	}
	if !csp || !missing {
		t.Errorf("console errors of /bad (want a CSP violation and a 404): %q", errs)
	}
	if b.Title() == "inline ran" {
		t.Error("the inline script ran despite the policy")
	}
	b.ClearConsole()
	if got := b.Console(); len(got) != 0 {
		t.Errorf("Console after ClearConsole = %q", got)
	}

	b.Navigate(srv.URL + "/")
	b.PhoneViewport()
	if w := Eval[int](b, `window.innerWidth`); w != PhoneWidth {
		t.Errorf("phone innerWidth = %d", w)
	}
	if b.Visible(".wide") {
		t.Error("the phone media query did not apply")
	}
	paths := b.Snapshot("phone")
	if st, err := os.Stat(paths[0]); err != nil || st.Size() < 1000 {
		t.Errorf("snapshot %s: %v", paths[0], err)
	}
	b.DesktopViewport()
	if w := Eval[int](b, `window.innerWidth`); w != DesktopWidth {
		t.Errorf("desktop innerWidth = %d", w)
	}
}
