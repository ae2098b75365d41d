package cards

import (
	"context"
	"errors"
	"strings"
	"testing"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
)

// The welfare guide's «تغییر رمز دوم»: the Tavana card's static second
// password is exactly 10 digits (the card product's rule), on the same
// page and service as the insurance card's 5 to 10.
func TestTavanaSecondPasswordIsTenDigits(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		cust := e.customer(t)
		a, err := e.s.IssueAccount(ctx, NewAccount{CustomerID: cust, TypeCode: "tavana", Number: "900", Floor: -5_000_000})
		if err != nil {
			t.Fatal(err)
		}
		ic, err := e.s.IssueCard(ctx, cust, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ic.SecondPassword) != 10 || ic.SecondPasswordMin != 10 || ic.SecondPasswordMax != 10 {
			t.Fatalf("a Tavana card was issued a %d-digit second password, rule %d..%d", len(ic.SecondPassword), ic.SecondPasswordMin, ic.SecondPasswordMax)
		}
		for _, pw := range []string{"123456789", "12345678901", "12345"} {
			err := e.s.ChangeSecondPassword(ctx, cust, ic.ID, ic.SecondPassword, pw, pw)
			var ce *fa.Error
			if !errors.Is(err, ErrSecondPasswordFormat) || !errors.As(err, &ce) || !strings.Contains(ce.Message, "۱۰ رقم") {
				t.Fatalf("Tavana, %d digits: %v, want the 10-digit rule", len(pw), err)
			}
		}
		if err := e.s.ChangeSecondPassword(ctx, cust, ic.ID, ic.SecondPassword, "۱۲۳۴۵۶۷۸۹۰", "1234567890"); err != nil {
			t.Fatalf("Tavana, 10 digits: %v", err)
		}
		e.pay(t, e.s, payment(ic, "1234567890", 100, "t1"), CodeApproved)

		// The insurance card keeps 5 to 10.
		cust2, _, ic2 := e.creditCard(t, 1_000_000)
		if len(ic2.SecondPassword) != 6 {
			t.Fatalf("credit card second password has %d digits", len(ic2.SecondPassword))
		}
		if err := e.s.ChangeSecondPassword(ctx, cust2, ic2.ID, ic2.SecondPassword, "12345", "12345"); err != nil {
			t.Fatalf("credit card, 5 digits: %v", err)
		}
		var ce *fa.Error
		if err := e.s.ChangeSecondPassword(ctx, cust2, ic2.ID, "12345", "1234", "1234"); !errors.As(err, &ce) || !strings.Contains(ce.Message, "۵ تا ۱۰") {
			t.Fatalf("credit card, 4 digits: %v", err)
		}
	})
}

// Every change the holder makes on «رمز دوم» is in the audit log, as the
// holder, with the card and what changed; a refused change writes none.
func TestSecondPasswordChangesAudited(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		cust, _, ic := e.creditCard(t, 10_000_000)
		s, fake := e.withOTP(t, cust, ic)
		fake.mobile = "09121234567"
		fake.device = true
		steps := []func() error{
			func() error { return s.ActivateSMS(ctx, cust, ic.ID, true) },
			func() error { return s.AddCardToApp(ctx, cust, ic.ID, true) },
			func() error { return s.SetAlwaysDynamic(ctx, cust, ic.ID, true) },
			func() error { return s.SetInternetPassword(ctx, cust, ic.ID, false) },
			func() error { return s.SetInternetPassword(ctx, cust, ic.ID, true) },
			func() error { return s.ChangeSecondPassword(ctx, cust, ic.ID, ic.SecondPassword, "77441", "77441") },
			func() error { return s.RemoveAuthenticator(ctx, cust) },
		}
		for i, step := range steps {
			if err := step(); err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
		}
		// Refused: nothing logged.
		if err := s.ChangeSecondPassword(ctx, cust, ic.ID, "00000", "66442", "66442"); !errors.Is(err, ErrSecondPasswordWrong) {
			t.Fatalf("wrong old password: %v", err)
		}
		if err := s.RemoveAuthenticator(ctx, cust); !errors.Is(err, ErrNoAuthenticator) {
			t.Fatalf("removing a removed authenticator: %v", err)
		}
		log, _, err := e.ids.AuditLog(ctx, identity.AuditFilter{ActorKind: identity.KindCustomer, ActorID: cust})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range log {
			if a.Action == ActionPasswordSetting || a.Action == ActionSecondPassword {
				got = append(got, a.Detail)
			}
		}
		want := []string{"فعال سازی رمز پویای پیامکی", "افزودن کارت به برنامک رمزساز", "رمز پویا برای همه مبالغ",
			"غیر فعال سازی رمز اینترنتی", "فعال سازی رمز اینترنتی", ic.Masked, "حذف برنامک رمزساز"}
		if len(got) != len(want) {
			t.Fatalf("audit entries %q, want %d", got, len(want))
		}
		// The log lists newest first.
		for i, w := range want {
			if d := got[len(got)-1-i]; !strings.Contains(d, w) {
				t.Errorf("audit entry %d = %q, want it to mention %q", i, d, w)
			}
		}
		// Removing the authenticator took the card off it, and, SMS still
		// being active, kept «رمز پویا برای همه مبالغ».
		st, err := s.Settings(ctx, ic.ID)
		if err != nil {
			t.Fatal(err)
		}
		if st.App || !st.SMS || !st.AlwaysDynamic {
			t.Fatalf("after removing the authenticator: %+v", st)
		}
	})
}

