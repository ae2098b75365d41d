package fa

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

// withLuhn appends the Luhn check digit to 15 digits, independently of
// luhnValid.
func withLuhn(p string) string {
	sum := 0
	for i := 0; i < len(p); i++ {
		d := int(p[len(p)-1-i] - '0')
		if i%2 == 0 { // these positions are doubled once the check digit is appended
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return p + strconv.Itoa((10-sum%10)%10)
}

func TestParseCardNumber(t *testing.T) {
	valid := withLuhn("603799123456789")
	if valid != "6037991234567893" {
		t.Fatalf("withLuhn: %s", valid)
	}
	ok := []struct{ in, want string }{
		{"6037991234567893", "6037991234567893"},
		{"6037 9912 3456 7893", "6037991234567893"},
		{"6037-9912-3456-7893", "6037991234567893"},
		{"۶۰۳۷-۹۹۱۲-۳۴۵۶-۷۸۹۳", "6037991234567893"},
		{"\u200e6037–9912–3456–7893\u200e", "6037991234567893"}, // en dashes and LRMs
		{withLuhn("610433123456789"), "6104331234567890"},
		{withLuhn("502229123412341"), "5022291234123410"},
	}
	for _, tt := range ok {
		got, err := ParseCardNumber(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseCardNumber(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	bad := []string{
		"", "6037991234567894", // wrong check digit
		"6037991234567839",  // adjacent swap of the last two
		"603799123456789",   // 15 digits
		"60379912345678930", // 17 digits
		"0000000000000000",  // passes Luhn, not a card
		"6037 9912 3456 789X", "6037.9912.3456.7893", "+6037991234567893",
	}
	for _, in := range bad {
		if got, err := ParseCardNumber(in); !errors.Is(err, ErrCard) {
			t.Errorf("ParseCardNumber(%q) = %q, %v; want ErrCard", in, got, err)
		}
	}
}

func TestMaskAndFormatCard(t *testing.T) {
	tests := []struct{ in, mask, format string }{
		{"6037991234561234", "6037-99**-****-1234", "6037-9912-3456-1234"},
		{"۶۰۳۷ ۹۹۱۲ ۳۴۵۶ ۱۲۳۴", "6037-99**-****-1234", "6037-9912-3456-1234"},
		{"6037-9912-3456-7893", "6037-99**-****-7893", "6037-9912-3456-7893"},
		{"1234", "****-****-****-****", "1234"},
		{" ۱۲۳۴ ", "****-****-****-****", "1234"},
		{"", "****-****-****-****", ""},
	}
	for _, tt := range tests {
		if got := MaskCard(tt.in); got != tt.mask {
			t.Errorf("MaskCard(%q) = %q, want %q", tt.in, got, tt.mask)
		}
		if got := FormatCard(tt.in); got != tt.format {
			t.Errorf("FormatCard(%q) = %q, want %q", tt.in, got, tt.format)
		}
	}
}

func FuzzParseCardNumber(f *testing.F) {
	for _, s := range []string{"6037991234567893", "6037 9912 3456 7893", "۶۰۳۷-۹۹۱۲-۳۴۵۶-۷۸۹۳", "0000000000000000", "6037991234567894", "1234"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		mask := MaskCard(s)
		if len(mask) != len("6037-99**-****-1234") || strings.Count(mask, "*") < 6 {
			t.Fatalf("MaskCard(%q) = %q reveals too much", s, mask)
		}
		n, err := ParseCardNumber(s)
		if err != nil {
			if !errors.Is(err, ErrCard) || n != "" {
				t.Fatalf("ParseCardNumber(%q) = %q, %v", s, n, err)
			}
			return
		}
		if len(n) != 16 || !AllDigits(n) || withLuhn(n[:15]) != n {
			t.Fatalf("ParseCardNumber(%q) = %q: not 16 digits with a Luhn check digit", s, n)
		}
		formatted := FormatCard(s)
		if formatted != n[0:4]+"-"+n[4:8]+"-"+n[8:12]+"-"+n[12:16] {
			t.Fatalf("FormatCard(%q) = %q", s, formatted)
		}
		for _, again := range []string{n, formatted, Digits(formatted), LTR(formatted)} {
			if c, err := ParseCardNumber(again); err != nil || c != n {
				t.Fatalf("ParseCardNumber(%q) = %q, %v; want %q", again, c, err, n)
			}
		}
		if mask != n[0:4]+"-"+n[4:6]+"**-****-"+n[12:16] {
			t.Fatalf("MaskCard(%q) = %q", s, mask)
		}
		// Luhn catches every single-digit substitution.
		for i := 0; i < 16; i++ {
			mutated := []byte(n)
			mutated[i] = '0' + (mutated[i]-'0'+1)%10
			if _, err := ParseCardNumber(string(mutated)); err == nil {
				t.Fatalf("ParseCardNumber accepted %s, a one-digit typo of %s", mutated, n)
			}
		}
	})
}
