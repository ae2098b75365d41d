package fa

import (
	"errors"
	"strconv"
	"testing"
)

// withNationalCheck appends the check digit to nine digits, independently
// of nationalCodeCheckDigit, so tests do not trust the code under test.
func withNationalCheck(first9 string) string {
	sum := 0
	for i, c := range first9 {
		sum += int(c-'0') * (10 - i)
	}
	c := sum % 11
	if c >= 2 {
		c = 11 - c
	}
	return first9 + strconv.Itoa(c)
}

func TestParseNationalCode(t *testing.T) {
	// 0084575948 is the example commonly cited in Iranian documentation:
	// Σ = 0·10+0·9+8·8+4·7+5·6+7·5+5·4+9·3+4·2 = 212, 212 mod 11 = 3,
	// check = 11−3 = 8. ✓
	if got := withNationalCheck("008457594"); got != "0084575948" {
		t.Fatalf("check digit computation: %s", got)
	}
	ok := []struct{ in, want string }{
		{"0084575948", "0084575948"},
		{"۰۰۸۴۵۷۵۹۴۸", "0084575948"},
		{"٠٠٨٤٥٧٥٩٤٨", "0084575948"},
		{"008-457594-8", "0084575948"}, // as printed on the national card
		{" 008 457 5948 ", "0084575948"},
		{"84575948", "0084575948"},  // leading zeros dropped by a spreadsheet
		{"084575948", "0084575948"}, // one of them dropped
		{withNationalCheck("123456789"), "1234567891"},
		{withNationalCheck("449016273"), "4490162731"},
		{withNationalCheck("000000001"), "0000000019"},
		{"0123456789", "0123456789"}, // c = 2 → check 9
		{"9876543210", "9876543210"}, // c = 0 → check 0
	}
	for _, tt := range ok {
		got, err := ParseNationalCode(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseNationalCode(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	bad := []string{
		"", "0084575949", "0084575940", "1234567890", "008457594", // 9 digits, but its padding fails the checksum
		"00845759481", "0084575948a", "+0084575948", "008457594.8",
		"1111111111", // passes the checksum (Σ=54, 54 mod 11 = 10, 11−10 = 1), never issued
		"0000000000", "2222222222", "3333333333", "1234567",
	}
	for _, in := range bad {
		if got, err := ParseNationalCode(in); !errors.Is(err, ErrNationalCode) {
			t.Errorf("ParseNationalCode(%q) = %q, %v; want ErrNationalCode", in, got, err)
		}
	}
}

func TestNationalCodeEverySameDigitCodeRejected(t *testing.T) {
	for d := '0'; d <= '9'; d++ {
		code := ""
		for range 10 {
			code += string(d)
		}
		if _, err := ParseNationalCode(code); err == nil {
			t.Errorf("%s accepted", code)
		}
	}
}

func FuzzParseNationalCode(f *testing.F) {
	for _, s := range []string{"0084575948", "۰۰۸۴۵۷۵۹۴۸", "008-457594-8", "84575948", "1111111111", "0084575949", "1234567891"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, err := ParseNationalCode(s)
		if err != nil {
			if !errors.Is(err, ErrNationalCode) || code != "" {
				t.Fatalf("ParseNationalCode(%q) = %q, %v", s, code, err)
			}
			return
		}
		if len(code) != 10 || !AllDigits(code) || allSame(code) {
			t.Fatalf("ParseNationalCode(%q) = %q: not ten varied digits", s, code)
		}
		if withNationalCheck(code[:9]) != code {
			t.Fatalf("ParseNationalCode(%q) = %q: bad check digit", s, code)
		}
		// Canonical output is a fixed point, in any digit script and with
		// the card's dashes.
		for _, again := range []string{code, Digits(code), code[:3] + "-" + code[3:9] + "-" + code[9:]} {
			if c, err := ParseNationalCode(again); err != nil || c != code {
				t.Fatalf("ParseNationalCode(%q) = %q, %v; want %q", again, c, err, code)
			}
		}
	})
}
