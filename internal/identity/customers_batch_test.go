package identity

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
)

// Customers created together are what CreateCustomerTx makes one by one:
// identifiers (a shared mobile stays with the first), an initial password
// that is the national code without a hash, an audit entry each; a
// national code or username already taken refuses the whole batch.
func TestCreateCustomersTogether(t *testing.T) {
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, nil)
		var in []NewCustomer
		for i := range 700 { // more than one statement's worth
			in = append(in, NewCustomer{NationalCode: nationalCode(fmt.Sprintf("6%08d", i)), FirstName: " مریم ", LastName: "کاظمی",
				Mobile: fmt.Sprintf("0912%07d", i/2)}) // two to a phone
		}
		in[5].Username = "maryam5"
		var created []*Customer
		err := d.InTx(ctx, func(tx *db.Tx) error {
			var err error
			created, err = e.s.CreateCustomersTx(ctx, tx, Actor{StaffID: 3, IP: "10.1.1.1"}, in)
			return err
		})
		if err != nil || len(created) != 700 {
			t.Fatalf("created %d: %v", len(created), err)
		}
		for i, c := range created {
			if c.ID == 0 || c.NationalCode != in[i].NationalCode || c.FirstName != "مریم" {
				t.Fatalf("customer %d: %+v", i, c)
			}
		}
		for i, who := range []string{in[0].NationalCode, "maryam5", in[0].Mobile, in[3].Mobile} {
			id, err := e.s.ResolveIdentifier(ctx, who)
			if want := []int64{created[0].ID, created[5].ID, created[0].ID, created[2].ID}[i]; err != nil || id != want {
				t.Fatalf("%s names %d (%v), want %d", who, id, err, want)
			}
		}
		if res, err := e.s.SignIn(ctx, in[699].NationalCode, in[699].NationalCode, "192.0.2.1", "ua"); err != nil || !res.MustChangePassword {
			t.Fatalf("sign-in with the national code: %+v %v", res, err)
		}
		var hashes, audits int
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM credentials WHERE password_hash = $1 AND must_change AND expires_at IS NOT NULL", NationalCodePassword).Scan(&hashes); err != nil || hashes != 700 {
			t.Fatalf("%d initial credentials (%v)", hashes, err)
		}
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE action = $1 AND actor_id = 3 AND ip = '10.1.1.1'", ActionCustomerCreate).Scan(&audits); err != nil || audits != 700 {
			t.Fatalf("%d audit entries (%v)", audits, err)
		}

		for _, bad := range []struct {
			in   NewCustomer
			want error
		}{
			{NewCustomer{NationalCode: in[1].NationalCode}, ErrNationalCode},
			{NewCustomer{NationalCode: nationalCode("699999999"), Username: "maryam5"}, ErrUsernameTaken},
		} {
			err := d.InTx(ctx, func(tx *db.Tx) error {
				_, err := e.s.CreateCustomersTx(ctx, tx, Actor{}, []NewCustomer{{NationalCode: nationalCode("698888888")}, bad.in})
				return err
			})
			if !errors.Is(err, bad.want) {
				t.Fatalf("%+v: %v, want %v", bad.in, err, bad.want)
			}
		}
		if id, _ := e.s.ResolveIdentifier(ctx, nationalCode("698888888")); id != 0 {
			t.Fatal("a refused batch kept a customer")
		}
	})
}

// The load-test seed goes through the same path: every customer can sign
// in with the password at once, with the questions answered.
func TestSeedScaleCustomersSignIn(t *testing.T) {
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, nil)
		var people []ScaleCustomer
		for i := range 1203 {
			people = append(people, ScaleCustomer{NationalCode: nationalCode(fmt.Sprintf("7%08d", i)), FirstName: "مشتری", LastName: "آزمون",
				Mobile: fmt.Sprintf("0935%07d", i), Username: fmt.Sprintf("scale%06d", i)})
		}
		ids, err := e.s.SeedScale(ctx, people, strongPassword)
		if err != nil || len(ids) != len(people) {
			t.Fatalf("%d ids: %v", len(ids), err)
		}
		for _, i := range []int{0, 1, 500, 501, 1202} {
			res, err := e.s.SignIn(ctx, people[i].Username, strongPassword, fmt.Sprintf("192.0.2.%d", i%250+1), "ua")
			if err != nil || res.SubjectID != ids[i] || res.MustChangePassword || res.NeedsSecurityQuestions {
				t.Fatalf("scale customer %d: %+v %v", i, res, err)
			}
		}
		if _, err := e.s.SeedScale(ctx, people[:2], strongPassword); !errors.Is(err, ErrScaleSeeded) {
			t.Fatalf("second seed: %v", err)
		}
	})
}
