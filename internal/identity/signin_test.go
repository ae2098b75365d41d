package identity

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/fa"
)

func TestEveryIdentifierResolvesToOneAccount(t *testing.T) {
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, nil)
		code := nationalCode("008457594")
		c := e.customer(t, NewCustomer{NationalCode: fa.Digits(code), FirstName: "علی", LastName: "رضایی",
			Mobile: "۰۹۱۲۱۲۳۴۵۶۷", Username: "Ali.Rezaei"})
		other := e.customer(t, NewCustomer{NationalCode: nationalCode("123456789"), Mobile: "09350000000"})
		if err := d.InTx(ctx, func(tx *db.Tx) error { return e.s.AddIdentifier(ctx, tx, c.ID, "card_customer_id", "۱۲۳۴۵۶۷۸") }); err != nil {
			t.Fatal(err)
		}
		// Another person cannot take the same card customer ID.
		err := d.InTx(ctx, func(tx *db.Tx) error { return e.s.AddIdentifier(ctx, tx, other.ID, "card_customer_id", "12345678") })
		wantCode(t, err, ErrIdentifierTaken)

		for _, id := range []string{"ali.rezaei", "ALI.Rezaei", "09121234567", "۰۹۱۲۱۲۳۴۵۶۷", "+98 912 123 4567", "9121234567",
			"12345678", "۱۲۳۴۵۶۷۸", code, fa.Digits(code), "008-457594-8"} {
			// The initial password is the national code, typed in either script.
			res, err := e.s.SignIn(ctx, id, fa.Digits(code), "192.0.2.1", "test")
			if err != nil {
				t.Fatalf("sign in as %q: %v", id, err)
			}
			if res.SubjectID != c.ID || !res.MustChangePassword || !res.NeedsSecurityQuestions {
				t.Fatalf("sign in as %q: %+v", id, res)
			}
		}
		got, err := e.s.ResolveIdentifier(ctx, "۰۹۳۵۰۰۰۰۰۰۰")
		if err != nil || got != other.ID {
			t.Fatalf("resolve other's mobile: %d %v", got, err)
		}
		if _, err := e.s.ResolveIdentifier(ctx, "nobody"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("unknown identifier: %v", err)
		}
	})
}

func TestForcedChangeFlow(t *testing.T) {
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, nil)
		code := nationalCode("111222333")
		c := e.customer(t, NewCustomer{NationalCode: code, FirstName: "Sara", LastName: "Ahmadi", Mobile: "09120001111"})
		res, err := e.s.SignIn(ctx, code, code, "192.0.2.1", "ua")
		if err != nil || !res.MustChangePassword || !res.NeedsSecurityQuestions {
			t.Fatalf("first sign-in: %+v %v", res, err)
		}
		cctx := WithClient(ctx, Client{IP: "192.0.2.1", SessionID: 77})

		// Policy failures are all listed.
		err = e.s.ChangePassword(cctx, c.ID, "", "abc", "abc")
		pe := wantCode(t, err, ErrPolicy)
		if len(pe.Problems) < 3 || pe.Field != "new_password" || pe.UserMessage() == "" {
			t.Fatalf("policy error %+v", pe)
		}
		wantCode(t, e.s.ChangePassword(cctx, c.ID, "", code, code), ErrPolicy)
		wantCode(t, e.s.ChangePassword(cctx, c.ID, "", strongPassword, strongPassword+"x"), ErrRepeatMismatch)
		// A wrong old password is refused even in the forced flow when given.
		wantCode(t, e.s.ChangePassword(cctx, c.ID, "0000000000", strongPassword, strongPassword), ErrWrongOldPassword)
		if err := e.s.ChangePassword(cctx, c.ID, "", strongPassword, strongPassword); err != nil {
			t.Fatal(err)
		}
		if got := e.endedSessions(); len(got) != 1 || got[0] != (ended{KindCustomer, c.ID, 77}) {
			t.Fatalf("sessions ended: %+v", got)
		}

		// The national code no longer works; the new password does, and no
		// change is asked again.
		wantCode(t, errOf(e.s.SignIn(ctx, code, code, "192.0.2.2", "ua")), ErrBadCredentials)
		res, err = e.s.SignIn(ctx, code, strongPassword, "192.0.2.2", "ua")
		if err != nil || res.MustChangePassword {
			t.Fatalf("after change: %+v %v", res, err)
		}
		// Outside the forced flow the old password is required.
		wantCode(t, e.s.ChangePassword(cctx, c.ID, "", "Another-Pass-77q", "Another-Pass-77q"), ErrWrongOldPassword)
		wantCode(t, e.s.ChangePassword(cctx, c.ID, strongPassword, strongPassword, strongPassword), ErrSamePassword)
		if err := e.s.ChangePassword(cctx, c.ID, strongPassword, "Another-Pass-77q", "Another-Pass-77q"); err != nil {
			t.Fatal(err)
		}
		acts := e.auditActions(t, AuditFilter{TargetKind: KindCustomer, TargetID: c.ID})
		if acts[ActionPasswordChange] != 2 || acts[ActionSignIn] != 2 || acts[ActionSignInFailed] != 1 || acts[ActionCustomerCreate] != 1 {
			t.Fatalf("audit: %v", acts)
		}
	})
}

