// Package webtest reads Pishkhan's pages in tests: a response read in
// full, with assertions on its status and text and accessors for what the
// web kit's layout puts on every page (the flash message, the form's alert,
// the errors next to fields). Every area's page tests share it.
package webtest

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// Response is one response, read in full.
type Response struct {
	Method, Path string
	Status       int
	Location     string
	Header       http.Header
	Body         string
}

// Want checks the status and, for redirects, the location ("*": any).
func (r Response) Want(t testing.TB, status int, location string) Response {
	t.Helper()
	if r.Status != status || (location != "*" && r.Location != location) {
		t.Fatalf("%s %s: got %d → %q, want %d → %q\n%s", r.Method, r.Path, r.Status, r.Location, status, location, Snippet(r.Body))
	}
	return r
}

// Has checks that the page shows every text.
func (r Response) Has(t testing.TB, texts ...string) Response {
	t.Helper()
	for _, s := range texts {
		if !strings.Contains(r.Body, s) {
			t.Fatalf("%s %s (%d) does not show %q:\n%s", r.Method, r.Path, r.Status, s, Snippet(r.Body))
		}
	}
	return r
}

// Lacks checks that the page shows none of texts.
func (r Response) Lacks(t testing.TB, texts ...string) Response {
	t.Helper()
	for _, s := range texts {
		if strings.Contains(r.Body, s) {
			t.Fatalf("%s %s (%d) shows %q:\n%s", r.Method, r.Path, r.Status, s, Snippet(r.Body))
		}
	}
	return r
}

// Snippet is the <main> of a page, which is what a failure needs.
func Snippet(body string) string {
	if i := strings.Index(body, `<main id="main">`); i >= 0 {
		body = body[i:]
	}
	if len(body) > 6000 {
		body = body[:6000] + "…"
	}
	return body
}

var (
	alertRE      = regexp.MustCompile(`(?s)<div class="flash flash-error" role="alert">(.*?)</div>`)
	flashRE      = regexp.MustCompile(`(?s)<div class="flash flash-(\w+)" role="status">(.*?)</div>`)
	fieldErrorRE = regexp.MustCompile(`(?s)<span class="field-error"[^>]*>(.*?)</span>`)
	problemsRE   = regexp.MustCompile(`(?s)<ul class="field-error rules"[^>]*>(.*?)</ul>`)
	itemRE       = regexp.MustCompile(`(?s)<li>(.*?)</li>`)
)

// Alert is the page-level error message of a form ("" when none).
func (r Response) Alert() string {
	if m := alertRE.FindStringSubmatch(r.Body); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

// Flash is the one-time message shown on the page ("" when none).
func (r Response) Flash() string {
	if m := flashRE.FindStringSubmatch(r.Body); m != nil {
		return html.UnescapeString(m[2])
	}
	return ""
}

// FieldErrors are the messages shown next to fields.
func (r Response) FieldErrors() []string {
	var out []string
	for _, m := range fieldErrorRE.FindAllStringSubmatch(r.Body, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

// Problems are the rules a form lists as broken (the password rules).
func (r Response) Problems() []string {
	m := problemsRE.FindStringSubmatch(r.Body)
	if m == nil {
		return nil
	}
	var out []string
	for _, li := range itemRE.FindAllStringSubmatch(m[1], -1) {
		out = append(out, html.UnescapeString(li[1]))
	}
	return out
}

// Field is the markup of one form field's block (from the start of its
// <div class="field"> to the end of the block), unescaped, to check what
// is shown next to it.
func (r Response) Field(t testing.TB, name string) string {
	t.Helper()
	i := strings.Index(r.Body, `name="`+name+`"`)
	if i < 0 {
		t.Fatalf("%s %s has no field %q:\n%s", r.Method, r.Path, name, Snippet(r.Body))
	}
	start := strings.LastIndex(r.Body[:i], `<div class="field`)
	end := strings.Index(r.Body[i:], "</div>")
	if start < 0 || end < 0 {
		t.Fatalf("field %q is not in a field block", name)
	}
	return html.UnescapeString(r.Body[start : i+end])
}

// Input is the value of the first input named name ("" when none).
func Input(body, name string) string {
	re := regexp.MustCompile(`name="` + regexp.QuoteMeta(name) + `"[^>]*?value="([^"]*)"`)
	if m := re.FindStringSubmatch(body); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}
