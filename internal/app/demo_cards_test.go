package app

import (
	"context"
	"io"
	"path/filepath"
	"testing"
	"time"

	"pishkhan/internal/cards"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
)

// TestSeedDemoCards seeds the demo card holder twice (a start cut short is
// finished by the next) and checks the guide's figures under the rule in
// demo_cards.go.
func TestSeedDemoCards(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	env := &environment{getenv: func(string) string { return "" }, stdout: io.Discard, stderr: io.Discard, now: time.Now}
	cfg, err := loadConfig([]string{"--data-dir", dir, "--database-url", filepath.Join(dir, "p.db")}, env, "serve", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	logger := newLogger(cfg, io.Discard)
	d, runner, err := openDatabase(ctx, cfg, logger)
	if err != nil {
		t.Fatal(err)
	}
	sys, err := build(cfg, logger, d, runner, env)
	if err != nil {
		d.Close()
		t.Fatal(err)
	}
	defer sys.close()
	if err := seedDemoCustomers(ctx, sys); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := seedDemoCards(ctx, sys); err != nil {
			t.Fatal(err)
		}
	}
	found, _, err := sys.identity.SearchCustomers(ctx, identity.CustomerFilter{NationalCode: demoCardHolder, Limit: 1})
	if err != nil || len(found) != 1 {
		t.Fatal(found, err)
	}
	cust := found[0].ID

	sum, err := sys.cards.Accounts(ctx, cust)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Accounts) != len(demoAccounts) {
		t.Fatalf("%d accounts", len(sum.Accounts))
	}
	for i, want := range demoAccounts {
		a := sum.Accounts[i]
		if a.TypeCode != want.typeCode || a.Number != want.number || a.OpenedOn != want.openedOn ||
			a.Balance != want.balance || a.Withdrawable != want.withdrawable || a.Floor != want.floorAmt {
			t.Errorf("account row %d = %+v, want %+v", i+1, a, want)
		}
		if got, err := sys.cards.LedgerSum(ctx, a.ID); err != nil || got != a.Balance {
			t.Errorf("account %s ledger %d, balance %d (%v)", a.Number, got, a.Balance, err)
		}
	}
	if sum.CreditLimit != 30_766_000 || sum.Used != 30_766_000-14_926_834 {
		t.Errorf("totals %d / %d", sum.CreditLimit, sum.Used)
	}

	list, err := sys.cards.Cards(ctx, cust)
	if err != nil || len(list) != 1 {
		t.Fatalf("cards %+v %v", list, err)
	}
	if c := list[0]; c.OpenedOn != "1390/09/26" || c.AccountNumber != "100" || c.Status != cards.StatusActive ||
		c.Serial != demoCardSerial || c.CustomerCode != "00000000" || c.ExpYear != demoCardExpYear%100 || c.ExpMonth != demoCardExpMonth {
		t.Errorf("card %+v", c)
	}
	if n, err := sys.cards.CardNumber(ctx, list[0].ID); err != nil || n != demoCardNumber {
		t.Errorf("card number %q %v", n, err)
	}

	today := fa.JalaliOf(sys.now())
	check := func(when string) {
		t.Helper()
		rows, err := sys.cards.Purchases(ctx, cust)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(demoPurchases) {
			t.Fatalf("%d purchases", len(rows))
		}
		for _, p := range demoPurchases {
			var r *cards.PurchaseRow
			for i, c := range rows {
				if c.CashShare == p.cash && c.InstallmentShare == p.share {
					r = &rows[i]
				}
			}
			if r == nil {
				t.Errorf("%s: row %d missing", when, p.row)
				continue
			}
			on, err := p.demoDate(today)
			if err != nil {
				t.Fatal(err)
			}
			k := p.paidCount()
			var paid, due int64
			for i, a := range cards.SplitInstallments(p.share, p.installments) {
				if i < k {
					paid += a
				} else {
					due += a
				}
			}
			if r.Date != on.String() || r.Total != p.cash+p.share || r.Installments != p.installments || r.Paid != k ||
				r.Left != p.installments-k || r.TotalPaid != paid || r.Payable != due || r.Penalty != 0 ||
				r.Violations != 0 || r.PolicyNumber != p.policy {
				t.Errorf("%s: row %d = %+v, want day %s paid %d payable %d", when, p.row, *r, on, paid, due)
			}
			// Paid installments fell due on or before today, the
			// unpaid ones fall due after it.
			for _, in := range r.Schedule {
				if (in.PaidAt != nil) != (in.DueOn <= today.String()) {
					t.Errorf("%s: row %d installment %d due %s paid %v", when, p.row, in.Seq, in.DueOn, in.PaidAt != nil)
				}
			}
		}
		// Rows whose guide figures are whole installments show them exactly.
		for _, p := range demoPurchases {
			if exact := map[int]bool{1: true, 2: true, 4: true, 5: true, 10: true}; exact[p.row] {
				for _, r := range rows {
					if r.CashShare == p.cash && r.InstallmentShare == p.share && (r.TotalPaid != p.guidePaid || r.Payable != p.guideDue) {
						t.Errorf("%s: row %d paid %d payable %d, guide %d %d", when, p.row, r.TotalPaid, r.Payable, p.guidePaid, p.guideDue)
					}
				}
			}
		}
		if when == "seeded" {
			for i, r := range rows {
				t.Logf("%d %s cash %d share %d total %d n %d paid %d left %d paid %d payable %d penalty %d violations %d", i+1, r.Date, r.CashShare,
					r.InstallmentShare, r.Total, r.Installments, r.Paid, r.Left, r.TotalPaid, r.Payable, r.Penalty, r.Violations)
			}
		}
	}
	check("seeded")
	// The hourly penalties job finds nothing overdue.
	if n, err := sys.cards.ApplyPenalties(ctx, sys.now()); err != nil || n != 0 {
		t.Fatalf("penalties on %d installments (%v)", n, err)
	}
	check("after penalties")
}

// TestDemoDateEveryDay checks the date rule on every day of four years
// (month ends, leap Esfand): installment k fell due on or before the day,
// installment k+1 falls due after it, and same-k rows keep the guide's
// order.
func TestDemoDateEveryDay(t *testing.T) {
	for day := (fa.Date{Year: 1402, Month: 1, Day: 1}); day.Year < 1406; day = addDays(day, 1) {
		on := map[int]fa.Date{}
		for _, p := range demoPurchases {
			d, err := p.demoDate(day)
			if err != nil {
				t.Fatalf("%s: %v", day, err)
			}
			on[p.row] = d
			k, dues := p.paidCount(), cards.DueDates(d, p.installments)
			if !d.Valid() || (k > 0 && dues[k-1].String() > day.String()) || (k < p.installments && dues[k].String() <= day.String()) {
				t.Fatalf("%s: row %d on %s, k %d, dues %v", day, p.row, d, k, dues)
			}
		}
		for _, p := range demoPurchases {
			for _, q := range demoPurchases {
				if p.paidCount() == q.paidCount() && p.guideOn < q.guideOn && on[p.row].String() >= on[q.row].String() {
					t.Fatalf("%s: rows %d and %d out of the guide's order", day, p.row, q.row)
				}
			}
		}
	}
}
