package identity

import (
	"errors"
	"testing"
)

func TestParseLineNumber(t *testing.T) {
	for in, want := range map[string]string{"1132455123": "1132455123", "01132455123": "1132455123", "۰۱۱۳-۲۴۵۵۱۲۳": "1132455123", "32239700": "32239700", " 0213 2239700 ": "2132239700"} {
		if got, err := ParseLineNumber(in); err != nil || got != want {
			t.Errorf("ParseLineNumber(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "123", "0000", "000123", "113245512345", "11324a5123", "nasiri"} {
		if _, err := ParseLineNumber(in); !errors.Is(err, ErrLineNumber) {
			t.Errorf("ParseLineNumber(%q) = %v, want ErrLineNumber", in, err)
		}
	}
	// A number is the person's own identifier (mobile, card customer ID,
	// national code) before it is a line's.
	cs := candidates("09121234567")
	if cs[0][0] != IdentMobile || cs[len(cs)-1][0] != IdentLineNumber {
		t.Fatalf("candidates %v", cs)
	}
}
