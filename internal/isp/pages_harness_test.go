package isp_test

// The harness of the page tests: identity, billing and the ISP pages
// served by the real web kit over HTTP, on a fresh database per test.

import (
	"testing"

	"pishkhan/internal/billing"
	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/fa/fatest"
	"pishkhan/internal/identity"
	"pishkhan/internal/isp"
	"pishkhan/internal/pagetest"
	"pishkhan/internal/web/webtest"
)

type pageEnv struct {
	*pagetest.Site
	t     testing.TB
	d     *db.DB
	clock *fatest.Clock
	ids   *identity.Service
	bill  *billing.Service
	isp   *isp.Service
	url   string
}

func pageEngines(t *testing.T, fn func(t *testing.T, e *pageEnv)) {
	t.Helper()
	dbtest.Each(t, []*db.Schema{identity.Schema, billing.Schema, isp.Schema}, func(t *testing.T, d *db.DB) {
		fn(t, newPageEnv(t, d))
	})
}

func newPageEnv(t testing.TB, d *db.DB) *pageEnv {
	t.Helper()
	e := &pageEnv{t: t, d: d}
	e.Site = pagetest.New(t, d, pagetest.Options{Clock: fatest.NewClock(fatest.At(1394, 11, 25)), Billing: true, Routes: func(s *pagetest.Site) error {
		svc, err := isp.New(d, s.Billing, s.SMS, isp.Options{Key: []byte("fedcba9876543210fedcba9876543210"), Now: s.Clock.Now, Logger: s.Logger, Identity: s.Identity})
		if err != nil {
			return err
		}
		s.Billing.RegisterFulfiller(isp.KindOrder, svc.Fulfiller())
		e.isp = svc
		return isp.Routes(s.Server, svc, s.Identity, nil)
	}})
	e.clock, e.ids, e.bill, e.url = e.Clock, e.Identity, e.Billing, e.URL
	return e
}

var pageNationalCode = fatest.NationalCode

const pagePassword = pagetest.Password

// customer creates a customer past set-up and a browser signed in as them.
func (e *pageEnv) customer(first9 string) (*identity.Customer, *pageClient) {
	e.t.Helper()
	return e.Customer(identity.NewCustomer{NationalCode: pageNationalCode(first9), FirstName: "کمال", LastName: "نصیری"})
}

func (e *pageEnv) staffMember(username string, roles ...string) *pageClient {
	e.t.Helper()
	_, c := e.Staff(username, roles...)
	return c
}

type pageClient = pagetest.Browser

type pageResp = webtest.Response

func (e *pageEnv) client() *pageClient { return e.Client() }

// upload posts files as «ارسال مدارک» does.
func upload(c *pageClient, page, action string, files map[string][]byte) pageResp {
	c.T.Helper()
	var fs []webtest.File
	for name, data := range files {
		fs = append(fs, webtest.File{Name: name, Content: data})
	}
	return c.Upload(page, action, nil, fs...)
}
