package fa

import (
	"math"
	"testing"
)

// The append forms write after what the buffer holds, the same text as
// the string forms, and allocate nothing when the buffer has room.
func TestAppendDigitsAndAmount(t *testing.T) {
	for _, n := range []int64{0, 7, 999, 1000, -1000, 14926834, math.MaxInt64, math.MinInt64} {
		if got := string(AppendAmount([]byte("x="), n)); got != "x="+Amount(n) {
			t.Errorf("AppendAmount(%d) = %q, want %q", n, got, "x="+Amount(n))
		}
	}
	if got, want := string(AppendAmount(nil, -14926834)), MinusSign+"۱۴٬۹۲۶٬۸۳۴"; got != want {
		t.Errorf("AppendAmount = %q, want %q", got, want)
	}
	for _, s := range []string{"", "1403/06/15", "abc", "ن۱2", "\xff9"} {
		if got := string(AppendDigits([]byte("<"), s)); got != "<"+Digits(s) {
			t.Errorf("AppendDigits(%q) = %q, want %q", s, got, "<"+Digits(s))
		}
	}
	buf := make([]byte, 0, 256)
	if a := testing.AllocsPerRun(100, func() {
		buf = AppendAmount(AppendDigits(buf[:0], "1403/06/15"), 14926834)
	}); a != 0 {
		t.Errorf("the append forms allocate %v times with room in the buffer", a)
	}
}
