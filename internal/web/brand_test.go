package web_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/web"
)

func validBrand() web.Brand {
	return web.Brand{Name: "پارس‌نت", ShortName: "پارس", Colour: "#166534", SupportPhone: "021-71400900",
		SupportHours: "همه روزه ۸ تا ۲۲", Footer: "ارائه‌دهنده خدمات اینترنت", Seller: "شرکت پارس‌نت", SMSSignature: "پارس‌نت"}
}

// Every field refuses what a person or a hostile request may send, with
// a Persian message naming the field; what is fine passes once tidied.
func TestBrandValidateRefusesHostileInput(t *testing.T) {
	long := strings.Repeat("ن", 61)
	cases := []struct {
		name  string
		edit  func(b *web.Brand)
		field string // "" = valid
		in    string // a fragment of the message
	}{
		{"valid", func(b *web.Brand) {}, "", ""},
		{"upper-case colour without #, Persian digits", func(b *web.Brand) { b.Colour = "۱۶۶۵۳۴" }, "", ""},
		{"short colour", func(b *web.Brand) { b.Colour = "#036" }, "", ""},
		{"Persian phone", func(b *web.Brand) { b.SupportPhone = "۲۲۰۲۹۸۱۱-۱۹" }, "", ""},
		{"same-site logo", func(b *web.Brand) { b.LogoPath = "/static/logo.png" }, "", ""},
		{"empty name", func(b *web.Brand) { b.Name = "  " }, "name", "را وارد کنید"},
		{"long name", func(b *web.Brand) { b.Name = long }, "name", "۶۰"},
		{"invalid UTF-8", func(b *web.Brand) { b.Name = "a\xffb" }, "name", "نامعتبر"},
		{"NUL", func(b *web.Brand) { b.Footer = "a\x00b" }, "footer", "نامعتبر"},
		{"control", func(b *web.Brand) { b.ShortName = "a\x1bb" }, "short_name", "کنترلی"},
		{"line break in a one-line field", func(b *web.Brand) { b.Name = "a\nb" }, "name", "کنترلی"},
		{"colour name", func(b *web.Brand) { b.Colour = "red" }, "colour", "شانزده‌شانزدهی"},
		{"colour injection", func(b *web.Brand) { b.Colour = "#000;}body{display:none" }, "colour", "شانزده‌شانزدهی"},
		{"no colour", func(b *web.Brand) { b.Colour = "" }, "colour", "وارد کنید"},
		{"pale colour", func(b *web.Brand) { b.Colour = "#ffcc00" }, "colour", "دست‌کم ۴٫۵ به ۱"},
		{"green just short", func(b *web.Brand) { b.Colour = "#15803d" }, "colour", "۴٫۳ به ۱"},
		{"another site's logo", func(b *web.Brand) { b.LogoPath = "https://evil.example/logo.png" }, "logo_path", "همین سامانه"},
		{"protocol-relative logo", func(b *web.Brand) { b.LogoPath = "//evil.example/logo.png" }, "logo_path", "همین سامانه"},
		{"backslash logo", func(b *web.Brand) { b.LogoPath = "/\\evil.example" }, "logo_path", "همین سامانه"},
		{"script favicon", func(b *web.Brand) { b.FaviconPath = "javascript:alert(1)" }, "favicon_path", "همین سامانه"},
		{"quote in path", func(b *web.Brand) { b.LogoPath = `/a" onerror="x` }, "logo_path", "همین سامانه"},
		{"letters in phone", func(b *web.Brand) { b.SupportPhone = "021-CALL-US" }, "support_phone", "فقط رقم"},
		{"double dash phone", func(b *web.Brand) { b.SupportPhone = "021--71400900" }, "support_phone", "فقط رقم"},
		{"too few digits", func(b *web.Brand) { b.SupportPhone = "12" }, "support_phone", "فقط رقم"},
		{"long signature", func(b *web.Brand) { b.SMSSignature = strings.Repeat("x", 31) }, "sms_signature", "۳۰"},
		{"no seller", func(b *web.Brand) { b.Seller = "" }, "seller", "وارد کنید"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := validBrand()
			c.edit(&b)
			problems := b.Normalize().Validate()
			if c.field == "" {
				if len(problems) > 0 {
					t.Fatalf("refused: %v", problems)
				}
				return
			}
			msg, ok := problems[c.field]
			if !ok || !strings.Contains(msg, c.in) {
				t.Fatalf("problems %v, want %s to say %q", problems, c.field, c.in)
			}
			if len(problems) != 1 {
				t.Fatalf("other fields refused too: %v", problems)
			}
		})
	}
}

