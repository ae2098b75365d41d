package identity

import (
	"context"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
)

// Customers' and staff's wrong passwords from one address are counted
// apart: three wrong customer sign-ins lock the address for customers
// only, and three wrong staff sign-ins for staff only. Locks lists both;
// Unlock lifts one without the other, audited.
func TestAddressLockCountsCustomersAndStaffApart(t *testing.T) {
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, nil)
		code := nationalCode("333444555")
		c := e.customer(t, NewCustomer{NationalCode: code, Username: "reza"})
		e.setUp(t, c, strongPassword)
		_, once, err := e.s.CreateStaff(ctx, Actor{}, "sara", "سارا", []string{RoleSupport})
		if err != nil {
			t.Fatal(err)
		}
		const ip = "203.0.113.7"

		// Staff guess three times: staff are locked out of this address...
		for range 2 {
			wantCode(t, errOf(e.s.SignInStaff(ctx, "nobody", "Wrong-Pass-1", ip, "ua")), ErrBadCredentials)
		}
		wantCode(t, errOf(e.s.SignInStaff(ctx, "nobody", "Wrong-Pass-1", ip, "ua")), ErrAddressLocked)
		wantCode(t, errOf(e.s.SignInStaff(ctx, "sara", once, ip, "ua")), ErrAddressLocked)
		// ...customers are not, even after one wrong try of their own.
		wantCode(t, errOf(e.s.SignIn(ctx, "reza", "Wrong-Pass-1", ip, "ua")), ErrBadCredentials)
		if _, err := e.s.SignIn(ctx, "reza", strongPassword, ip, "ua"); err != nil {
			t.Fatalf("a customer after staff's lock: %v", err)
		}
		// And the other way round (the customers' first wrong try counts).
		wantCode(t, errOf(e.s.SignIn(ctx, "reza", "Wrong-Pass-1", ip, "ua")), ErrBadCredentials)
		wantCode(t, errOf(e.s.SignIn(ctx, "reza", "Wrong-Pass-1", ip, "ua")), ErrAddressLocked)
		wantCode(t, errOf(e.s.SignIn(ctx, "reza", strongPassword, ip, "ua")), ErrAddressLocked)
		if left, _ := e.s.AddressLocked(ctx, ip); left != 30*time.Minute {
			t.Fatalf("customers' lock: %v", left)
		}

		locks, err := e.s.Locks(ctx)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, l := range locks {
			seen[l.Scope+" "+l.Item] = true
		}
		if !seen[scopeAddress+" "+ip] || !seen[scopeStaffAddress+" "+ip] {
			t.Fatalf("locks: %+v", locks)
		}

		// Lifting the staff lock leaves the customers' one.
		if err := e.s.Unlock(ctx, Actor{StaffID: 1, IP: "10.0.0.1"}, scopeStaffAddress, ip); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.SignInStaff(ctx, "sara", once, ip, "ua"); err != nil {
			t.Fatalf("staff after the lift: %v", err)
		}
		wantCode(t, errOf(e.s.SignIn(ctx, "reza", strongPassword, ip, "ua")), ErrAddressLocked)
		if err := e.s.Unlock(ctx, Actor{StaffID: 1, IP: "10.0.0.1"}, scopeAddress, ip); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.SignIn(ctx, "reza", strongPassword, ip, "ua"); err != nil {
			t.Fatalf("customer after the lift: %v", err)
		}
		if a := e.auditActions(t, AuditFilter{Action: ActionUnlockAddress}); a[ActionUnlockAddress] != 2 {
			t.Fatalf("audit: %v", a)
		}
	})
}

// The address threshold is a setting: with 5, four wrong passwords do not
// lock and the fifth does, and the message names 5.
func TestAddressThresholdIsASetting(t *testing.T) {
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, func(o *Options) {
			o.AddressLimit = Limit{Attempts: 5, Window: 30 * time.Minute, Lock: 30 * time.Minute}
		})
		for range 4 {
			wantCode(t, errOf(e.s.SignIn(ctx, "nobody", "Wrong-Pass-1", "203.0.113.8", "ua")), ErrBadCredentials)
		}
		le := wantCode(t, errOf(e.s.SignIn(ctx, "nobody", "Wrong-Pass-1", "203.0.113.8", "ua")), ErrAddressLocked)
		if le.UserMessage() != "به دلیل ۵ بار ورود ناموفق، ورود از این نشانی تا ۳۰ دقیقه دیگر ممکن نیست" {
			t.Fatalf("message %q", le.UserMessage())
		}
	})
}
