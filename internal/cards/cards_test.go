package cards

import (
	"context"
	"errors"
	"strings"
	"testing"

	"pishkhan/internal/billing"
	"pishkhan/internal/fa"
)

func TestIssueCardStoresNoSecretInClear(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		cust, _, ic := e.creditCard(t, 1_000_000)
		if n, err := fa.ParseCardNumber(ic.Number); err != nil || !strings.HasPrefix(n, testBIN) {
			t.Fatalf("card number %q: %v", ic.Number, err)
		}
		if ic.Masked != fa.MaskCard(ic.Number) || !strings.Contains(ic.Masked, "*") {
			t.Fatalf("masked %q", ic.Masked)
		}
		if ic.CustomerCode != ic.SecondID[:8] || len(ic.SecondID) != 16 {
			t.Fatalf("customer code %q, second id %q", ic.CustomerCode, ic.SecondID)
		}
		// The 8-digit customer code is a sign-in identifier now.
		idents, err := e.ids.Identifiers(ctx, cust)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, id := range idents {
			found = found || (id[0] == identityCardKind && id[1] == ic.CustomerCode)
		}
		if !found {
			t.Fatalf("customer code not registered: %v", idents)
		}
		// Read the row: the long secrets appear nowhere; each short secret
		// column holds exactly its keyed HMAC (64 hex digits), so the short
		// secrets are not there in clear either.
		row := e.rowText(t, ic.ID)
		for _, secret := range []string{ic.Number, ic.Number[6:12], ic.SecondID} {
			if strings.Contains(row, secret) {
				t.Errorf("secret %q in clear in %q", secret, row)
			}
		}
		var enc []byte
		var second, cvv, pin, pw string
		if err := e.d.QueryRow(ctx, "SELECT number_enc, second_id_mac, cvv2_mac, pin_mac, password_mac FROM cards WHERE id = $1",
			ic.ID).Scan(&enc, &second, &cvv, &pin, &pw); err != nil {
			t.Fatal(err)
		}
		k := e.s.keys
		if second != k.mac(macSecondID, ic.ID, ic.SecondID) || cvv != k.mac(macCVV2, ic.ID, ic.CVV2) ||
			pin != k.mac(macPIN, ic.ID, ic.PIN) || pw != k.mac(macPassword, ic.ID, ic.SecondPassword) || len(pin) != 64 {
			t.Fatal("a secret column is not its HMAC")
		}
		for _, secret := range []string{ic.PIN, ic.CVV2, ic.SecondPassword} {
			if strings.Contains(string(enc), secret) {
				t.Errorf("secret %q inside the sealed number", secret)
			}
		}
		if got, err := e.s.CardNumber(ctx, ic.ID); err != nil || got != ic.Number {
			t.Fatalf("decrypt: %q %v", got, err)
		}
		// A second card keeps the customer's code.
		ic2, err := e.s.IssueCard(ctx, cust, ic.AccountID)
		if err != nil || ic2.CustomerCode != ic.CustomerCode || ic2.Number == ic.Number {
			t.Fatalf("second card %+v %v", ic2, err)
		}
		if !e.s.Owns(ic.Number) || e.s.Owns("6037991234567893") {
			t.Fatal("Owns")
		}
	})
}

const identityCardKind = "card_customer_id"

// rowText is every column of a card row, as the database returns it.
func (e *env) rowText(t *testing.T, id int64) string {
	t.Helper()
	var enc []byte
	var a, b, c, d, f, g, h string
	err := e.d.QueryRow(context.Background(), `SELECT number_enc, number_mac, masked, serial, second_id_mac, cvv2_mac, pin_mac, password_mac
		FROM cards WHERE id = $1`, id).Scan(&enc, &a, &b, &c, &d, &f, &g, &h)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join([]string{string(enc), a, b, c, d, f, g, h}, "|")
}

func TestChangePIN(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		cust, _, ic := e.creditCard(t, 1_000_000)
		y, m := ic.ExpYear, ic.ExpMonth
		change := func(old, second, newPIN, repeat string) error {
			return e.s.ChangePIN(ctx, cust, ic.ID, old, second, y, m, newPIN, repeat)
		}
		wrong := "0000"
		if ic.PIN == wrong {
			wrong = "1111"
		}
		if err := change(ic.PIN, ic.SecondID, "4321", "4322"); !errors.Is(err, ErrPINRepeat) {
			t.Fatalf("repeat mismatch: %v", err)
		}
		// Right PIN, in Persian digits: works.
		if err := change(fa.Digits(ic.PIN), ic.SecondID, "۴۳۲۱", "4321"); err != nil {
			t.Fatalf("right PIN: %v", err)
		}
		if e.pinMAC(t, ic.ID) != e.s.keys.mac(macPIN, ic.ID, "4321") {
			t.Fatal("new PIN not stored as its HMAC")
		}
		// Two wrong, then right: the counter resets.
		for range 2 {
			if err := change(wrong, ic.SecondID, "5555", "5555"); !errors.Is(err, ErrWrongDetails) {
				t.Fatalf("wrong PIN: %v", err)
			}
		}
		if err := change("4321", ic.SecondID, "5555", "5555"); err != nil {
			t.Fatal(err)
		}
		// Three wrong (a wrong second identifier counts too): blocked.
		if err := change("5555", "1234567812345678", "6666", "6666"); !errors.Is(err, ErrWrongDetails) {
			t.Fatal(err)
		}
		if err := change(wrong, ic.SecondID, "6666", "6666"); !errors.Is(err, ErrWrongDetails) {
			t.Fatal(err)
		}
		if err := change(wrong, ic.SecondID, "6666", "6666"); !errors.Is(err, ErrCardBlocked) {
			t.Fatalf("third wrong: %v", err)
		}
		// Blocked: even the right PIN is refused, purchases too.
		if err := change("5555", ic.SecondID, "6666", "6666"); !errors.Is(err, ErrNotActive) {
			t.Fatal(err)
		}
		if r := e.buy(t, ic.Number, "blocked-1", 1000, 0, 1); r.Approved || r.Code != CodeRestricted {
			t.Fatalf("purchase on blocked card: %+v", r)
		}
		if err := e.s.Unblock(ctx, ic.ID); err != nil {
			t.Fatal(err)
		}
		if err := change("5555", ic.SecondID, "6666", "6666"); err != nil {
			t.Fatalf("after unblock: %v", err)
		}
		// Another customer cannot touch the card.
		if err := e.s.ChangePIN(ctx, cust+1000, ic.ID, "6666", ic.SecondID, y, m, "7777", "7777"); !errors.Is(err, ErrNotFound) {
			t.Fatal(err)
		}
	})
}