func errOf(_ *Result, err error) error { return err }

func TestInitialPasswordExpiresAtTheBoundary(t *testing.T) {
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, func(o *Options) { o.InitialPasswordTTL = 30 * 24 * time.Hour })
		code := nationalCode("222333444")
		e.customer(t, NewCustomer{NationalCode: code})
		e.clock.Advance(30*24*time.Hour - time.Second)
		if _, err := e.s.SignIn(ctx, code, code, "192.0.2.1", "ua"); err != nil {
			t.Fatalf("one second before expiry: %v", err)
		}
		e.clock.Advance(time.Second)
		err := errOf(e.s.SignIn(ctx, code, code, "192.0.2.1", "ua"))
		ee := wantCode(t, err, ErrInitialExpired)
		if !strings.Contains(ee.UserMessage(), "فراموشی کلمه عبور") {
			t.Fatalf("message %q", ee.UserMessage())
		}
		// An expired initial password is not a wrong guess: the address is
		// not counted down.
		var attempts, failures int
		if err := d.QueryRow(ctx, "SELECT attempts, failures FROM signin_throttle WHERE scope = 'address' AND item = '192.0.2.1'").Scan(&attempts, &failures); err != nil {
			t.Fatal(err)
		}
		if attempts != 0 || failures != 0 {
			t.Fatalf("address counter %d/%d", attempts, failures)
		}
		// A wrong password still says only "wrong".
		wantCode(t, errOf(e.s.SignIn(ctx, code, "Wrong-Pass-1", "192.0.2.1", "ua")), ErrBadCredentials)
		// Staff reset gives a fresh period.
		c, _ := e.s.ResolveIdentifier(ctx, code)
		if err := e.s.ResetPassword(ctx, Actor{StaffID: 5, IP: "10.0.0.5"}, c); err != nil {
			t.Fatal(err)
		}
		if res, err := e.s.SignIn(ctx, code, code, "192.0.2.3", "ua"); err != nil || !res.MustChangePassword {
			t.Fatalf("after reset: %+v %v", res, err)
		}
	})
}

