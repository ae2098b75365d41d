package fa

import "testing"

func TestIsPersianText(t *testing.T) {
	for s, want := range map[string]bool{
		"علی":           true,
		"عبدالله‌زاده":  true,
		"سید محمد":      true,
		"Ali":           false,
		"علیA":          false,
		"علی۱":          false,
		"":              false,
		" ":             false,
		"تهران - مرکز.": true,
	} {
		if got := IsPersianText(s); got != want {
			t.Errorf("IsPersianText(%q) = %v, want %v", s, got, want)
		}
	}
}
