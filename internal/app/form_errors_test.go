package app_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// Issue 21: a form sent back with problems ties each message to its field
// (aria-invalid, aria-describedby naming the element that holds the
// message) and lists the problems at the top of the page, above the form,
// each linking to its field: checked on the customer's sign-in and on a
// staff desk's form.
func TestFormErrorsAreTiedToTheirFieldsAndSummarised(t *testing.T) {
	s := startServe(t, t.TempDir(), "--demo")

	visitor := newPortalClient(t, s.base)
	visitor.get("/login")
	code, _, page := visitor.post("/login", url.Values{"identifier": {"2345678917"}, "password": {""}})
	if code != 422 && code != 200 {
		t.Fatalf("sign-in with an empty password: %d", code)
	}
	checkFormErrors(t, "sign-in", page, `action="/login"`, "password")

	admin := newPortalClient(t, s.base)
	staffSignInHTTP(t, admin, "admin", "Pishkhan-Staff@1405")
	admin.get("/staff/welfare/merchants")
	code, _, page = admin.post("/staff/welfare/merchants", url.Values{"name": {""}, "kind": {"online"}})
	if code != 422 {
		t.Fatalf("merchant with no name: %d", code)
	}
	checkFormErrors(t, "staff merchant form", page, `action="/staff/welfare/merchants"`, "name")
}

// checkFormErrors checks that field of the form marked by formAttr on
// page is tied to its message and summarised above the form.
func checkFormErrors(t *testing.T, what, page, formAttr, field string) {
	t.Helper()
	tag := regexp.MustCompile(`<(?:input|select|textarea)[^>]*\bname="` + field + `"[^>]*>`).FindString(page)
	if tag == "" {
		t.Fatalf("%s: no field %s on the page", what, field)
	}
	attr := func(name string) string {
		m := regexp.MustCompile(`\b` + name + `="([^"]*)"`).FindStringSubmatch(tag)
		if m == nil {
			return ""
		}
		return m[1]
	}
	if attr("aria-invalid") != "true" {
		t.Errorf("%s: field %s is not marked invalid: %s", what, field, tag)
	}
	described := attr("aria-describedby")
	msg := regexp.MustCompile(`<[a-z]+[^>]*\bid="` + regexp.QuoteMeta(described) + `"[^>]*>([^<]+)<`).FindStringSubmatch(page)
	if described == "" || msg == nil || strings.TrimSpace(msg[1]) == "" {
		t.Fatalf("%s: field %s's aria-describedby=%q names no element with a message: %s", what, field, described, tag)
	}
	summary := regexp.MustCompile(`(?s)<div class="error-summary" role="alert">(.*?)</div>`).FindStringSubmatchIndex(page)
	if summary == nil {
		t.Fatalf("%s: no error summary on the page", what)
	}
	body := page[summary[2]:summary[3]]
	if !strings.Contains(body, "لطفاً موارد زیر را اصلاح کنید") {
		t.Errorf("%s: the summary has no heading: %s", what, body)
	}
	link := `<a href="#` + attr("id") + `">` + msg[1] + `</a>`
	if attr("id") == "" || !strings.Contains(body, link) {
		t.Errorf("%s: the summary lacks %s: %s", what, link, body)
	}
	if form := strings.Index(page, formAttr); form < 0 || summary[0] > form {
		t.Errorf("%s: the summary (at %d) is not above the form (at %d)", what, summary[0], form)
	}
}
