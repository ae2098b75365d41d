package web_test

import (
	"net/url"
	"testing"

	"pishkhan/internal/web"
)

func TestIntFitsAnIntegerColumn(t *testing.T) {
	for s, want := range map[string]int{"0": 0, "۱۲": 12, "٤٥": 45, " 7 ": 7, "2147483647": 2147483647, "-2147483648": -2147483648} {
		if n, ok := web.Int(s); !ok || n != want {
			t.Errorf("Int(%q) = %d %v, want %d", s, n, ok, want)
		}
	}
	for _, s := range []string{"", "+1", "1.5", "1e3", "x", "2147483648", "-2147483649", "99999999999999999999", "12\x00"} {
		if n, ok := web.Int(s); ok {
			t.Errorf("Int(%q) = %d, want refused", s, n)
		}
	}
	if n, ok := web.Int64("9223372036854775807"); !ok || n != 9223372036854775807 {
		t.Errorf("Int64 max: %d %v", n, ok)
	}
	if _, ok := web.Int64("99999999999999999999"); ok {
		t.Error("Int64 beyond int64 accepted")
	}
	f := web.NewForm(url.Values{"n": {"99999999999999999999"}, "m": {"۵"}})
	if _, ok := f.Int("n", "تعداد", 1, 60); ok || f.Errors["n"] != "تعداد باید عددی از ۱ تا ۶۰ باشد." {
		t.Errorf("Form.Int: %v %q", ok, f.Errors["n"])
	}
	if n, ok := f.Int("m", "تعداد", 1, 60); !ok || n != 5 {
		t.Errorf("Form.Int(۵) = %d %v", n, ok)
	}
}
