package area

import (
	"strings"
	"testing"
)

func keys(ds []Descriptor) string {
	var k []string
	for _, d := range ds {
		k = append(k, d.Key)
	}
	return strings.Join(k, ",")
}

func TestSelect(t *testing.T) {
	all := []Descriptor{{Key: "a"}, {Key: "b", Requires: []Requirement{{Key: "a", Why: "its pages are a's"}}}, {Key: "c"}}
	for spec, want := range map[string]string{
		"":            "a,b,c",
		"  ":          "a,b,c",
		"c":           "c",
		" C , a ":     "a,c", // the order is all's, not the spec's
		"a,b":         "a,b",
		"a,,a":        "a",
		"b,a,c,a,b,c": "a,b,c",
	} {
		got, err := Select(all, spec)
		if err != nil || keys(got) != want {
			t.Errorf("Select(%q) = %q, %v; want %q", spec, keys(got), err, want)
		}
	}
	for spec, wantErr := range map[string]string{
		"x":       `no area is called "x"; the areas are a, b, c`,
		"a,b\x00": `no area is called "b\x00"`,
		",":       `names no area`,
		"b":       `b needs a (its pages are a's); enable both, e.g. "a,b"`,
		"a,کارت":  `no area is called "کارت"`,
		"\xff":    `no area is called`,
		"c,b":     `b needs a`,
	} {
		_, err := Select(all, spec)
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("Select(%q) error = %v; want it to contain %q", spec, err, wantErr)
		}
	}
}