// Every authorization attempt is logged with the password kind and the
// answer, approved or not, and staff read them newest first.
func TestEveryAuthorizationAttemptLogged(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		cust, _, ic := e.creditCard(t, 10_000_000)
		e.pay(t, e.s, payment(ic, ic.SecondPassword, 400_000, "l1"), CodeApproved)
		e.pay(t, e.s, payment(ic, "99999", 100, "l2"), CodeWrongPassword)
		e.pay(t, e.s, payment(ic, ic.SecondPassword, 700_000, "l3"), CodeDynamicRequired)
		list, err := e.s.AuthorizationAttempts(ctx, cust, 10)
		if err != nil {
			t.Fatal(err)
		}
		want := []struct {
			method, code string
			amount       int64
		}{{"static", CodeDynamicRequired, 700_000}, {"dynamic", CodeWrongPassword, 100}, {"static", CodeApproved, 400_000}}
		if len(list) != len(want) {
			t.Fatalf("%d attempts logged, want %d: %+v", len(list), len(want), list)
		}
		for i, w := range want {
			a := list[i]
			if a.Method != w.method || a.Code != w.code || a.Amount != w.amount || a.CardID != ic.ID || a.Masked != ic.Masked || a.CodeMessage() == "" {
				t.Errorf("attempt %d: %+v, want %+v", i, a, w)
			}
		}
		// Another customer's log is empty.
		if other, _ := e.s.AuthorizationAttempts(ctx, e.customer(t), 10); len(other) != 0 {
			t.Fatalf("another customer sees %d attempts", len(other))
		}
	})
}

// What support is told of a card holder (support.Area): the account
// before a card is issued, then the usable cards; nothing for others.
func TestCustomerServicesForSupport(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		cust := e.customer(t)
		if list, err := e.s.CustomerServices(ctx, cust); err != nil || len(list) != 0 {
			t.Fatalf("no account: %q %v", list, err)
		}
		a, err := e.s.IssueAccount(ctx, NewAccount{CustomerID: cust, TypeCode: "credit", Number: "345", Floor: -1_000_000})
		if err != nil {
			t.Fatal(err)
		}
		if list, err := e.s.CustomerServices(ctx, cust); err != nil || len(list) != 1 || list[0] != "حساب ۳۴۵" {
			t.Fatalf("an account, no card: %q %v", list, err)
		}
		ic, err := e.s.IssueCard(ctx, cust, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if list, err := e.s.CustomerServices(ctx, cust); err != nil || len(list) != 1 || !strings.Contains(list[0], "کارت") || !strings.HasSuffix(ic.Masked, ic.Number[12:]) {
			t.Fatalf("a card: %q %v", list, err)
		}
	})
}
