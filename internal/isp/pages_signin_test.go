package isp_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"

	"pishkhan/internal/db"
	"pishkhan/internal/identity"
	"pishkhan/internal/isp"
)

// The guide's sign-in: «نام کاربری یا شماره تلفن». The line's number
// (1132455123, with or without its zero, in Persian digits) signs the
// subscriber in like their username, and the recovery form's «نام
// کاربری (شماره یا کد بدون صفر)» takes it too. A number changed by staff
// signs in from then on, the old one no longer; another subscriber's
// number is refused.
func TestSubscriberSignsInWithTheLinesNumber(t *testing.T) {
	pageEngines(t, func(t *testing.T, e *pageEnv) {
		ctx := context.Background()
		c, err := e.ids.CreateCustomer(ctx, identity.Actor{}, identity.NewCustomer{NationalCode: pageNationalCode("456789123"), FirstName: "کمال", LastName: "نصیری", Mobile: "09121234567"})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.ids.ChangePassword(ctx, c.ID, "", pagePassword, pagePassword); err != nil {
			t.Fatal(err)
		}
		if err := e.ids.SetSecurityAnswers(ctx, c.ID, map[int]string{2: "tehran", 3: "rex", 4: "amir"}); err != nil {
			t.Fatal(err)
		}
		sub, err := e.isp.SeedGuideSubscriber(ctx, c.ID, "nasiri", "modem-pass1")
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"1132455123", "01132455123", "۱۱۳۲۴۵۵۱۲۳"} {
			b := e.client()
			b.PostForm("/login", "/login", url.Values{"identifier": {id}, "password": {pagePassword}}).Want(t, http.StatusSeeOther, "/")
			b.Get("/isp").Want(t, http.StatusOK, "").Has(t, "۲۶ روز")
		}
		if err := e.ids.Recover(ctx, identity.RecoveryRequest{Identifier: "1132455123", NationalCode: c.NationalCode, Mobile: "09121234567",
			QuestionID: 3, Answer: "rex", IP: "192.0.2.7"}); err != nil {
			t.Fatalf("recovery by the line's number: %v", err)
		}

		// Another customer's line cannot take the number.
		other, err := e.ids.CreateCustomer(ctx, identity.Actor{}, identity.NewCustomer{NationalCode: pageNationalCode("456789124"), FirstName: "سارا", LastName: "کریمی"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.isp.CreateSubscriber(ctx, isp.NewSubscriber{CustomerID: other.ID, Phone: "01132455123", Username: "karimi", Password: "modem-pass1"}); !errors.Is(err, isp.ErrPhoneTaken) {
			t.Fatalf("a second line with the number: %v", err)
		}
		if _, err := e.isp.SubscriberOf(ctx, other.ID); !errors.Is(err, isp.ErrNotSubscriber) {
			t.Fatal("the refused line was stored")
		}

		// Staff change the number: the new one signs in, the old one not.
		if err := e.isp.UpdateLine(ctx, sub.ID, isp.LineDetails{Phone: "1132455999"}, nil); err != nil {
			t.Fatal(err)
		}
		if id, err := e.ids.ResolveIdentifier(ctx, "1132455999"); err != nil || id != c.ID {
			t.Fatalf("new number: %d %v", id, err)
		}
		if _, err := e.ids.ResolveIdentifier(ctx, "1132455123"); !errors.Is(err, identity.ErrNotFound) {
			t.Fatalf("old number still signs in: %v", err)
		}
	})
}

// Lines registered before the line's number signed in get it from the
// migration.
func TestLinesNumbersAreBackfilled(t *testing.T) {
	pageEngines(t, func(t *testing.T, e *pageEnv) {
		ctx := context.Background()
		c, _ := e.customer("456789125")
		if _, err := e.isp.CreateSubscriber(ctx, isp.NewSubscriber{CustomerID: c.ID, Phone: "02132239700", Username: "oldline", Password: "modem-pass1"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.d.Exec(ctx, "DELETE FROM login_identifiers WHERE kind = 'line_number'"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.ids.ResolveIdentifier(ctx, "2132239700"); !errors.Is(err, identity.ErrNotFound) {
			t.Fatal(err)
		}
		if err := e.d.InTx(ctx, func(tx *db.Tx) error { return isp.BackfillLineNumbers(ctx, tx) }); err != nil {
			t.Fatal(err)
		}
		if id, err := e.ids.ResolveIdentifier(ctx, "02132239700"); err != nil || id != c.ID {
			t.Fatalf("backfilled: %d %v", id, err)
		}
	})
}

func TestSignInFormNamesThePhoneNumber(t *testing.T) {
	pageEngines(t, func(t *testing.T, e *pageEnv) {
		e.client().Get("/login").Want(t, http.StatusOK, "").Has(t, "شماره تلفن")
		e.client().Get("/password/forgot").Want(t, http.StatusOK, "").Has(t, "(شماره یا کد بدون صفر)")
	})
}

// Staff registering a second line with a number already signing in
// another subscriber get the message next to the phone field.
func TestStaffCannotGiveALinesNumberTwice(t *testing.T) {
	pageEngines(t, func(t *testing.T, e *pageEnv) {
		ctx := context.Background()
		c, _ := e.customer("456789126")
		if _, err := e.isp.CreateSubscriber(ctx, isp.NewSubscriber{CustomerID: c.ID, Phone: "32239700", Username: "firstline", Password: "modem-pass1"}); err != nil {
			t.Fatal(err)
		}
		other, _ := e.customer("456789127")
		sales := e.staffMember("sales3", identity.RoleSalesAgent)
		sales.PostForm("/staff/isp", "/staff/isp/subscribers", url.Values{"national_code": {other.NationalCode}, "phone": {"۰۳۲۲۳۹۷۰۰"}, "username": {"secondline"}, "password": {"modem-pass1"}}).
			Want(t, http.StatusUnprocessableEntity, "").Has(t, isp.ErrPhoneTaken.Message)
		if _, err := e.isp.SubscriberOf(ctx, other.ID); !errors.Is(err, isp.ErrNotSubscriber) {
			t.Fatal("the refused line was stored")
		}
	})
}
