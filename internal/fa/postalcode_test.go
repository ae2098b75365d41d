package fa

import (
	"errors"
	"testing"
)

func TestParsePostalCode(t *testing.T) {
	ok := []struct{ in, want string }{
		{"1193653471", "1193653471"},
		{"11936-53471", "1193653471"},
		{"۱۱۹۳۶ ۵۳۴۷۱", "1193653471"},
		{" 1193653471\u200c", "1193653471"},
		{"1234567890", "1234567890"}, // light validation: plausible shape is enough
	}
	for _, tt := range ok {
		got, err := ParsePostalCode(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParsePostalCode(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	bad := []string{"", "119365347", "11936534711", "0193653471", "1111111111", "0000000000", "11936/53471", "11936a3471"}
	for _, in := range bad {
		if got, err := ParsePostalCode(in); !errors.Is(err, ErrPostalCode) {
			t.Errorf("ParsePostalCode(%q) = %q, %v; want ErrPostalCode", in, got, err)
		}
	}
}

func FuzzParsePostalCode(f *testing.F) {
	for _, s := range []string{"1193653471", "11936-53471", "۱۱۹۳۶ ۵۳۴۷۱", "0193653471", "1111111111"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePostalCode(s)
		if err != nil {
			if !errors.Is(err, ErrPostalCode) || p != "" {
				t.Fatalf("ParsePostalCode(%q) = %q, %v", s, p, err)
			}
			return
		}
		if len(p) != 10 || !AllDigits(p) || p[0] == '0' || allSame(p) {
			t.Fatalf("ParsePostalCode(%q) = %q", s, p)
		}
		for _, again := range []string{p, p[:5] + "-" + p[5:], Digits(p)} {
			if c, err := ParsePostalCode(again); err != nil || c != p {
				t.Fatalf("ParsePostalCode(%q) = %q, %v; want %q", again, c, err, p)
			}
		}
	})
}
