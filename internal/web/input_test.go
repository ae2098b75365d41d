package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/web"
)

// Invalid UTF-8 and NUL bytes are refused where the request is decoded,
// before any handler: in a form value or name (with or without the CSRF
// check), a multipart value, the query or the path. Persian text passes.
func TestBadBytesRefusedBeforeTheHandler(t *testing.T) {
	h := newHarness(t, dbtest.SQLite(t, web.Schema), web.Options{MaxBodyBytes: 1 << 16})
	c := client(t)
	token := csrfFrom(t, c, h.ts.URL)
	refused := func(how string, resp *http.Response, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if page := body(t, resp); resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "نویسه‌های نامعتبر") {
			t.Errorf("%s: %d %s", how, resp.StatusCode, page)
		}
	}
	for _, bad := range []string{"علی\x00", "a\xff\xfe", "\xc3("} {
		resp, err := c.PostForm(h.ts.URL+"/form", url.Values{"name": {bad}, "csrf_token": {token}})
		refused("form value "+url.QueryEscape(bad), resp, err)
		resp, err = c.PostForm(h.ts.URL+"/form", url.Values{"name": {"علی"}, bad: {"x"}, "csrf_token": {token}})
		refused("form name "+url.QueryEscape(bad), resp, err)
		resp, err = c.PostForm(h.ts.URL+"/callback", url.Values{"ref": {bad}})
		refused("a route without the CSRF check", resp, err)
		resp, err = c.Get(h.ts.URL + "/form?q=" + url.QueryEscape(bad))
		refused("query", resp, err)

		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		mw.WriteField("csrf_token", token)
		mw.WriteField("name", bad)
		mw.Close()
		resp, err = c.Post(h.ts.URL+"/form", mw.FormDataContentType(), &b)
		refused("multipart value", resp, err)
	}
	resp, err := c.PostForm(h.ts.URL+"/stage/a%00", url.Values{"csrf_token": {token}})
	refused("path", resp, err)

	// Persian, Arabic-Indic digits, emoji and new lines pass.
	resp, err = c.PostForm(h.ts.URL+"/form", url.Values{"name": {"علی ۱۲۳ ٤٥ 😀\r\nخط دوم"}, "csrf_token": {token}})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Body.Close(); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("clean Persian text: %d", resp.StatusCode)
	}
}

func TestCleanText(t *testing.T) {
	if !web.CleanText("علی", "", "😀\n") || web.CleanText("ok", "a\x00") || web.CleanText("\xff") {
		t.Fatal("CleanText misjudges")
	}
}
