package cards_test

// The harness of the page tests (pages_test.go): identity, billing and the
// card pages served by the real web kit and router over HTTP (pagetest),
// on a fresh database per test. Names carry a "page" prefix so that the
// package's other test files cannot collide with them.

import (
	"context"
	"testing"

	"pishkhan/internal/billing"
	"pishkhan/internal/cards"
	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/fa/fatest"
	"pishkhan/internal/identity"
	"pishkhan/internal/pagetest"
	"pishkhan/internal/web"
)

type pageEnv struct {
	*pagetest.Site
	t     testing.TB
	d     *db.DB
	clock *fatest.Clock
	srv   *web.Server
	ids   *identity.Service
	bill  *billing.Service
	cards *cards.Service
	url   string
}

// pageEngines runs fn on every available engine, each with a fresh
// database and site.
func pageEngines(t *testing.T, fn func(t *testing.T, e *pageEnv)) {
	t.Helper()
	dbtest.Each(t, []*db.Schema{identity.Schema, billing.Schema, cards.Schema}, func(t *testing.T, d *db.DB) {
		fn(t, newPageEnv(t, d))
	})
}

func newPageEnv(t testing.TB, d *db.DB) *pageEnv {
	t.Helper()
	e := &pageEnv{t: t, d: d}
	// Noon in Tehran on 1403/06/15.
	e.Site = pagetest.New(t, d, pagetest.Options{Clock: fatest.NewClock(fatest.At(1403, 6, 15)), Billing: true, Routes: func(s *pagetest.Site) error {
		svc, err := cards.New(d, s.Identity, cards.Options{Key: []byte("fedcba9876543210fedcba9876543210"), BIN: "628157", Now: s.Clock.Now, Logger: s.Logger})
		if err != nil {
			return err
		}
		s.Billing.RegisterFulfiller(cards.KindInstallments, svc.InstallmentsFulfiller())
		e.cards = svc
		return cards.Routes(s.Server, svc, s.Identity, s.Billing, pagetest.PublicURL)
	}})
	e.clock, e.srv, e.ids, e.bill, e.url = e.Clock, e.Server, e.Identity, e.Billing, e.URL
	return e
}

// pageNationalCode completes nine digits with their check digit.
var pageNationalCode = fatest.NationalCode

// holder creates a customer who has finished set-up and returns a browser
// signed in as them.
func (e *pageEnv) holder(first9 string) (*identity.Customer, *pageClient) {
	e.t.Helper()
	return e.Customer(identity.NewCustomer{NationalCode: pageNationalCode(first9), FirstName: "مریم", LastName: "احمدی"})
}

// staffMember creates a staff member and returns a browser signed in as
// them, past the forced change of the one-time password.
func (e *pageEnv) staffMember(username string, roles ...string) *pageClient {
	e.t.Helper()
	_, c := e.Staff(username, roles...)
	return c
}

// guideAccounts opens the four accounts of the guide's first table for a
// customer and issues a card on the credit account.
func (e *pageEnv) guideAccounts(customerID int64) *cards.IssuedCard {
	e.t.Helper()
	ctx := context.Background()
	var credit *cards.Account
	for _, in := range []cards.NewAccount{
		{TypeCode: "credit", Number: "100", OpenedOn: "1390/09/26", Balance: 16_673_166, Withdrawable: 14_926_834, Floor: -30_766_000},
		{TypeCode: "facilities", Number: "1000017", OpenedOn: "1390/09/26", Balance: 16_673_166, Withdrawable: 16_673_166, Floor: 16_673_166},
		{TypeCode: "savings", Number: "1000017", OpenedOn: "1391/01/22", Balance: 380, Withdrawable: 380, Floor: 380},
		{TypeCode: "customs", Number: "1000937", OpenedOn: "1392/04/26", Balance: 5_634_000, Withdrawable: 5_634_000, Floor: 5_634_000},
	} {
		in.CustomerID = customerID
		a, err := e.cards.IssueAccount(ctx, in)
		if err != nil {
			e.t.Fatalf("open %+v: %v", in, err)
		}
		if credit == nil {
			credit = a
		}
	}
	ic, err := e.cards.IssueCard(ctx, customerID, credit.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return ic
}

// buy registers an approved purchase.
func (e *pageEnv) buy(ic *cards.IssuedCard, key string, total, cash int64, n int, policy string) {
	e.t.Helper()
	r, err := e.cards.Purchase(context.Background(), "staff", cards.PurchaseRequest{CardNumber: ic.Number, Total: total,
		CashShare: cash, Installments: n, PolicyNumber: policy, Merchant: "بیمه", IdempotencyKey: key})
	if err != nil || !r.Approved {
		e.t.Fatalf("purchase %s: %+v %v", key, r, err)
	}
}

// --- browsers ---

type pageClient = pagetest.Browser

func (e *pageEnv) client() *pageClient { return e.Client() }
