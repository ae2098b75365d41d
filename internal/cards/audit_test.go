package cards

import (
	"context"
	"strings"
	"testing"

	"pishkhan/internal/identity"
)

// auditOf reads a customer's entries of one action back from identity.
func (e *env) auditOf(t *testing.T, action string, customerID int64) []identity.AuditEntry {
	t.Helper()
	list, n, err := e.ids.AuditLog(context.Background(), identity.AuditFilter{Action: action,
		TargetKind: identity.KindCustomer, TargetID: customerID})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(list) {
		t.Fatalf("%s: total %d, listed %d", action, n, len(list))
	}
	return list
}

func TestAuditStaffActions(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := WithStaff(context.Background(), 42)
		cust, acct, ic := e.creditCard(t, 10_000_000)
		if got := e.auditOf(t, ActionIssue, cust); len(got) != 1 || got[0].ActorID != 0 ||
			!strings.Contains(got[0].Detail, ic.Masked) {
			t.Fatalf("issue without a staff member: %+v", got)
		}

		// A reversal: one entry, by the staff member, with the reason.
		p := e.buy(t, ic.Number, "a-1", 1_200_000, 0, 3)
		if !p.Approved {
			t.Fatalf("purchase %+v", p)
		}
		if err := e.s.ReversePurchase(ctx, 7, p.PurchaseID, "ابطال بیمه نامه"); err != nil {
			t.Fatal(err)
		}
		if err := e.s.ReversePurchase(ctx, 7, p.PurchaseID, "again"); err != ErrNotReversible {
			t.Fatalf("reversed twice: %v", err)
		}
		rev := e.auditOf(t, ActionReverse, cust)
		if len(rev) != 1 || rev[0].ActorKind != identity.KindStaff || rev[0].ActorID != 7 ||
			!strings.Contains(rev[0].Detail, "ابطال بیمه نامه") {
			t.Fatalf("reversal entries %+v", rev)
		}

		// Block and unblock: two entries; a refused block writes none.
		if err := e.s.Block(ctx, ic.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.s.Block(ctx, ic.ID); err != ErrNotActive {
			t.Fatalf("blocked twice: %v", err)
		}
		if err := e.s.Unblock(ctx, ic.ID); err != nil {
			t.Fatal(err)
		}
		block, unblock := e.auditOf(t, ActionBlock, cust), e.auditOf(t, ActionUnblock, cust)
		if len(block) != 1 || len(unblock) != 1 || block[0].ActorID != 42 || unblock[0].ActorID != 42 ||
			!strings.Contains(block[0].Detail, ic.Masked) {
			t.Fatalf("block %+v unblock %+v", block, unblock)
		}

		// The limit, with the staff member from the context.
		if err := e.s.SetLimit(ctx, acct.ID, 12_000_000); err != nil {
			t.Fatal(err)
		}
		if got := e.auditOf(t, ActionLimit, cust); len(got) != 1 || got[0].ActorID != 42 {
			t.Fatalf("limit %+v", got)
		}

		// The holder's lost report: the customer is the actor; then staff
		// replace the card.
		if err := e.s.ReportLost(context.Background(), cust, ic.ID); err != nil {
			t.Fatal(err)
		}
		lost := e.auditOf(t, ActionLost, cust)
		if len(lost) != 1 || lost[0].ActorKind != identity.KindCustomer || lost[0].ActorID != cust ||
			!strings.Contains(lost[0].Detail, ic.Masked) {
			t.Fatalf("lost %+v", lost)
		}
		nc, err := e.s.Replace(ctx, ic.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := e.auditOf(t, ActionReplace, cust); len(got) != 1 || got[0].ActorID != 42 ||
			!strings.Contains(got[0].Detail, nc.Masked) {
			t.Fatalf("replace %+v", got)
		}
		// Replace writes no separate card_issue entry.
		if got := e.auditOf(t, ActionIssue, cust); len(got) != 1 {
			t.Fatalf("issue entries after replace %+v", got)
		}

		// A staff purchase is audited once, even when repeated.
		for range 2 {
			if _, err := e.s.Purchase(ctx, "staff", PurchaseRequest{CardNumber: nc.Number, Total: 100_000,
				Installments: 1, IdempotencyKey: "a-2"}); err != nil {
				t.Fatal(err)
			}
		}
		// e.buy (a-1) had no staff member in its context: actor 0.
		if got := e.auditOf(t, ActionPurchase, cust); len(got) != 2 {
			t.Fatalf("purchase entries %+v", got)
		}
		for _, a := range identity.AuditActions {
			if strings.HasPrefix(a, "card_") && identity.ActionLabel(a) == a {
				t.Errorf("no label for %s", a)
			}
		}
	})
}
