package cards

import (
	"context"
	"testing"
)

// The guide's «وضعیت حساب اعتباری» table loads and totals as printed.
func TestGuideAccounts(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		cust := e.customer(t)
		rows := []NewAccount{
			{TypeCode: "credit", OpenedOn: "1390/09/26", Number: "100", Balance: 16_673_166, Withdrawable: 14_926_834, Floor: -30_766_000},
			{TypeCode: "facilities", OpenedOn: "1390/09/26", Number: "1000017", Balance: 16_673_166, Withdrawable: 16_673_166, Floor: 16_673_166},
			{TypeCode: "savings", OpenedOn: "1391/01/22", Number: "1000017", Balance: 380, Withdrawable: 380, Floor: 380},
			{TypeCode: "customs", OpenedOn: "1392/04/26", Number: "1000937", Balance: 5_634_000, Withdrawable: 5_634_000, Floor: 5_634_000},
		}
		for _, r := range rows {
			r.CustomerID = cust
			if _, err := e.s.IssueAccount(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		sum, err := e.s.Accounts(ctx, cust)
		if err != nil {
			t.Fatal(err)
		}
		names := []string{"حساب اعتباری", "حسابهای تسهیلات", "قرض الحسنه پس انداز", "حساب گمرکی"}
		if len(sum.Accounts) != 4 {
			t.Fatalf("%d accounts", len(sum.Accounts))
		}
		for i, a := range sum.Accounts {
			w := rows[i]
			if a.TypeName != names[i] || a.OpenedOn != w.OpenedOn || a.Number != w.Number || a.Balance != w.Balance ||
				a.Withdrawable != w.Withdrawable || a.Floor != w.Floor {
				t.Errorf("row %d = %+v", i+1, a)
			}
			e.checkLedger(t, a.ID)
		}
		// Total credit = -floor of the credit account; used = limit - withdrawable.
		if sum.CreditLimit != 30_766_000 || sum.Used != 15_839_166 {
			t.Fatalf("totals: credit %d, used %d", sum.CreditLimit, sum.Used)
		}
		// The guide's four, then the welfare guide's Tavana credit.
		types, err := e.s.AccountTypes(ctx)
		if err != nil || len(types) != 5 || !types[0].Credit || types[1].Credit || types[4].Code != "tavana" || !types[4].Credit {
			t.Fatalf("types %+v %v", types, err)
		}
	})
}
