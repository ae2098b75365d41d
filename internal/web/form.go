package web

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"pishkhan/internal/fa"
)

// Form is a submitted form: the values as typed (to show them again) and
// the problems found, per field, in Persian.
type Form struct {
	Values url.Values
	Errors map[string]string
	order  []string // fields in the order Fail saw them, for the summary
}

// NewForm wraps parsed values. Values are normalised as every field of
// Pishkhan is: Persian and Arabic-Indic digits become Latin, Arabic ي and
// ك become Persian, edges are trimmed.
func NewForm(v url.Values) *Form {
	f := &Form{Values: url.Values{}, Errors: map[string]string{}}
	for k, vs := range v {
		for _, s := range vs {
			f.Values.Add(k, fa.NormalizeInput(s))
		}
	}
	return f
}

// Get returns a field's value.
func (f *Form) Get(field string) string { return f.Values.Get(field) }

// Fail records a problem with a field (the first problem wins).
func (f *Form) Fail(field, message string) {
	if _, ok := f.Errors[field]; !ok {
		f.Errors[field] = message
		f.order = append(f.order, field)
	}
}

// Valid reports whether no problem was recorded.
func (f *Form) Valid() bool { return len(f.Errors) == 0 }

// Required fails a field that is empty.
func (f *Form) Required(field, label string) string {
	v := f.Get(field)
	if v == "" {
		f.Fail(field, MsgRequired(label))
	}
	return v
}

// MaxLength fails a field longer than n characters.
func (f *Form) MaxLength(field, label string, n int) string {
	v := f.Get(field)
	if utf8.RuneCountInString(v) > n {
		f.Fail(field, MsgAtMost(label, n))
	}
	return v
}

// Check runs a parser from package fa on a field and records its Persian
// message on failure.
func (f *Form) Check(field string, parse func(string) (string, error)) string {
	v, err := parse(f.Get(field))
	if err != nil {
		f.Fail(field, UserMessage(err))
		return ""
	}
	return v
}

// UserMessage is the Persian text of an error meant for the user, or a
// generic sentence for anything else (internal details are only logged).
func UserMessage(err error) string {
	if msg, ok := fa.UserMessage(err); ok {
		return msg
	}
	return MsgInvalidValue
}

func itoa(n int) string {
	var b strings.Builder
	if n == 0 {
		return "0"
	}
	var digits []byte
	for n > 0 {
		digits = append(digits, byte('0'+n%10))
		n /= 10
	}
	for i := len(digits) - 1; i >= 0; i-- {
		b.WriteByte(digits[i])
	}
	return b.String()
}
