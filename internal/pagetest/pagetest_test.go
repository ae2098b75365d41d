package pagetest_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa/fatest"
	"pishkhan/internal/identity"
	"pishkhan/internal/pagetest"
)

// The harness itself: a customer signed in lands on the home page, a
// staff member on the back office, the hook's route is served, a form
// posted without its token is refused, and every part reads the one clock.
func TestSiteSignsPeopleInOnOneClock(t *testing.T) {
	clock := fatest.NewClock(fatest.At(1403, 6, 15))
	hooked := false
	pagetest.Each(t, []*db.Schema{identity.Schema}, pagetest.Options{Clock: clock, Routes: func(s *pagetest.Site) error {
		hooked = s.URL != "" && s.Server != nil && s.Identity != nil
		s.Server.HandleFunc("GET /area/now", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(s.Clock.Now().UTC().Format(time.RFC3339)))
		})
		return nil
	}}, func(t *testing.T, s *pagetest.Site) {
		if !hooked {
			t.Fatal("the hook ran before the site had its address, server and identity")
		}
		_, b := s.Customer(identity.NewCustomer{NationalCode: fatest.NationalCode("123456789"), FirstName: "علی", LastName: "رضایی"})
		b.Get("/").Want(t, http.StatusOK, "").Has(t, `id="home"`)
		before := clock.Now()
		b.Get("/area/now").Want(t, http.StatusOK, "").Has(t, before.UTC().Format(time.RFC3339))
		clock.Advance(time.Hour)
		b.Get("/area/now").Has(t, before.Add(time.Hour).UTC().Format(time.RFC3339))

		_, staff := s.Staff("sara", identity.RoleSupport)
		staff.Get("/staff").Want(t, http.StatusOK, "")
		if r := staff.Post("/staff/logout", url.Values{}); r.Status != http.StatusForbidden {
			t.Fatalf("a form without its CSRF token: %d, want 403", r.Status)
		}
		s.Client().Get("/staff").Want(t, http.StatusSeeOther, "*")
	})
}