func TestAddressLockoutBoundaries(t *testing.T) {
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, nil)
		code := nationalCode("333444555")
		c := e.customer(t, NewCustomer{NationalCode: code, Username: "reza"})
		e.setUp(t, c, strongPassword)
		otherCode := nationalCode("444555666")
		other := e.customer(t, NewCustomer{NationalCode: otherCode})

		// Two wrong, then right: signed in.
		for i := 0; i < 2; i++ {
			wantCode(t, errOf(e.s.SignIn(ctx, "reza", "Wrong-Pass-1", "198.51.100.1", "ua")), ErrBadCredentials)
		}
		if _, err := e.s.SignIn(ctx, "reza", strongPassword, "198.51.100.1", "ua"); err != nil {
			t.Fatalf("2 wrong then right: %v", err)
		}

		// From another address: the third wrong attempt locks, and says so.
		const ip = "198.51.100.2"
		for i := 0; i < 2; i++ {
			wantCode(t, errOf(e.s.SignIn(ctx, "reza", "Wrong-Pass-1", ip, "ua")), ErrBadCredentials)
		}
		le := wantCode(t, errOf(e.s.SignIn(ctx, "reza", "Wrong-Pass-1", ip, "ua")), ErrAddressLocked)
		if le.RetryAfter != 30*time.Minute || le.UserMessage() != "به دلیل ۳ بار ورود ناموفق، ورود از این نشانی تا ۳۰ دقیقه دیگر ممکن نیست" {
			t.Fatalf("lock error %+v %q", le, le.UserMessage())
		}
		// Locked for every account, even with the right password.
		wantCode(t, errOf(e.s.SignIn(ctx, "reza", strongPassword, ip, "ua")), ErrAddressLocked)
		wantCode(t, errOf(e.s.SignIn(ctx, otherCode, otherCode, ip, "ua")), ErrAddressLocked)
		if left, err := e.s.AddressLocked(ctx, ip); err != nil || left != 30*time.Minute {
			t.Fatalf("AddressLocked: %v %v", left, err)
		}

		e.clock.Advance(29*time.Minute + 59*time.Second)
		le = wantCode(t, errOf(e.s.SignIn(ctx, "reza", strongPassword, ip, "ua")), ErrAddressLocked)
		if le.RetryAfter != time.Second || !strings.Contains(le.UserMessage(), "۱ دقیقه") {
			t.Fatalf("at 29:59: %v %q", le.RetryAfter, le.UserMessage())
		}
		e.clock.Advance(time.Second)
		if _, err := e.s.SignIn(ctx, "reza", strongPassword, ip, "ua"); err != nil {
			t.Fatalf("at 30:00: %v", err)
		}
		if _, err := e.s.SignIn(ctx, otherCode, otherCode, ip, "ua"); err != nil {
			t.Fatalf("other account at 30:00: %v", err)
		}
		// A fresh window: three more wrong attempts are allowed to lock again.
		for i := 0; i < 2; i++ {
			wantCode(t, errOf(e.s.SignIn(ctx, "reza", "Wrong-Pass-1", ip, "ua")), ErrBadCredentials)
		}
		wantCode(t, errOf(e.s.SignIn(ctx, "reza", "Wrong-Pass-1", ip, "ua")), ErrAddressLocked)

		// Staff unlock the address at once; audited.
		if err := e.s.UnlockAddress(ctx, Actor{StaffID: 9, IP: "10.0.0.9"}, ip); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.SignIn(ctx, "reza", strongPassword, ip, "ua"); err != nil {
			t.Fatalf("after unlock: %v", err)
		}
		acts := e.auditActions(t, AuditFilter{})
		if acts[ActionAddressLocked] != 2 || acts[ActionUnlockAddress] != 1 {
			t.Fatalf("audit: %v", acts)
		}
		if a := e.auditActions(t, AuditFilter{Action: ActionUnlockAddress, ActorKind: KindStaff, ActorID: 9, IP: "10.0.0.9"}); a[ActionUnlockAddress] != 1 {
			t.Fatalf("filtered audit: %v", a)
		}

		// The customer's history shows every attempt, newest first.
		events, total, err := e.s.SignInEvents(ctx, KindCustomer, c.ID, 0, 50)
		if err != nil || total != len(events) || total < 10 || !events[0].Success || events[0].IP != ip {
			t.Fatalf("events %d/%d %+v %v", len(events), total, events[0], err)
		}
		_ = other
	})
}

