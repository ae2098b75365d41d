package app_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"pishkhan/internal/app"
)

// areaURLs are URL prefixes only one area serves: a profile lists an
// area's iff the area is in it.
var areaURLs = map[string][]string{
	"cards":   {"/cards", "/staff/cards", "/api/issuer/"},
	"otp":     {"/staff/otp"},
	"welfare": {"/welfare", "/staff/welfare"},
	"idp":     {"/idp/", "/register", "/staff/idp"},
	"isp":     {"/isp", "/staff/isp"},
}

// sharedURLs are served whatever the areas.
var sharedURLs = []string{"GET /login", "GET /{$}", "GET /support", "GET /wallet", "GET /orders/{tracking}", "GET /staff/two-factor/enrol", "GET /staff/audit"}

// areaProfiles are the deployments the issue names, and the areas each
// serves.
var areaProfiles = map[string][]string{
	"cards,otp": {"cards", "otp"},
	"welfare":   {"welfare"},
	"idp":       {"idp"},
	"isp":       {"isp"},
	"":          {"cards", "otp", "welfare", "idp", "isp"},
}

func listRoutesOf(t *testing.T, areas string) ([]string, string, int) {
	t.Helper()
	dir := t.TempDir()
	var out, errOut lockedBuffer
	code := app.Run(context.Background(), []string{"routes", "--data-dir", dir, "--database-url", filepath.Join(dir, "p.db"), "--areas", areas},
		envOf(map[string]string{}), &out, &errOut)
	return strings.Split(strings.TrimSpace(out.String()), "\n"), errOut.String(), code
}

// routeOf reports whether a listed pattern ("GET /isp/renew") is under
// prefix.
func routeUnder(pattern, prefix string) bool {
	_, path, _ := strings.Cut(pattern, " ")
	return strings.HasPrefix(path, prefix)
}

// TestRoutesListOnlyTheProfilesAreas: «pishkhan routes --areas …» lists
// each enabled area's pages and none of a disabled one's; the shared
// domains' pages are always there.
func TestRoutesListOnlyTheProfilesAreas(t *testing.T) {
	for profile, areas := range areaProfiles {
		t.Run("areas="+profile, func(t *testing.T) {
			routes, stderr, code := listRoutesOf(t, profile)
			if code != 0 {
				t.Fatalf("pishkhan routes --areas %q: exit %d: %s", profile, code, stderr)
			}
			for key, prefixes := range areaURLs {
				on := strings.Contains(","+strings.Join(areas, ",")+",", ","+key+",")
				for _, prefix := range prefixes {
					n := 0
					for _, r := range routes {
						if routeUnder(r, prefix) {
							n++
						}
					}
					if on && n == 0 {
						t.Errorf("area %s is enabled but no route is under %s", key, prefix)
					}
					if !on && n > 0 {
						t.Errorf("area %s is disabled but %d routes are under %s", key, n, prefix)
					}
				}
			}
			for _, s := range sharedURLs {
				found := false
				for _, r := range routes {
					found = found || r == s
				}
				if !found {
					t.Errorf("shared route %s missing", s)
				}
			}
		})
	}
}

// TestAreasValueIsChecked: an unknown area, or otp without cards, stops
// the program with a message that says what to write instead.
func TestAreasValueIsChecked(t *testing.T) {
	for value, want := range map[string]string{
		"bogus":     `no area is called "bogus"; the areas are cards, otp, welfare, isp, idp`,
		"otp":       `otp needs cards`,
		"isp,carts": `no area is called "carts"`,
		",":         `names no area`,
	} {
		_, stderr, code := listRoutesOf(t, value)
		if code == 0 || !strings.Contains(stderr, want) {
			t.Errorf("--areas %q: exit %d, stderr %q; want a failure saying %q", value, code, stderr, want)
		}
	}
}
