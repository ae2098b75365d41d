package fa

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"
)

// shebaWithCheck builds a valid Sheba from the 22-digit BBAN (the part
// after "IR" and the two check digits) the ISO 13616 way, using math/big so it is independent of the iterative ibanMod97.
func shebaWithCheck(bban string) string {
	num, _ := new(big.Int).SetString(bban+"182700", 10) // "IR00" moved to the end
	r := new(big.Int).Mod(num, big.NewInt(97)).Int64()
	return fmt.Sprintf("IR%02d%s", 98-r, bban)
}

func TestParseSheba(t *testing.T) {
	constructed := shebaWithCheck("0170000000123456789012")
	if constructed != "IR050170000000123456789012" {
		t.Fatalf("shebaWithCheck = %s", constructed)
	}
	ok := []struct{ in, want string }{
		{constructed, constructed},
		{"IR062960000000100324200001", "IR062960000000100324200001"}, // ISO IBAN registry example for Iran
		{"IR580540105180021273113007", "IR580540105180021273113007"}, // another published example
		{"ir06 2960 0000 0010 0324 2000 01", "IR062960000000100324200001"},
		{"IR۰۶۲۹۶۰۰۰۰۰۰۰۱۰۰۳۲۴۲۰۰۰۰۱", "IR062960000000100324200001"},
		{"062960000000100324200001", "IR062960000000100324200001"}, // digits typed next to a fixed "IR"
		{" IR06-2960-0000-0010-0324-2000-01\u200c", "IR062960000000100324200001"},
		{shebaWithCheck("0540105180021273113007"), "IR580540105180021273113007"},
	}
	for _, tt := range ok {
		got, err := ParseSheba(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseSheba(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}

	mutated := "IR050170000000123456789013" // last digit changed
	bad := []string{
		"", mutated,
		"IR060170000000123456789012", // check digits changed
		"IR050170000000123456789021", // adjacent digits swapped
		"DE89370400440532013000",     // a valid German IBAN
		"IR05017000000012345678901",  // 25 characters
		"IR0501700000001234567890123",
		"XX050170000000123456789012",
		"IR05O170000000123456789012", // letter O for zero
		"IR",
		"IR00", "06296000000010032420000",
	}
	for _, in := range bad {
		if got, err := ParseSheba(in); !errors.Is(err, ErrSheba) {
			t.Errorf("ParseSheba(%q) = %q, %v; want ErrSheba", in, got, err)
		}
	}
}

func TestShebaCheckDigitAliases(t *testing.T) {
	// Find a BBAN whose correct check digits are 02, 97 or 98 and make sure
	// the alias 99, 00 or 01 (same residue mod 97) is refused.
	aliases := map[string]string{"02": "99", "97": "00", "98": "01"}
	found := map[string]bool{}
	for i := 0; len(found) < len(aliases) && i < 100000; i++ {
		bban := fmt.Sprintf("0170000000%012d", i)
		good := shebaWithCheck(bban)
		alias, ok := aliases[good[2:4]]
		if !ok || found[good[2:4]] {
			continue
		}
		found[good[2:4]] = true
		if _, err := ParseSheba(good); err != nil {
			t.Fatalf("ParseSheba(%s): %v", good, err)
		}
		bad := "IR" + alias + bban
		if ibanMod97(bad) != 1 {
			t.Fatalf("%s should satisfy mod 97 to make this test meaningful", bad)
		}
		if _, err := ParseSheba(bad); err == nil {
			t.Errorf("ParseSheba(%s) accepted check digits %s", bad, alias)
		}
	}
	if len(found) != len(aliases) {
		t.Fatalf("only found %v", found)
	}
}

func TestFormatSheba(t *testing.T) {
	if got := FormatSheba("ir062960000000100324200001"); got != "IR06 2960 0000 0010 0324 2000 01" {
		t.Errorf("FormatSheba = %q", got)
	}
	if got := FormatSheba(" IR00 bad "); got != "IR00 bad" {
		t.Errorf("FormatSheba(invalid) = %q", got)
	}
}

func FuzzParseSheba(f *testing.F) {
	for _, s := range []string{"IR062960000000100324200001", "ir06 2960 0000 0010 0324 2000 01", "062960000000100324200001", "IR۰۶۲۹۶۰۰۰۰۰۰۰۱۰۰۳۲۴۲۰۰۰۰۱", "IR050170000000123456789013", "IR99", "DE89370400440532013000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseSheba(s)
		if err != nil {
			if !errors.Is(err, ErrSheba) || n != "" {
				t.Fatalf("ParseSheba(%q) = %q, %v", s, n, err)
			}
			return
		}
		if len(n) != 26 || !strings.HasPrefix(n, "IR") || !AllDigits(n[2:]) {
			t.Fatalf("ParseSheba(%q) = %q: not IR + 24 digits", s, n)
		}
		if shebaWithCheck(n[4:]) != n {
			t.Fatalf("ParseSheba(%q) = %q: wrong check digits (want %s)", s, n, shebaWithCheck(n[4:]))
		}
		for _, again := range []string{n, strings.ToLower(n), n[2:], FormatSheba(n), Digits(FormatSheba(n)), LTR(FormatSheba(n))} {
			if c, err := ParseSheba(again); err != nil || c != n {
				t.Fatalf("ParseSheba(%q) = %q, %v; want %q", again, c, err, n)
			}
		}
		// Mod 97 catches every single-digit substitution.
		for i := 2; i < 26; i++ {
			mutated := []byte(n)
			mutated[i] = '0' + (mutated[i]-'0'+1)%10
			if _, err := ParseSheba(string(mutated)); err == nil {
				t.Fatalf("ParseSheba accepted %s, a one-digit typo of %s", mutated, n)
			}
		}
	})
}
