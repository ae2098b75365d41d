// Package fa holds the Persian (Farsi) presentation rules and Iranian
// identifier parsers used by the portal's web forms and pages.
//
// It has two halves:
//
//   - Presentation: [Digits] / [LatinDigits] convert between digit scripts,
//     [Rials] / [Amount] render money as Iranians read it
//     ("۱۴٬۹۲۶٬۸۳۴ ریال"), and the Jalali (Solar Hijri) helpers
//     ([FormatDate], [FormatLongDate], [Date], [ParseDate]) show and read
//     dates in the official Iranian calendar, always in [Tehran] time.
//   - Input: every form field should pass through [NormalizeInput] (or one
//     of the Parse functions, which call it) because Iranian users type with
//     Persian, Arabic and Latin keyboards interchangeably. The parsers
//     ([ParseNationalCode], [ParseMobile], [ParseCardNumber], [ParseSheba],
//     [ParsePostalCode], [ParseRials], [ParseDate]) return one canonical
//     ASCII form suitable for storage and comparison.
//
// Every parse failure is an [*Error] whose Message is a Persian,
// user-facing sentence, so a handler can do
//
//	var fe *fa.Error
//	if errors.As(err, &fe) {
//		form.SetFieldError("mobile", fe.Message)
//	}
//
// and compare with errors.Is(err, fa.ErrMobile) when it needs to branch.
//
// Canonical outputs (card numbers, Sheba, mobile numbers, masks) are plain
// ASCII on purpose: users copy them into banking apps, where invisible bidi
// marks would break pasting. Keeping them left-to-right inside right-to-left
// Persian text is the job of the markup (<bdi dir="ltr">) or, in plain text
// such as SMS, of [LTR].
//
// Money is always int64 rials; floats are never used, so no amount is ever
// rounded.
//
// The package depends only on the standard library and
// github.com/yaa110/go-persian-calendar, and embeds the time zone database
// (time/tzdata) so Tehran time is right on hosts without /usr/share/zoneinfo.
package fa
