package web_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/web"
)

// The markup is built, never filtered: whatever an admin types that is
// not the little markup comes out as text.
func TestHelpHTMLIsSanitisedByConstruction(t *testing.T) {
	cases := []struct{ in, want string }{
		{`<script>alert(1)</script>`, `<p>&lt;script&gt;alert(۱)&lt;/script&gt;</p>`},
		{`<img src=x onerror=alert(1)>`, `<p>&lt;img src=x onerror=alert(۱)&gt;</p>`},
		{`[بزن](javascript:alert(1))`, `<p>[بزن](javascript:alert(۱))</p>`},
		{`[بزن](//evil.example/x)`, `<p>[بزن](//evil.example/x)</p>`},
		{`[پرداخت](/cards/installments/pay)`, `<p><a href="/cards/installments/pay">پرداخت</a></p>`},
		{`[سایت](https://www.bim.ir)`, `<p><a href="https://www.bim.ir">سایت</a></p>`},
		{`سامانه https://my.medu.ir، سپس`, `<p>سامانه <a href="https://my.medu.ir" dir="ltr">https://my.medu.ir</a>، سپس</p>`},
		{`https://x.example/"onmouseover=alert(1)`, `<p><a href="https://x.example/" dir="ltr">https://x.example/</a>&#34;onmouseover=alert(۱)</p>`},
		{`**نکته مهم:** 72 ساعت`, `<p><strong>نکته مهم:</strong> ۷۲ ساعت</p>`},
		{"## ۲۴. پرسش\nپاسخ", `<h3>۲۴. پرسش</h3><p>پاسخ</p>`},
		{"## پرسش\n- یک\n- دو", `<h3>پرسش</h3><ul><li>یک</li><li>دو</li></ul>`},
		{"متن ## نه عنوان", `<p>متن ## نه عنوان</p>`},
		{"## ۲۴. پرسش\n\n۱۲۰ ثانیه.", `<h3>۲۴. پرسش</h3><p>۱۲۰ ثانیه.</p>`},
		{"- یک\n- دو", `<ul><li>یک</li><li>دو</li></ul>`},
		{"1. یک\n۲. دو", `<ol><li>یک</li><li>دو</li></ol>`},
		{"سطر\r\nدوم", `<p>سطر<br>دوم</p>`},
		{"۱۹-۲۲۰۲۹۸۱۱", `<p>۱۹-۲۲۰۲۹۸۱۱</p>`},
	}
	for _, c := range cases {
		if got := string(web.HelpHTML(c.in)); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

func TestValidateHelp(t *testing.T) {
	if p := web.ValidateHelp("عنوان", "متن\nدوم"); len(p) > 0 {
		t.Fatalf("refused: %v", p)
	}
	for _, c := range []struct{ title, body, field, in string }{
		{"", "متن", "title", "وارد کنید"},
		{"عنوان", " ", "body", "وارد کنید"},
		{strings.Repeat("ع", 101), "متن", "title", "۱۰۰"},
		{"عنوان", strings.Repeat("م", 6001), "body", "۶۰۰۰"},
		{"a\xffb", "متن", "title", "نامعتبر"},
		{"عنوان", "a\x00b", "body", "نامعتبر"},
		{"عنوان", "a\x07b", "body", "کنترلی"},
		{"a\nb", "متن", "title", "کنترلی"},
	} {
		if msg := web.ValidateHelp(c.title, c.body)[c.field]; !strings.Contains(msg, c.in) {
			t.Errorf("%q/%q: %s says %q, want %q", c.title, c.body, c.field, msg, c.in)
		}
	}
}

func TestHelpRegisterRefusesBadKeys(t *testing.T) {
	for name, p := range map[string]web.HelpPage{
		"upper case": {Area: "Cards", Slug: "x", Title: "t", Body: "b"},
		"slash":      {Area: "a/b", Slug: "x", Title: "t", Body: "b"},
		"no title":   {Area: "a", Slug: "x", Body: "b"},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: registered", name)
				}
			}()
			web.NewHelp(nil, nil).Register(p)
		}()
	}
	h := web.NewHelp(nil, nil)
	h.Register(web.HelpPage{Area: "a", Slug: "x", Title: "t", Body: "b"})
	defer func() {
		if recover() == nil {
			t.Error("a key registered twice")
		}
	}()
	h.Register(web.HelpPage{Area: "a", Slug: "x", Title: "t", Body: "b"})
}

// The stored edit wins over the default on every instance, on the pages
// the area named, and a reset brings the guide's text back.
func TestHelpEditShowsAndResets(t *testing.T) {
	dbtest.Each(t, []*db.Schema{web.Schema}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		page := web.HelpPage{Area: "demo", Slug: "pay", Title: "راهنمای پرداخت اقساط", Body: "متن راهنما", Paths: []string{"/form"}}
		h := newHarness(t, d, web.Options{})
		h.srv.Help.Register(page)
		other := web.NewHelp(d, nil) // a second instance's registry
		other.Register(page)
		get := func() string {
			resp, err := http.Get(h.ts.URL + "/form")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return string(b)
		}
		if p := get(); !strings.Contains(p, `<summary>راهنمای پرداخت اقساط</summary><div class="help-body"><p>متن راهنما</p></div>`) ||
			!strings.Contains(p, `href="/help/demo/pay"`) {
			t.Fatalf("the default is not shown:\n%s", p)
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			return other.SaveTx(ctx, tx, "demo", "pay", "راهنمای تازه", "**متن** تازه", 3)
		}); err != nil {
			t.Fatal(err)
		}
		if p := get(); !strings.Contains(p, `<summary>راهنمای تازه</summary><div class="help-body"><p><strong>متن</strong> تازه</p></div>`) {
			t.Fatalf("the edit made on the other instance is not shown:\n%s", p)
		}
		e, err := h.srv.Help.Page(ctx, "demo", "pay")
		if err != nil || !e.Edited || e.Default.Body != "متن راهنما" || e.UpdatedAt.Before(time.Now().Add(-time.Hour)) {
			t.Fatalf("entry %+v %v", e, err)
		}
		var dropped bool
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			var err error
			dropped, err = h.srv.Help.ResetTx(ctx, tx, "demo", "pay")
			return err
		}); err != nil || !dropped {
			t.Fatalf("reset: %v %v", dropped, err)
		}
		if p := get(); !strings.Contains(p, `<p>متن راهنما</p>`) {
			t.Fatal("the default is not back")
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return other.SaveTx(ctx, tx, "demo", "nope", "t", "b", 3) }); err == nil {
			t.Fatal("saved a page nobody registered")
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return other.SaveTx(ctx, tx, "demo", "pay", "t", "a\x00", 3) }); err == nil {
			t.Fatal("saved a NUL")
		}
	})
}
