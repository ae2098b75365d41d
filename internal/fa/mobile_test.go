package fa

import (
	"errors"
	"strings"
	"testing"
)

func TestParseMobile(t *testing.T) {
	ok := []struct{ in, want string }{
		{"09121234567", "09121234567"},
		{"9121234567", "09121234567"},
		{"+989121234567", "09121234567"},
		{"00989121234567", "09121234567"},
		{"989121234567", "09121234567"},
		{"+98 (0)912 123 4567", "09121234567"},
		{"0098 0912 123 4567", "09121234567"},
		{"۰۹۱۲۱۲۳۴۵۶۷", "09121234567"},
		{"٠٩١٢١٢٣٤٥٦٧", "09121234567"},
		{"+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷", "09121234567"},
		{"0912-123-4567", "09121234567"},
		{"(0912) 123 4567", "09121234567"},
		{"\u200e+98 912 123 4567\u200e", "09121234567"},
		{"09981234567", "09981234567"}, // 0998: national number starting 98 after the 0
		{"9981234567", "09981234567"},  // ... and without the 0: must keep its 98
		{"989981234567", "09981234567"},
		{"09011234567", "09011234567"},
	}
	for _, tt := range ok {
		got, err := ParseMobile(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseMobile(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	bad := []string{
		"", "0912123456", "091212345678", "02112345678", // Tehran landline
		"2112345678", "+12025550123", "+449121234567", "+98 21 1234 5678",
		"98912123456", "9891212345678", "0912123456a", "0912+1234567", "++989121234567",
		"+", "0098", "09121234567 ext 2", "08121234567", "1234567890", "0989121234567",
	}
	for _, in := range bad {
		if got, err := ParseMobile(in); !errors.Is(err, ErrMobile) {
			t.Errorf("ParseMobile(%q) = %q, %v; want ErrMobile", in, got, err)
		}
	}
}

func TestMaskMobile(t *testing.T) {
	tests := []struct{ in, want string }{
		{"09121234567", "0912***4567"},
		{"+98 912 123 4567", "0912***4567"},
		{"۰۹۳۵۹۸۷۶۵۴۳", "0935***6543"},
		{"not a phone", "***********"},
		{"", "***********"},
	}
	for _, tt := range tests {
		if got := MaskMobile(tt.in); got != tt.want {
			t.Errorf("MaskMobile(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzParseMobile(f *testing.F) {
	for _, s := range []string{"09121234567", "9121234567", "+989121234567", "00989121234567", "989121234567", "+98 (0)912 123 4567", "۰۹۱۲۱۲۳۴۵۶۷", "9981234567", "+1", "0098"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMobile(s)
		if err != nil {
			if !errors.Is(err, ErrMobile) || m != "" {
				t.Fatalf("ParseMobile(%q) = %q, %v", s, m, err)
			}
			if MaskMobile(s) != "***********" {
				t.Fatalf("MaskMobile(%q) = %q revealed an invalid input", s, MaskMobile(s))
			}
			return
		}
		if len(m) != 11 || !strings.HasPrefix(m, "09") || !AllDigits(m) {
			t.Fatalf("ParseMobile(%q) = %q: not 09 + 9 digits", s, m)
		}
		// Every representation of the same number maps to the same
		// canonical form.
		for _, again := range []string{m, m[1:], "+98" + m[1:], "0098" + m[1:], "98" + m[1:], Digits(m), "+98 (0)" + m[1:]} {
			if c, err := ParseMobile(again); err != nil || c != m {
				t.Fatalf("ParseMobile(%q) = %q, %v; want %q", again, c, err, m)
			}
		}
		mask := MaskMobile(s)
		if mask != m[:4]+"***"+m[7:] {
			t.Fatalf("MaskMobile(%q) = %q", s, mask)
		}
	})
}