func TestAccountThrottleAcrossAddresses(t *testing.T) {
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, nil)
		code := nationalCode("555666777")
		c := e.customer(t, NewCustomer{NationalCode: code})
		e.setUp(t, c, strongPassword)
		// Ten wrong passwords from five addresses, two each: no address
		// locks, the account does at the tenth.
		var last error
		for i := 0; i < 10; i++ {
			last = errOf(e.s.SignIn(ctx, code, "Wrong-Pass-1", fmt.Sprintf("203.0.113.%d", i/2), "ua"))
			if i < 9 {
				wantCode(t, last, ErrBadCredentials)
			}
		}
		wantCode(t, last, ErrAccountLocked)
		le := wantCode(t, errOf(e.s.SignIn(ctx, code, strongPassword, "203.0.113.50", "ua")), ErrAccountLocked)
		if le.RetryAfter != 30*time.Minute {
			t.Fatalf("retry %v", le.RetryAfter)
		}
		// A refusal of a locked account is not a guess from that address.
		var attempts int
		if err := d.QueryRow(ctx, "SELECT attempts FROM signin_throttle WHERE scope = 'address' AND item = '203.0.113.50'").Scan(&attempts); err != nil || attempts != 0 {
			t.Fatalf("address attempts %d %v", attempts, err)
		}
		st, err := e.s.CustomerPasswordState(ctx, c.ID)
		if err != nil || st.Locked == nil {
			t.Fatalf("state %+v %v", st, err)
		}
		// Unknown identifiers are throttled the same way, so a lock does not
		// tell that an account exists.
		for i := 0; i < 10; i++ {
			last = errOf(e.s.SignIn(ctx, "nobody.here", "Wrong-Pass-1", fmt.Sprintf("203.0.114.%d", i/2), "ua"))
		}
		wantCode(t, last, ErrAccountLocked)

		if err := e.s.UnlockCustomer(ctx, Actor{StaffID: 3}, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.SignIn(ctx, code, strongPassword, "203.0.113.50", "ua"); err != nil {
			t.Fatalf("after unlock: %v", err)
		}
		// Success clears the account's counter: nine more failures do not lock.
		for i := 0; i < 9; i++ {
			wantCode(t, errOf(e.s.SignIn(ctx, code, "Wrong-Pass-1", fmt.Sprintf("203.0.115.%d", i/2), "ua")), ErrBadCredentials)
		}
		// Without staff the lock ends after 30 minutes.
		wantCode(t, errOf(e.s.SignIn(ctx, code, "Wrong-Pass-1", "203.0.116.1", "ua")), ErrAccountLocked)
		e.clock.Advance(30 * time.Minute)
		if _, err := e.s.SignIn(ctx, code, strongPassword, "203.0.116.2", "ua"); err != nil {
			t.Fatalf("after 30 minutes: %v", err)
		}
		acts := e.auditActions(t, AuditFilter{TargetKind: KindCustomer, TargetID: c.ID})
		if acts[ActionAccountLocked] != 2 || acts[ActionUnlockAccount] != 1 {
			t.Fatalf("audit %v", acts)
		}
	})
}

