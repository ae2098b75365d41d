package cards

import (
	"context"
	"errors"
	"testing"

	"pishkhan/internal/billing"
	"pishkhan/internal/identity"
)

func TestIssueCardWith(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		cust := e.customer(t)
		a, err := e.s.IssueAccount(ctx, NewAccount{CustomerID: cust, TypeCode: "credit", Number: "100", Floor: -1_000_000})
		if err != nil {
			t.Fatal(err)
		}
		w := CardSecrets{Number: luhnComplete("620062000000000"), Serial: "8888426010086268", PIN: "1234",
			SecondID: "0000000000000000", CVV2: "123", SecondPassword: "4321", ExpYear: 1408, ExpMonth: 12}
		for name, bad := range map[string]func(*CardSecrets){
			"luhn":    func(w *CardSecrets) { w.Number = w.Number[:15] + string('0'+(w.Number[15]-'0'+1)%10) },
			"serial":  func(w *CardSecrets) { w.Serial = "123" },
			"pin":     func(w *CardSecrets) { w.PIN = "12a4" },
			"second":  func(w *CardSecrets) { w.SecondID = "0" },
			"cvv2":    func(w *CardSecrets) { w.CVV2 = "12" },
			"expired": func(w *CardSecrets) { w.ExpYear, w.ExpMonth = 1403, 5 },
		} {
			v := w
			bad(&v)
			if _, err := e.s.IssueCardWith(ctx, cust, a.ID, v); !errors.Is(err, ErrBadSecrets) {
				t.Errorf("%s: %v", name, err)
			}
		}
		ic, err := e.s.IssueCardWith(ctx, cust, a.ID, w)
		if err != nil {
			t.Fatal(err)
		}
		if ic.Number != w.Number || ic.Serial != w.Serial || ic.CustomerCode != "00000000" ||
			ic.ExpYear != 8 || ic.ExpMonth != 12 || ic.Status != StatusActive {
			t.Fatalf("issued %+v", ic)
		}
		if n, err := e.s.CardNumber(ctx, ic.ID); err != nil || n != w.Number {
			t.Fatalf("number %q %v", n, err)
		}
		// The customer code signs the holder in, as for IssueCard.
		if got, err := e.ids.ResolveIdentifier(ctx, "00000000"); err != nil || got != cust {
			t.Fatalf("customer code resolves to %d %v", got, err)
		}
		// The secrets are the chosen ones: CVV2 and second password
		// authorize, PIN and second identifier change the PIN.
		auth := billing.Authorization{Card: w.Number, CVV2: "123", ExpYear: 1408, ExpMonth: 12, Password: "4321",
			Amount: 10_000, Merchant: "shop"}
		if d, err := e.s.Authorize(ctx, auth); err != nil || !d.Approved {
			t.Fatalf("authorize %+v %v", d, err)
		}
		if err := e.s.ChangePIN(ctx, cust, ic.ID, "1234", "0000000000000000", 8, 12, "5678", "5678"); err != nil {
			t.Fatal(err)
		}
		// Taken number or serial, another customer code: refused.
		v := w
		v.Serial = "1111111111111111"
		if _, err := e.s.IssueCardWith(ctx, cust, a.ID, v); !errors.Is(err, ErrBadSecrets) {
			t.Errorf("same number: %v", err)
		}
		v = w
		v.Number = luhnComplete("620062000000001")
		if _, err := e.s.IssueCardWith(ctx, cust, a.ID, v); !errors.Is(err, ErrBadSecrets) {
			t.Errorf("same serial: %v", err)
		}
		v.Serial, v.SecondID = "1111111111111111", "1234567800000000"
		if _, err := e.s.IssueCardWith(ctx, cust, a.ID, v); !errors.Is(err, ErrBadSecrets) {
			t.Errorf("other customer code: %v", err)
		}
		v.SecondID = "0000000099999999"
		ic2, err := e.s.IssueCardWith(ctx, cust, a.ID, v)
		if err != nil || ic2.CustomerCode != "00000000" {
			t.Fatalf("second card %+v %v", ic2, err)
		}
		// Someone else's account, or the code held by another person.
		other := e.customer(t)
		if _, err := e.s.IssueCardWith(ctx, other, a.ID, CardSecrets{Number: luhnComplete("620062000000002"),
			Serial: "2222222222222222", PIN: "1234", SecondID: "0000000011111111", CVV2: "123", SecondPassword: "4321",
			ExpYear: 1408, ExpMonth: 12}); !errors.Is(err, ErrNotFound) {
			t.Errorf("other's account: %v", err)
		}
		b, err := e.s.IssueAccount(ctx, NewAccount{CustomerID: other, TypeCode: "credit", Number: "101", Floor: -1})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.IssueCardWith(ctx, other, b.ID, CardSecrets{Number: luhnComplete("620062000000002"),
			Serial: "2222222222222222", PIN: "1234", SecondID: "0000000011111111", CVV2: "123", SecondPassword: "4321",
			ExpYear: 1408, ExpMonth: 12}); !errors.Is(err, identity.ErrIdentifierTaken) {
			t.Errorf("code of another person: %v", err)
		}
	})
}