// A colour that fails is met with a darker one of the same hue that
// passes; the colours Pishkhan ships pass as they are.
func TestBrandColourContrast(t *testing.T) {
	for _, c := range []string{web.DefaultColour, "#166534", "#1d4ed8", "#b42318"} {
		if n, ok := web.ColourContrast(c); !ok || n < 4.5 {
			t.Errorf("%s: contrast %.2f", c, n)
		}
	}
	for _, c := range []string{"#ffcc00", "#15803d", "#22c55e", "#ffffff", "#7dd3fc"} {
		n, _ := web.ColourContrast(c)
		if n >= 4.5 {
			t.Fatalf("%s passes (%.2f); pick a failing colour", c, n)
		}
		d := web.ColourSuggestion(c)
		if m, _ := web.ColourContrast(d); m < 4.5 {
			t.Errorf("%s darkened to %s: still %.2f", c, d, m)
		}
		if p := (web.Brand{Name: "x", Seller: "x", Colour: d}).Validate(); len(p) > 0 {
			t.Errorf("the suggestion %s is refused: %v", d, p)
		}
	}
	if web.ColourSuggestion(web.DefaultColour) != "" || web.ColourSuggestion("red") != "" {
		t.Error("a suggestion for a colour that passes or is no colour")
	}
	if got := web.BrandTint(web.DefaultColour); got != "#e7f1ed" {
		t.Errorf("the default colour's tint is %s, app.css says #e7f1ed", got)
	}
}

func pngOf(t *testing.T, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{0x16, 0x65, 0x34, 0xff})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestBrandImagesAreCheckedImages(t *testing.T) {
	var g bytes.Buffer
	if err := gif.Encode(&g, image.NewPaletted(image.Rect(0, 0, 4, 4), color.Palette{color.Black, color.White}), nil); err != nil {
		t.Fatal(err)
	}
	ico := append([]byte{0, 0, 1, 0, 1, 0}, make([]byte, 40)...)
	big := pngOf(t, 400, 400)
	big = append(big, make([]byte, web.LogoMaxBytes)...) // trailing bytes: a valid header, too many bytes
	for _, c := range []struct {
		name    string
		data    []byte
		favicon bool
		want    string // "" accepted, else a fragment of the message
		typ     string
	}{
		{"png", pngOf(t, 120, 40), false, "", "image/png"},
		{"gif", g.Bytes(), false, "", "image/gif"},
		{"ico favicon", ico, true, "", "image/x-icon"},
		{"ico logo", ico, false, "PNG، JPEG یا GIF", ""},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), false, "PNG، JPEG یا GIF", ""},
		{"html", []byte(`<html><script>alert(1)</script>`), true, "PNG", ""},
		{"empty", nil, false, "خالی", ""},
		{"too many bytes", big, false, "۲۵۶ کیلوبایت", ""},
		{"too wide", pngOf(t, 3000, 10), false, "۲۰۴۸", ""},
		{"png header then html", append(pngOf(t, 2, 2)[:16], []byte("<script>")...), false, "PNG", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			check := web.CheckLogo
			if c.favicon {
				check = web.CheckFavicon
			}
			img, msg := check(c.data)
			if c.want == "" {
				if msg != "" || img.Type != c.typ {
					t.Fatalf("refused (%q) or typed %q", msg, img.Type)
				}
				return
			}
			if !strings.Contains(msg, c.want) {
				t.Fatalf("message %q, want %q", msg, c.want)
			}
		})
	}
}