// The race: 100 wrong passwords for one account at once from one
// address. Reservation happens before hashing, so at most 3 reach argon2
// and every other one is refused as locked.
func TestConcurrentWrongPasswordsHashAtMostThree(t *testing.T) {
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		// Production parameters: a hash that takes real time widens the
		// window in which parallel attempts could slip past the count.
		e := newEnv(t, d, func(o *Options) { o.Params = DefaultParams })
		code := nationalCode("666777888")
		c := e.customer(t, NewCustomer{NationalCode: code})
		e.setUp(t, c, strongPassword)
		before := e.s.HashChecks()

		const n = 100
		var wg sync.WaitGroup
		errs := make([]error, n)
		start := make(chan struct{})
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				<-start
				_, errs[i] = e.s.SignIn(ctx, code, fmt.Sprintf("Wrong-Pass-%d", i), "198.18.0.1", "ua")
			}(i)
		}
		close(start)
		wg.Wait()

		checked := e.s.HashChecks() - before
		var wrong, locked int
		for _, err := range errs {
			switch {
			case errors.Is(err, ErrBadCredentials):
				wrong++
			case errors.Is(err, ErrAddressLocked):
				locked++
			default:
				t.Fatalf("unexpected result %v", err)
			}
		}
		if checked < 1 || checked > 3 || wrong > 2 || locked < n-2 || wrong+locked != n {
			t.Fatalf("hash checked %d times; %d wrong, %d locked", checked, wrong, locked)
		}
		var attempts, failures int
		if err := d.QueryRow(ctx, "SELECT attempts, failures FROM signin_throttle WHERE scope = 'address' AND item = '198.18.0.1'").Scan(&attempts, &failures); err != nil {
			t.Fatal(err)
		}
		if attempts != 3 || failures != 3 {
			t.Fatalf("counter %d attempts, %d failures", attempts, failures)
		}
		t.Logf("%s: %d hash checks, %d wrong, %d locked", d.Engine(), checked, wrong, locked)
	})
}

func TestStaffSignIn(t *testing.T) {
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, nil)
		st, once, err := e.s.CreateStaff(ctx, Actor{}, "Maryam", "مریم کریمی", []string{RoleSupport, RoleFinance, RoleSupport})
		if err != nil {
			t.Fatal(err)
		}
		if len(once) != staffPasswordLen || st.Username != "maryam" || len(st.Roles) != 2 || !st.MustChange {
			t.Fatalf("staff %+v password %q", st, once)
		}
		res, err := e.s.SignInStaff(ctx, "MARYAM", once, "10.1.1.1", "ua")
		if err != nil || !res.MustChangePassword || res.Kind != KindStaff || res.Staff == nil || !res.Staff.HasRole(RoleFinance) || res.Staff.HasRole(RoleAdmin) {
			t.Fatalf("staff sign-in %+v %v", res, err)
		}
		// Customer identifiers do not reach staff accounts and back.
		wantCode(t, errOf(e.s.SignIn(ctx, "maryam", once, "10.1.1.1", "ua")), ErrBadCredentials)

		// Staff policy: 12 characters.
		pe := wantCode(t, e.s.ChangeStaffPassword(ctx, st.ID, "", "Kav-Lut-14x", "Kav-Lut-14x"), ErrPolicy)
		if len(pe.Problems) != 1 || pe.Problems[0] != msgStaffShort {
			t.Fatalf("problems %q", pe.Problems)
		}
		if err := e.s.ChangeStaffPassword(ctx, st.ID, "", "Kavir-Lut-1402x-Q", "Kavir-Lut-1402x-Q"); err != nil {
			t.Fatal(err)
		}
		res, err = e.s.SignInStaff(ctx, "maryam", "Kavir-Lut-1402x-Q", "10.1.1.1", "ua")
		if err != nil || res.MustChangePassword {
			t.Fatalf("after change %+v %v", res, err)
		}
		// The same address lockout applies.
		for i := 0; i < 2; i++ {
			wantCode(t, errOf(e.s.SignInStaff(ctx, "maryam", "nope", "10.1.1.2", "ua")), ErrBadCredentials)
		}
		wantCode(t, errOf(e.s.SignInStaff(ctx, "maryam", "nope", "10.1.1.2", "ua")), ErrAddressLocked)

		if ok, _ := e.s.HasRole(ctx, st.ID, RoleSupport); !ok {
			t.Fatal("HasRole support")
		}
		if ok, _ := e.s.HasRole(ctx, st.ID, RoleAdmin); ok {
			t.Fatal("HasRole admin")
		}
		admin, _, err := e.s.CreateStaff(ctx, Actor{}, "root", "Admin", []string{RoleAdmin})
		if err != nil || !admin.HasRole(RoleFinance) {
			t.Fatalf("admin %+v %v", admin, err)
		}
		if _, _, err := e.s.CreateStaff(ctx, Actor{}, "maryam", "x", []string{RoleSupport}); !errors.Is(err, ErrUsernameTaken) {
			t.Fatalf("duplicate: %v", err)
		}
		if _, _, err := e.s.CreateStaff(ctx, Actor{}, "ali2", "x", []string{"boss"}); !errors.Is(err, ErrRole) {
			t.Fatalf("bad role: %v", err)
		}
		if _, _, err := e.s.CreateStaff(ctx, Actor{}, "ali3", "x", nil); !errors.Is(err, ErrNoRole) {
			t.Fatalf("no role: %v", err)
		}
		if err := e.s.SetStaffDisabled(ctx, Actor{StaffID: admin.ID}, st.ID, true); err != nil {
			t.Fatal(err)
		}
		wantCode(t, errOf(e.s.SignInStaff(ctx, "maryam", "Kavir-Lut-1402x-Q", "10.1.1.3", "ua")), ErrDisabled)
		if ok, _ := e.s.HasRole(ctx, st.ID, RoleSupport); ok {
			t.Fatal("disabled staff keeps roles")
		}
		acts := e.auditActions(t, AuditFilter{TargetKind: KindStaff, TargetID: st.ID})
		if acts[ActionStaffCreate] != 1 || acts[ActionPasswordChange] != 1 || acts[ActionStaffDisable] != 1 || acts[ActionSignIn] != 2 {
			t.Fatalf("audit %v", acts)
		}
	})
}

