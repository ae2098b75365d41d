package isp_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pishkhan/internal/billing"
	"pishkhan/internal/fa"
	"pishkhan/internal/isp"
)

// A change to a cheaper service leaves nothing to pay: the pre-invoice
// offers «تایید سفارش» instead of a bank, the confirmation changes the
// service and credits the difference to the wallet with its ledger row,
// and confirming again changes nothing.
func TestDowngradeWithNothingToPayIsConfirmed(t *testing.T) {
	pageEngines(t, func(t *testing.T, e *pageEnv) {
		ctx := context.Background()
		c, b := e.customer("332239711")
		sub, err := e.isp.SeedChangeExample(ctx, c.ID, "pishgaman", "modem-pass1")
		if err != nil {
			t.Fatal(err)
		}
		var aghigh *isp.Plan
		plans, _ := e.isp.Plans(ctx, isp.PlanService, false)
		for _, p := range plans {
			if p.Name == isp.GuideAghigh {
				aghigh = p
			}
		}
		r := b.PostForm("/isp/renew?tab=change", "/isp/renew/change", url.Values{"plan": {fmtInt(aghigh.ID)}}).Want(t, http.StatusSeeOther, "*")
		if !strings.HasPrefix(r.Location, "/orders/") {
			t.Fatalf("went to %s", r.Location)
		}
		// 1,400,000 + 126,000 VAT − 1,928,767 remaining = −402,767.
		b.Get(r.Location).Want(t, http.StatusOK, "").Has(t, "۰ ریال", "۴۰۲٬۷۶۷ ریال", "تایید سفارش").Lacks(t, `name="gateway"`)
		b.PostForm(r.Location, r.Location+"/pay", nil).Want(t, http.StatusSeeOther, r.Location)
		b.Get(r.Location).Want(t, http.StatusOK, "").Has(t, "پرداخت شده", "سفارش شما تایید و اعمال گردید", "بدون پرداخت بانکی").Lacks(t, "تایید سفارش</button>", "پرداخت با موفقیت")
		check := func() {
			t.Helper()
			if got, _ := e.isp.Subscriber(ctx, sub.ID); got.Plan == nil || got.Plan.ID != aghigh.ID {
				t.Fatalf("service not changed: %+v", got.Plan)
			}
			st, err := e.bill.Wallet(ctx, c.ID, 1)
			if err != nil || st.Balance != 402_767 || st.Entries.Total != 1 || st.Entries.Items[0].Amount != 402_767 || st.Entries.Items[0].BalanceAfter != 402_767 {
				t.Fatalf("wallet %+v %v", st, err)
			}
			ps, _ := e.isp.Purchases(ctx, sub.ID)
			if len(ps) != 2 || ps[1].Name != isp.GuideAghigh {
				t.Fatalf("purchases %+v", ps)
			}
		}
		check()
		// The same form sent again (a double click, the back button): the
		// order is shown as it is, nothing changes.
		tracking := strings.TrimPrefix(r.Location, "/orders/")
		o, _ := e.bill.OrderByTracking(ctx, c.ID, tracking)
		if o.State != billing.StatePaid {
			t.Fatalf("order %s", o.State)
		}
		b.PostForm("/isp", r.Location+"/pay", nil).Want(t, http.StatusSeeOther, r.Location)
		check()
		// The ledger's reason names the order in Persian digits.
		b.Get("/wallet").Want(t, http.StatusOK, "").Has(t, "۴۰۲٬۷۶۷", "مانده ارزش سرویس قبلی در سفارش "+fa.Digits(tracking)).Lacks(t, "در سفارش "+tracking)

		// An order the wallet covers whole is confirmed the same way.
		traffic, _ := e.isp.Plans(ctx, isp.PlanTraffic, false)
		r = b.PostForm("/isp/renew?tab=traffic", "/isp/renew/traffic", url.Values{"plan": {fmtInt(traffic[0].ID)}}).Want(t, http.StatusSeeOther, "*")
		o, _ = e.bill.OrderByTracking(ctx, c.ID, strings.TrimPrefix(r.Location, "/orders/"))
		if o.Payable != 0 || o.WalletUsed != o.Total() {
			t.Fatalf("figures %+v", o.Figures)
		}
		b.Get(r.Location).Has(t, "تایید سفارش")
		b.PostForm(r.Location, r.Location+"/pay", nil).Want(t, http.StatusSeeOther, r.Location)
		if bal, _ := e.bill.Balance(ctx, c.ID); bal != 402_767-o.Total() {
			t.Fatalf("balance %d", bal)
		}
		if ps, _ := e.isp.Purchases(ctx, sub.ID); len(ps) != 3 || ps[2].Name != traffic[0].Name {
			t.Fatalf("purchases %+v", ps)
		}
	})
}

// Wallet credit spent on another order before this one is confirmed: the
// confirmation is refused with a Persian message and a way back, nothing
// is delivered or taken.
func TestConfirmingAnOrderWhoseWalletCreditIsGone(t *testing.T) {
	pageEngines(t, func(t *testing.T, e *pageEnv) {
		ctx := context.Background()
		c, b := e.customer("332239712")
		sub, err := e.isp.SeedChangeExample(ctx, c.ID, "pishgaman", "modem-pass1")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.bill.Credit(ctx, nil, c.ID, 400_000, "آزمون", "test", 1, "test:credit"); err != nil {
			t.Fatal(err)
		}
		traffic, _ := e.isp.Plans(ctx, isp.PlanTraffic, false)
		first := b.PostForm("/isp/renew?tab=traffic", "/isp/renew/traffic", url.Values{"plan": {fmtInt(traffic[0].ID)}}).Want(t, http.StatusSeeOther, "*").Location
		second := b.PostForm("/isp/renew?tab=traffic", "/isp/renew/traffic", url.Values{"plan": {fmtInt(traffic[0].ID)}}).Want(t, http.StatusSeeOther, "*").Location
		third := b.PostForm("/isp/renew?tab=traffic", "/isp/renew/traffic", url.Values{"plan": {fmtInt(traffic[0].ID)}}).Want(t, http.StatusSeeOther, "*").Location
		b.PostForm(first, first+"/pay", nil).Want(t, http.StatusSeeOther, first)
		b.PostForm(second, second+"/pay", nil).Want(t, http.StatusSeeOther, second)
		before, _ := e.bill.Balance(ctx, c.ID)
		b.PostForm(third, third+"/pay", nil).Want(t, http.StatusUnprocessableEntity, "").Has(t, billing.ErrWalletChanged.Message, "بازگشت و تصحیح", "لغو شده")
		if after, _ := e.bill.Balance(ctx, c.ID); after != before {
			t.Fatalf("balance %d → %d", before, after)
		}
		if ps, _ := e.isp.Purchases(ctx, sub.ID); len(ps) != 3 {
			t.Fatalf("purchases %d, want the first one and two traffic", len(ps))
		}
	})
}
