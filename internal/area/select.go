package area

import (
	"fmt"
	"strings"
)

// Select keeps the descriptors spec names (comma-separated keys, any case
// and spacing; "" is every one), in the order of all. It refuses a name
// no area has and an area without one it requires, saying which to add.
func Select(all []Descriptor, spec string) ([]Descriptor, error) {
	if strings.TrimSpace(spec) == "" {
		return all, nil
	}
	known := make([]string, len(all))
	byKey := map[string]bool{}
	for i, d := range all {
		known[i] = d.Key
		byKey[d.Key] = true
	}
	want := map[string]bool{}
	for _, k := range strings.Split(spec, ",") {
		k = strings.ToLower(strings.TrimSpace(k))
		if k == "" {
			continue
		}
		if !byKey[k] {
			return nil, fmt.Errorf("PISHKHAN_AREAS: no area is called %q; the areas are %s", k, strings.Join(known, ", "))
		}
		want[k] = true
	}
	if len(want) == 0 {
		return nil, fmt.Errorf("PISHKHAN_AREAS: %q names no area; the areas are %s (leave it unset for all)", spec, strings.Join(known, ", "))
	}
	var out []Descriptor
	for _, d := range all {
		if !want[d.Key] {
			continue
		}
		for _, r := range d.Requires {
			if !want[r.Key] {
				return nil, fmt.Errorf("PISHKHAN_AREAS: %s needs %s (%s); enable both, e.g. %q", d.Key, r.Key, r.Why, r.Key+","+d.Key)
			}
		}
		out = append(out, d)
	}
	return out, nil
}