// Raising the parameters later: old hashes still verify and are redone
// with the new ones at the next successful sign-in.
func TestRehashOnSignIn(t *testing.T) {
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, nil)
		code := nationalCode("808080808")
		c := e.customer(t, NewCustomer{NationalCode: code})
		e.setUp(t, c, strongPassword)
		stronger := testParams
		stronger.Memory *= 2
		raised := New(d, e.sms, Options{Params: stronger, Now: e.clock.Now})
		if _, err := raised.SignIn(ctx, code, strongPassword, "192.0.2.1", "ua"); err != nil {
			t.Fatal(err)
		}
		var hash string
		if err := d.QueryRow(ctx, "SELECT password_hash FROM credentials WHERE subject_kind = 'customer' AND subject_id = $1", c.ID).Scan(&hash); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(hash, "$m=512,t=1,p=1$") {
			t.Fatalf("hash not redone: %s", hash)
		}
		if _, err := raised.SignIn(ctx, code, strongPassword, "192.0.2.1", "ua"); err != nil {
			t.Fatalf("after rehash: %v", err)
		}
	})
}

// The other side of the same race: many people behind one address (an
// office, a carrier's NAT) signing in with their right passwords at the
// same moment all get in. The limit of checks in flight makes them wait
// a moment for one another, not fail as "locked".
func TestConcurrentRightPasswordsFromOneAddressAllSignIn(t *testing.T) {
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, func(o *Options) { o.Params = DefaultParams })
		const n = 12
		codes := make([]string, n)
		for i := range codes {
			codes[i] = nationalCode(fmt.Sprintf("5553330%02d", i))
			e.setUp(t, e.customer(t, NewCustomer{NationalCode: codes[i]}), strongPassword)
		}
		var wg sync.WaitGroup
		errs := make([]error, n)
		start := make(chan struct{})
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = e.s.SignIn(ctx, codes[i], strongPassword, "198.18.0.9", "ua")
			}()
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("person %d behind the shared address: %v", i, err)
			}
		}
	})
}
