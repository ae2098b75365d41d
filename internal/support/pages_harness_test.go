package support_test

// The harness of the page tests: identity's sign-in pages and support's
// pages served by the real web kit and router over HTTP, on a fresh
// database per test, with the clock of env.

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/identity"
	"pishkhan/internal/pagetest"
	"pishkhan/internal/support"
	"pishkhan/internal/web"
	"pishkhan/internal/web/webtest"
)

type site struct {
	*env
	*pagetest.Site
	t   *testing.T
	srv *web.Server
	url string
}

func pageEngines(t *testing.T, fn func(t *testing.T, s *site)) {
	t.Helper()
	dbtest.Each(t, []*db.Schema{support.Schema}, func(t *testing.T, d *db.DB) {
		s := &site{t: t}
		s.Site = pagetest.New(t, d, pagetest.Options{
			Web: func(o *web.Options) {
				o.MaxBodyBytes = 8 << 20
				o.SessionIdle, o.SessionMax = 30*24*time.Hour, 60*24*time.Hour // the tests move the clock by hours
			},
			Routes: func(ps *pagetest.Site) error {
				s.env = envOn(t, ps.Domains)
				return support.Routes(ps.Server, s.svc)
			}})
		s.srv, s.url = s.Server, s.URL
		fn(t, s)
	})
}

const customerPassword = "Kavir-Lut-1402x"

// signedIn creates a customer who finished set-up and a browser signed in
// as them.
func (s *site) signedIn(in identity.NewCustomer) (*identity.Customer, *browser) {
	s.t.Helper()
	c := s.ReadyCustomer(in, customerPassword)
	return c, s.SignedIn(in.Username, customerPassword)
}

// staffIn creates a staff member in departments and a browser signed in
// as them.
func (s *site) staffIn(username string, roles []string, departments ...string) (*support.Staff, *browser) {
	s.t.Helper()
	m, b := s.Staff(username, roles...)
	for _, d := range departments {
		s.addMember(d, m.ID)
	}
	st, err := s.svc.StaffFor(context.Background(), m)
	if err != nil {
		s.t.Fatal(err)
	}
	return st, b
}

type browser = pagetest.Browser

func (s *site) browser() *browser { return s.Client() }

type file = webtest.File

// idFrom reads the number at the end of a redirect like /support/tickets/7.
func idFrom(t *testing.T, location string) string {
	t.Helper()
	i := strings.LastIndexByte(location, '/')
	if i < 0 {
		t.Fatalf("no id in %q", location)
	}
	return location[i+1:]
}

// attachmentLinks lists the attachment links of a page.
func attachmentLinks(body, prefix string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`href="(`+regexp.QuoteMeta(prefix)+`\d+)"`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}
