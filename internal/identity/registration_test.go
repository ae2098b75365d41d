package identity

import (
	"context"
	"errors"
	"testing"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/fa"
)

func TestRegisterVerified(t *testing.T) {
	dbtest.Each(t, []*db.Schema{Schema}, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, nil)
		ctx := context.Background()
		r := Registration{NationalCode: nationalCode("006789123"), FirstName: "رضا", LastName: "کریمی", FatherName: "عباس",
			BirthDate: "1369/08/17", Gender: GenderMale, Mobile: "09121110005", Education: "کارشناسی", Address: "مشهد، خیابان امام، پلاک ۱۲",
			Password: "Zagros-Peak-2071", Repeat: "Zagros-Peak-2071"}
		for _, c := range []struct {
			change func(r *Registration)
			want   *fa.Error
		}{
			{func(r *Registration) { r.Password, r.Repeat = "kotah1A", "kotah1A" }, ErrPolicy},
			{func(r *Registration) { r.Password, r.Repeat = r.NationalCode, r.NationalCode }, ErrPolicy},
			{func(r *Registration) { r.Repeat = "Zagros-Peak-2072" }, ErrRepeatMismatch},
			{func(r *Registration) { r.Education = "phd" }, ErrEducation},
			{func(r *Registration) { r.Address = "Mashhad, Imam St." }, ErrAddressPersian},
		} {
			bad := r
			c.change(&bad)
			if _, _, err := e.s.RegisterVerified(ctx, bad, nil); !errors.Is(err, c.want) {
				t.Errorf("%+v: %v, want %s", bad, err, c.want.Code)
			}
		}
		if _, err := e.s.CustomerByNationalCode(ctx, r.NationalCode); !errors.Is(err, ErrNotFound) {
			t.Fatalf("refused registrations stored an account: %v", err)
		}

		// The caller's own rows fail the whole registration.
		boom := errors.New("boom")
		if _, _, err := e.s.RegisterVerified(ctx, r, func(context.Context, *db.Tx, *Customer) error { return boom }); !errors.Is(err, boom) {
			t.Fatalf("failing also: %v", err)
		}
		if _, err := e.s.CustomerByNationalCode(ctx, r.NationalCode); !errors.Is(err, ErrNotFound) {
			t.Fatal("an account was left by a failed registration")
		}

		c, created, err := e.s.RegisterVerified(ctx, r, nil)
		if err != nil || !created || c.Education != "کارشناسی" || c.Address != r.Address || c.Mobile != r.Mobile {
			t.Fatalf("register: %+v %v %v", c, created, err)
		}
		res, err := e.s.SignIn(ctx, r.NationalCode, r.Password, "10.0.0.5", "t")
		if err != nil || res.MustChangePassword {
			t.Fatalf("sign-in: %+v %v", res, err)
		}

		// «تنظیم رمز»: same national code, new password, sessions ended.
		r.Password, r.Repeat = "Dena-Summit-4409", "Dena-Summit-4409"
		c2, created, err := e.s.RegisterVerified(ctx, r, nil)
		if err != nil || created || c2.ID != c.ID {
			t.Fatalf("set password: %+v %v %v", c2, created, err)
		}
		if got := e.endedSessions(); len(got) == 0 || got[len(got)-1].id != c.ID {
			t.Fatalf("sessions not ended: %v", got)
		}
		if _, err := e.s.SignIn(ctx, r.NationalCode, "Zagros-Peak-2071", "10.0.0.6", "t"); err == nil {
			t.Fatal("the old password still works")
		}
		acts := e.auditActions(t, AuditFilter{})
		if acts[ActionRegister] != 1 || acts[ActionPasswordSetVerify] != 1 {
			t.Fatalf("audit: %v", acts)
		}
	})
}
