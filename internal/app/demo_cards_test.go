package app

import (
	"context"
	"io"
	"path/filepath"
	"testing"
	"time"

	"pishkhan/internal/cards"
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
	if c := list[0]; c.OpenedOn != "1390/09/26" || c.AccountNumber != "100" || c.Status != cards.StatusActive {
		t.Errorf("card %+v", c)
	}

	rows, err := sys.cards.Purchases(ctx, cust)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(demoPurchases) {
		t.Fatalf("%d purchases", len(rows))
	}
	byDate := map[string][]cards.PurchaseRow{}
	for _, r := range rows {
		byDate[r.Date] = append(byDate[r.Date], r)
	}
	// Rows whose guide figures are whole installments show them exactly.
	exact := map[int]bool{1: true, 2: true, 4: true, 5: true, 10: true}
	for _, p := range demoPurchases {
		var r *cards.PurchaseRow
		for i, c := range byDate[p.on] {
			if c.CashShare == p.cash && c.InstallmentShare == p.share {
				r = &byDate[p.on][i]
			}
		}
		if r == nil {
			t.Errorf("row %d missing", p.row)
			continue
		}
		if r.Total != p.cash+p.share || r.Installments != p.installments || r.Paid != p.paidCount() ||
			r.Paid+r.Left != p.installments || r.TotalPaid+r.Payable-r.Penalty != p.share || r.PolicyNumber != p.policy {
			t.Errorf("row %d = %+v", p.row, *r)
		}
		if exact[p.row] && (r.TotalPaid != p.guidePaid || r.Payable-r.Penalty != p.guideDue) {
			t.Errorf("row %d paid %d payable %d, guide %d %d", p.row, r.TotalPaid, r.Payable, p.guidePaid, p.guideDue)
		}
	}
	// The page, newest first (same-day rows in the guide's order).
	for i, r := range rows {
		t.Logf("%d %s cash %d share %d total %d n %d paid %d left %d paid %d payable %d", i+1, r.Date, r.CashShare,
			r.InstallmentShare, r.Total, r.Installments, r.Paid, r.Left, r.TotalPaid, r.Payable)
	}
}
