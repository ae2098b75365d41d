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
