package app_test

import (
	"net/url"
	"strings"
	"testing"
)

// The areas are wired into support: a subscriber's new ticket may be about
// their internet line, the staff choose area audiences for announcements,
// and the portal's menu shows a customer only the areas they use.
func TestSupportKnowsTheAreas(t *testing.T) {
	s := startServe(t, t.TempDir(), "--demo")
	c := newPortalClient(t, s.base)
	c.get("/login")
	if code, loc, _ := c.post("/login", url.Values{"identifier": {"6789123458"}, "password": {"Kamel#Tulip-2049"}}); code != 303 || loc != "/" {
		t.Fatalf("sign-in: %d %s", code, loc)
	}
	code, _, page := c.get("/support/new")
	if code != 200 || !strings.Contains(page, "اینترنت ") {
		t.Fatalf("the ticket form (%d) offers no internet service", code)
	}
	_, _, home := c.get("/")
	if !strings.Contains(home, `href="/isp"`) || strings.Contains(home, `href="/welfare"`) || strings.Contains(home, `href="/cards/purchases"`) {
		t.Fatal("the subscriber's menu: want the internet panel, not Tavana or card pages")
	}
	admin := newPortalClient(t, s.base)
	staffSignInHTTP(t, admin, "admin", "Pishkhan-Staff@1405")
	_, _, ann := admin.get("/staff/support/announcements")
	for _, want := range []string{"مشتریان دارندگان کارت اعتباری", "مشتریان اینترنت", "مشتریان توانا کارت"} {
		if !strings.Contains(ann, want) {
			t.Errorf("the announcement audiences lack «%s»", want)
		}
	}
}
