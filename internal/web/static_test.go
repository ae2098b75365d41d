package web_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/web"
)

// TestFontsAreServedFromTheSite: the stylesheet names only our own
// Vazirmatn files (regular and bold, font-display: swap), and they are
// served as WOFF2 with their OFL licence beside them (issue 21).
func TestFontsAreServedFromTheSite(t *testing.T) {
	h := newHarness(t, dbtest.SQLite(t, web.Schema), web.Options{})
	get := func(path string) (*http.Response, string) {
		t.Helper()
		resp, err := http.Get(h.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp, string(b)
	}
	_, css := get("/static/app.css")
	faces := regexp.MustCompile(`@font-face\s*\{[^}]*\}`).FindAllString(css, -1)
	if len(faces) < 2 {
		t.Fatalf("want @font-face rules for regular and bold, got %d", len(faces))
	}
	for _, f := range faces {
		if !strings.Contains(f, "font-display: swap") {
			t.Errorf("%s: no font-display: swap", f)
		}
		for _, u := range regexp.MustCompile(`url\("?([^")]+)"?\)`).FindAllStringSubmatch(f, -1) {
			if !strings.HasPrefix(u[1], "/static/fonts/") {
				t.Errorf("font %s does not come from this site", u[1])
				continue
			}
			resp, body := get(u[1])
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "font/woff2" || !strings.HasPrefix(body, "wOF2") {
				t.Errorf("%s: %d %q, %d bytes; want a WOFF2 file", u[1], resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
			}
		}
	}
	if resp, body := get("/static/fonts/OFL.txt"); resp.StatusCode != 200 || !strings.Contains(body, "SIL OPEN FONT LICENSE") {
		t.Errorf("the font's licence is not served: %d", resp.StatusCode)
	}
}

// TestSmallButtonsKeepTheirColour: .btn-small sets only the size, so a
// small «تایید» stays a filled brand button (it was white on white) and
// the danger and disabled looks exist.
func TestSmallButtonsKeepTheirColour(t *testing.T) {
	h := newHarness(t, dbtest.SQLite(t, web.Schema), web.Options{})
	resp, err := http.Get(h.ts.URL + "/static/app.css")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	css := string(b)
	small := regexp.MustCompile(`(?m)^\.btn-small\s*\{([^}]*)\}`).FindStringSubmatch(css)
	if small == nil || strings.Contains(small[1], "background") || strings.Contains(small[1], "color:") {
		t.Errorf(".btn-small must set only the size: %v", small)
	}
	for _, rule := range []string{".btn-danger {", ".btn:disabled", ":focus-visible {", ".skip-link"} {
		if !strings.Contains(css, rule) {
			t.Errorf("the stylesheet has no %q rule", rule)
		}
	}
}