func (e *env) pinMAC(t *testing.T, id int64) string {
	var m string
	if err := e.d.QueryRow(context.Background(), "SELECT pin_mac FROM cards WHERE id = $1", id).Scan(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestLostCardRefusedEverywhere(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		cust, acct, ic := e.creditCard(t, 1_000_000)
		auth := billing.Authorization{Card: ic.Number, CVV2: ic.CVV2, ExpYear: ic.ExpYear, ExpMonth: ic.ExpMonth,
			Password: ic.SecondPassword, Amount: 10_000, Merchant: "shop"}
		if d, err := e.s.Authorize(ctx, auth); err != nil || !d.Approved || d.Code != "00" {
			t.Fatalf("authorize active: %+v %v", d, err)
		}
		if err := e.s.ReportLost(ctx, cust+1000, ic.ID); !errors.Is(err, ErrNotFound) {
			t.Fatal("someone else reported the card lost")
		}
		if err := e.s.ReportLost(ctx, cust, ic.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.s.ReportLost(ctx, cust, ic.ID); !errors.Is(err, ErrNotActive) {
			t.Fatal(err)
		}
		if d, _ := e.s.Authorize(ctx, auth); d.Approved || d.Code != CodeNotAllowed {
			t.Fatalf("authorize lost: %+v", d)
		}
		if r := e.buy(t, ic.Number, "lost-1", 1000, 0, 1); r.Approved || r.Code != CodeNotAllowed {
			t.Fatalf("purchase lost: %+v", r)
		}
		if err := e.s.ChangePIN(ctx, cust, ic.ID, ic.PIN, ic.SecondID, ic.ExpYear, ic.ExpMonth, "4321", "4321"); !errors.Is(err, ErrNotActive) {
			t.Fatal(err)
		}
		// Staff replace it: a new card on the same account; the old one is retired.
		nc, err := e.s.Replace(ctx, ic.ID)
		if err != nil || nc.AccountID != acct.ID || nc.Number == ic.Number {
			t.Fatalf("replace: %+v %v", nc, err)
		}
		list, _ := e.s.Cards(ctx, cust)
		if len(list) != 2 || list[0].Status != StatusReplaced || list[0].ReplacedBy != nc.ID || list[1].Status != StatusActive {
			t.Fatalf("cards after replace: %+v", list)
		}
		if _, err := e.s.Replace(ctx, ic.ID); !errors.Is(err, ErrNotLost) {
			t.Fatal("replaced twice")
		}
		if r := e.buy(t, ic.Number, "lost-2", 1000, 0, 1); r.Approved {
			t.Fatal("retired card approved")
		}
		if r := e.buy(t, nc.Number, "new-1", 1000, 0, 1); !r.Approved {
			t.Fatalf("new card: %+v", r)
		}
		e.checkLedger(t, acct.ID)
	})
}

func TestAuthorizeChecks(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		_, acct, ic := e.creditCard(t, 100_000)
		ok := billing.Authorization{Card: ic.Number, CVV2: ic.CVV2, ExpYear: ic.ExpYear, ExpMonth: ic.ExpMonth,
			Password: ic.SecondPassword, Amount: 60_000, Merchant: "shop"}
		cases := []struct {
			name string
			edit func(a *billing.Authorization)
			code string
		}{
			{"unknown card", func(a *billing.Authorization) { a.Card = "6037991234567893" }, CodeNoSuchCard},
			{"wrong expiry", func(a *billing.Authorization) { a.ExpMonth = a.ExpMonth%12 + 1 }, CodeExpired},
			{"wrong cvv2", func(a *billing.Authorization) { a.CVV2 = "x" }, CodeWrongPassword},
			{"wrong password", func(a *billing.Authorization) { a.Password = "1" }, CodeWrongPassword},
			{"approved", func(a *billing.Authorization) {}, CodeApproved},
			{"no funds left", func(a *billing.Authorization) {}, CodeNoFunds},
		}
		for _, c := range cases {
			a := ok
			c.edit(&a)
			d, err := e.s.Authorize(ctx, a)
			if err != nil || d.Code != c.code || d.Approved != (c.code == CodeApproved) || d.Message == "" {
				t.Errorf("%s: %+v %v", c.name, d, err)
			}
		}
		if a := e.checkLedger(t, acct.ID); a.Withdrawable != 40_000 {
			t.Fatalf("withdrawable %d", a.Withdrawable)
		}
		// Past the expiry month the card is expired everywhere.
		e.clock.Set(at(1403+5, 7, 1))
		if d, _ := e.s.Authorize(ctx, ok); d.Code != CodeExpired {
			t.Fatalf("expired: %+v", d)
		}
		msg, err := e.s.RequestDynamicPassword(ctx, ok)
		if err != nil || msg != msgDynamicNoCard {
			t.Fatal(msg, err)
		}
	})
}
