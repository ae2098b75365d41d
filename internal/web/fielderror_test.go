package web_test

import (
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/web"
)

// A field with a problem points at the element holding its message, and
// the page lists every problem at the top, in the order found, each
// linking to its field; a field without a problem carries neither.
func TestFieldErrorTiesMessageToInputAndSummarisesAtTop(t *testing.T) {
	h := newHarness(t, dbtest.SQLite(t, web.Schema), web.Options{})
	page := fstest.MapFS{"form.html": {Data: []byte(`{{define "content"}}<form>` +
		`<input id="mobile" name="mobile" {{.Invalid "mobile"}}>{{.FieldError "mobile"}}` +
		`<input id="email" name="email" {{.Invalid "email"}}>{{.FieldError "email"}}` +
		`<input id="name" name="name" {{.Invalid "name"}}>{{.FieldError "name"}}</form>{{end}}`)}}
	if err := h.srv.Renderer.AddPages("fe", page); err != nil {
		t.Fatal(err)
	}
	f := web.NewForm(url.Values{"email": {"a@b.c"}})
	f.Fail("name", "نام را وارد کنید.")
	f.Fail("mobile", "شماره <همراه> درست نیست.")
	rec := httptest.NewRecorder()
	h.srv.Render(rec, httptest.NewRequest("POST", "/fe", nil), 422, "fe/form", web.View{Title: "فرم", Form: f})
	body := rec.Body.String()

	for _, want := range []string{
		`<input id="mobile" name="mobile" aria-invalid="true" aria-describedby="err-mobile">` +
			`<span class="field-error" id="err-mobile">شماره &lt;همراه&gt; درست نیست.</span>`,
		`<input id="email" name="email" >` + `<input id="name"`,
		`<input id="name" name="name" aria-invalid="true" aria-describedby="err-name">` +
			`<span class="field-error" id="err-name">نام را وارد کنید.</span>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s\n%s", want, body)
		}
	}
	summary := regexp.MustCompile(`(?s)<div class="error-summary" role="alert">(.*?)</div>`).FindStringSubmatch(body)
	if summary == nil {
		t.Fatalf("no error summary:\n%s", body)
	}
	want := `<p class="error-summary-title">لطفاً موارد زیر را اصلاح کنید</p><ul>` +
		`<li><a href="#name">نام را وارد کنید.</a></li>` +
		`<li><a href="#mobile">شماره &lt;همراه&gt; درست نیست.</a></li></ul>`
	if summary[1] != want {
		t.Errorf("summary = %s\nwant      %s", summary[1], want)
	}
	if strings.Index(body, `class="error-summary"`) > strings.Index(body, "<form>") {
		t.Error("the summary is not above the form")
	}

	// A page without problems has no summary and no marks.
	rec = httptest.NewRecorder()
	h.srv.Render(rec, httptest.NewRequest("GET", "/fe", nil), 200, "fe/form", web.View{Title: "فرم"})
	if b := rec.Body.String(); strings.Contains(b, "error-summary") || strings.Contains(b, "aria-invalid") || strings.Contains(b, "field-error") {
		t.Errorf("clean page carries error markup:\n%s", b)
	}
}

// A field's wrapper is marked when the field (or either of two sharing
// the wrapper) has a problem, and the mark renders as the class it
// replaced: class="field has-error".
func TestFieldClassMarksTheWrapperOfAFieldWithAProblem(t *testing.T) {
	f := web.NewForm(url.Values{"name": {"x"}})
	f.Fail("exp_year", "سال انقضا را وارد کنید.")
	v := web.View{Form: f}
	for _, c := range []struct {
		fields []string
		want   string
	}{
		{[]string{"name"}, "field"},
		{[]string{"exp_year"}, "field has-error"},
		{[]string{"exp_month", "exp_year"}, "field has-error"},
		{[]string{"exp_month", "name"}, "field"},
		{nil, "field"},
	} {
		if got := v.FieldClass(c.fields...); got != c.want {
			t.Errorf("FieldClass(%q) = %q, want %q", c.fields, got, c.want)
		}
	}
	if got := (web.View{}).FieldClass("name"); got != "field" {
		t.Errorf("without a form: %q", got)
	}

	h := newHarness(t, dbtest.SQLite(t, web.Schema), web.Options{})
	page := fstest.MapFS{"fc.html": {Data: []byte(`{{define "content"}}<form>` +
		`<div class="{{$.FieldClass "name"}}">n</div><div class="{{.FieldClass "exp_month" "exp_year"}}">e</div></form>{{end}}`)}}
	if err := h.srv.Renderer.AddPages("fc", page); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.srv.Render(rec, httptest.NewRequest("POST", "/fc", nil), 422, "fc/fc", v)
	if want := `<form><div class="field">n</div><div class="field has-error">e</div></form>`; !strings.Contains(rec.Body.String(), want) {
		t.Errorf("page lacks %s\n%s", want, rec.Body.String())
	}
}