// Two instances on one database: a save on one shows on the other's next
// read (the version moves), uploads and their removal too, and a reset
// brings the defaults back; a brand that is not valid is never stored.
func TestBrandStoreEveryInstanceSeesASave(t *testing.T) {
	dbtest.Each(t, []*db.Schema{web.Schema}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		defaults := web.DefaultBrand()
		now := func() time.Time { return time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC) }
		a, b := web.NewBrandStore(d, defaults, now), web.NewBrandStore(d, defaults, now)
		st, err := a.Current(ctx)
		if err != nil || st.Saved || st.Brand.Name != "پیشخوان" {
			t.Fatalf("before any save: %+v %v", st, err)
		}
		logo := pngOf(t, 60, 20)
		save := func(s *web.BrandStore, br web.Brand, l web.ImageChange) error {
			return d.InTx(ctx, func(tx *db.Tx) error { return s.SaveTx(ctx, tx, br, l, web.ImageChange{Keep: true}, 7) })
		}
		if err := save(b, validBrand(), web.ImageChange{New: &web.BrandImage{Type: "image/png", Data: logo}}); err != nil {
			t.Fatal(err)
		}
		st, err = a.Current(ctx)
		if err != nil || !st.Saved || st.Brand != validBrand().Normalize() || !st.HasLogo {
			t.Fatalf("instance A after B's save: %+v %v", st, err)
		}
		if !strings.HasPrefix(st.View.LogoSrc, "/brand/logo?v=") || st.View.Phone != "۰۲۱-۷۱۴۰۰۹۰۰" || st.View.PhoneHref != "tel:02171400900" {
			t.Fatalf("view %+v", st.View)
		}
		img, err := a.Image(ctx, "logo")
		if err != nil || !bytes.Equal(img.Data, logo) || img.Type != "image/png" {
			t.Fatalf("logo: %v", err)
		}
		// A bad brand is refused by the store itself, not only by the page.
		bad := validBrand()
		bad.Colour = "#ffff00"
		if err := save(a, bad, web.ImageChange{Keep: true}); err == nil {
			t.Fatal("a pale colour was stored")
		}
		// Keep leaves the logo; Remove drops it.
		next := validBrand()
		next.Name = "پارس‌نت نو"
		if err := save(a, next, web.ImageChange{Keep: true}); err != nil {
			t.Fatal(err)
		}
		if st, _ = b.Current(ctx); st.Brand.Name != "پارس‌نت نو" || !st.HasLogo {
			t.Fatalf("B after A's save: %+v", st)
		}
		if err := save(a, next, web.ImageChange{Remove: true}); err != nil {
			t.Fatal(err)
		}
		if st, _ = b.Current(ctx); st.HasLogo {
			t.Fatal("the removed logo is still shown")
		}
		if _, err := b.Image(ctx, "logo"); err == nil {
			t.Fatal("the removed logo is still served")
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return a.ResetTx(ctx, tx, 7) }); err != nil {
			t.Fatal(err)
		}
		if st, _ = b.Current(ctx); st.Saved || st.Brand != defaults {
			t.Fatalf("after the reset: %+v", st)
		}
	})
}

// Every layout shows the brand in force: its name, logo, favicon, colour
// stylesheet, support line (Persian digits, left to right, a tel: link)
// and footer, escaped.
func TestLayoutsShowTheBrand(t *testing.T) {
	d := dbtest.SQLite(t, web.Schema)
	store := web.NewBrandStore(d, web.DefaultBrand(), nil)
	h := newHarness(t, d, web.Options{Brand: store})
	get := func() string {
		resp, err := http.Get(h.ts.URL + "/form")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	page := get()
	if !strings.Contains(page, `<a class="brand" href="/">پیشخوان</a>`) || strings.Contains(page, "brand.css") ||
		!strings.Contains(page, `<link rel="icon" href="data:,">`) {
		t.Fatalf("the default brand:\n%s", page)
	}
	br := validBrand()
	br.Footer = `<b>پانویس</b> 1404`
	br.FaviconPath = "/static/favicon.png"
	ctx := context.Background()
	if err := d.InTx(ctx, func(tx *db.Tx) error {
		return store.SaveTx(ctx, tx, br, web.ImageChange{New: &web.BrandImage{Type: "image/png", Data: pngOf(t, 4, 4)}}, web.ImageChange{Keep: true}, 1)
	}); err != nil {
		t.Fatal(err)
	}
	page = get()
	for _, want := range []string{
		`<title>فرم | پارس</title>`,
		`<span class="brand-full">پارس‌نت</span><span class="brand-short">پارس</span>`,
		`<img class="brand-logo" src="/brand/logo?v=1" alt="">`,
		`<link rel="icon" href="/static/favicon.png">`,
		`<link rel="stylesheet" href="/brand.css?v=1">`,
		`<a href="tel:02171400900" dir="ltr">۰۲۱-۷۱۴۰۰۹۰۰</a> · همه روزه ۸ تا ۲۲`,
		`&lt;b&gt;پانویس&lt;/b&gt; ۱۴۰۴`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if t.Failed() {
		t.Log(page)
	}
	if css := web.BrandCSS("#166534"); css != ":root{--brand:#166534;--brand-tint:#e8f0eb}\n" {
		t.Fatalf("css %q", css)
	}
}
