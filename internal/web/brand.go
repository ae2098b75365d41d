package web

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"pishkhan/internal/fa"
)

// Brand is how one deployment presents itself: the provider's name on
// every page, its logo, favicon and colour, how customers reach its
// support, the seller on its invoices and bank pages, and the signature
// its SMS end with. Defaults come from the environment or a file
// (PISHKHAN_BRAND_*); an admin's save at /staff/settings overrides them
// for every instance (BrandStore).
type Brand struct {
	Name         string // on every page's header and title
	ShortName    string // where space is short (the phone's header)
	Colour       string // primary colour, #rrggbb, ≥ 4.5:1 against white
	LogoPath     string // a same-site path ("/static/…"), when no logo is uploaded
	FaviconPath  string // likewise for the favicon
	SupportPhone string // digits, '-' and spaces, Latin digits once normalised
	SupportHours string
	Footer       string
	Seller       string // the seller's name on invoices and the bank page
	SMSSignature string // appended to every SMS
}

// DefaultColour is the colour app.css is written with.
const DefaultColour = "#0b6e4f"

// DefaultBrand is Pishkhan's own brand, the base the settings fill in.
func DefaultBrand() Brand {
	return Brand{Name: msgSiteName, Colour: DefaultColour, Seller: msgSiteName}
}

// Limits of each field, in characters: what fits a header line, an
// invoice's seller cell and one SMS's tail.
const (
	brandNameMax      = 60
	brandShortMax     = 20
	brandPathMax      = 200
	brandPhoneMax     = 40
	brandHoursMax     = 120
	brandFooterMax    = 300
	brandSellerMax    = 120
	brandSignatureMax = 30
)

// BrandField names a brand field: its form name and Persian label.
type BrandField struct{ Name, Label string }

// Brand form fields, in the order the settings page shows them.
var (
	FieldBrandName    = BrandField{"name", labelBrandName}
	FieldBrandShort   = BrandField{"short_name", labelBrandShort}
	FieldBrandColour  = BrandField{"colour", labelBrandColour}
	FieldBrandLogo    = BrandField{"logo_path", labelBrandLogo}
	FieldBrandFavicon = BrandField{"favicon_path", labelBrandFavicon}
	FieldBrandPhone   = BrandField{"support_phone", labelBrandPhone}
	FieldBrandHours   = BrandField{"support_hours", labelBrandHours}
	FieldBrandFooter  = BrandField{"footer", labelBrandFooter}
	FieldBrandSeller  = BrandField{"seller", labelBrandSeller}
	FieldBrandSMS     = BrandField{"sms_signature", labelBrandSMS}
)

// Normalize tidies what a person or a file typed: edges trimmed, digits
// Latin (Persian and Arabic-Indic accepted), the colour lower-case with
// its '#'. It keeps whatever Validate must refuse.
func (b Brand) Normalize() Brand {
	n := func(s string) string { return fa.NormalizeInput(s) }
	b.Name, b.ShortName, b.LogoPath, b.FaviconPath = n(b.Name), n(b.ShortName), n(b.LogoPath), n(b.FaviconPath)
	b.SupportPhone, b.SupportHours, b.Footer = n(b.SupportPhone), n(b.SupportHours), n(b.Footer)
	b.Seller, b.SMSSignature = n(b.Seller), n(b.SMSSignature)
	b.Colour = strings.ToLower(n(b.Colour))
	if b.Colour != "" && !strings.HasPrefix(b.Colour, "#") {
		b.Colour = "#" + b.Colour
	}
	if len(b.Colour) == 4 { // #abc is #aabbcc
		c := b.Colour
		b.Colour = "#" + strings.Repeat(c[1:2], 2) + strings.Repeat(c[2:3], 2) + strings.Repeat(c[3:4], 2)
	}
	return b
}

// Validate returns the problems of a normalised brand by form field, in
// Persian; none means it may be saved.
func (b Brand) Validate() map[string]string {
	problems := map[string]string{}
	fail := func(f BrandField, msg string) {
		if _, ok := problems[f.Name]; !ok {
			problems[f.Name] = msg
		}
	}
	text := func(f BrandField, v string, max int, required, multiline bool) {
		switch {
		case !utf8.ValidString(v) || strings.ContainsRune(v, 0):
			fail(f, msgBadChars(f.Label))
		case required && v == "":
			fail(f, MsgRequired(f.Label))
		case utf8.RuneCountInString(v) > max:
			fail(f, MsgAtMost(f.Label, max))
		case hasControl(v, multiline):
			fail(f, msgControlChars(f.Label))
		}
	}
	text(FieldBrandName, b.Name, brandNameMax, true, false)
	text(FieldBrandShort, b.ShortName, brandShortMax, false, false)
	text(FieldBrandLogo, b.LogoPath, brandPathMax, false, false)
	text(FieldBrandFavicon, b.FaviconPath, brandPathMax, false, false)
	text(FieldBrandPhone, b.SupportPhone, brandPhoneMax, false, false)
	text(FieldBrandHours, b.SupportHours, brandHoursMax, false, false)
	text(FieldBrandFooter, b.Footer, brandFooterMax, false, true)
	text(FieldBrandSeller, b.Seller, brandSellerMax, true, false)
	text(FieldBrandSMS, b.SMSSignature, brandSignatureMax, false, false)
	if msg := colourProblem(b.Colour); msg != "" {
		fail(FieldBrandColour, msg)
	}
	for _, p := range []struct {
		f BrandField
		v string
	}{{FieldBrandLogo, b.LogoPath}, {FieldBrandFavicon, b.FaviconPath}} {
		if p.v != "" && !SameSitePath(p.v) {
			fail(p.f, msgNotOwnPath(p.f.Label))
		}
	}
	if b.SupportPhone != "" && !phoneLike(b.SupportPhone) {
		fail(FieldBrandPhone, msgPhoneChars)
	}
	return problems
}

// hasControl reports control characters other than, in multi-line text,
// line breaks and tabs.
func hasControl(s string, multiline bool) bool {
	for _, r := range s {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return true
		}
	}
	return false
}

// SameSitePath reports whether p is a path on this site: it begins with
// one '/', names no other host ("//x", "/\x") and no scheme, and holds
// nothing a URL attribute would have to escape.
func SameSitePath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return false
	}
	for _, r := range p {
		if r <= ' ' || r == '\\' || r == '"' || r == '\'' || r == '<' || r == '>' || r == '`' || r >= 0x7f {
			return false
		}
	}
	return true
}

// phoneLike: digit groups joined by single '-' or spaces, 3 to 20 digits
// in all ("021-71400900", "22029811-19", "1490").
func phoneLike(s string) bool {
	digits, prevSep := 0, true
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
			prevSep = false
		case r == '-' || r == ' ':
			if prevSep {
				return false
			}
			prevSep = true
		default:
			return false
		}
	}
	return !prevSep && digits >= 3 && digits <= 20
}

// PhoneDigits is the phone's digits alone, for a tel: link: the first
// number of a range such as 22029811-19.
func PhoneDigits(phone string) string {
	first, _, _ := strings.Cut(phone, "-")
	if len(first) < 6 { // "021-71400900": the area code is the first group
		first = strings.ReplaceAll(phone, "-", "")
	}
	return strings.ReplaceAll(first, " ", "")
}
