package identity_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/identity"
)

// lookupPeople stores two customers and two staff members as rows (the
// lookups read rows, whoever wrote them) and returns their IDs.
func lookupPeople(t *testing.T, d *db.DB) (ali, sara, reza, mina int64) {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	customer := func(code, first, last, mobile, address, postal string) int64 {
		var id int64
		if err := d.ExecReturning(ctx, `INSERT INTO customers (national_code, first_name, last_name, mobile, address, postal_code, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`, code, first, last, mobile, address, postal, now).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	staff := func(username, name string, disabled bool) int64 {
		var id int64
		if err := d.ExecReturning(ctx, `INSERT INTO staff (username, full_name, disabled, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			username, name, disabled, now).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	ali = customer("0012345679", "علی", "رضایی", "09121234567", "تهران، خیابان آزادی", "1234567890")
	sara = customer("0023456781", "", "محمدی", "", "", "")
	reza = staff("reza", "رضا کارمند", false)
	mina = staff("mina", "مینا پشتیبان", true)
	return
}

func TestCustomerContact(t *testing.T) {
	dbtest.Each(t, []*db.Schema{identity.Schema}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		ali, _, _, _ := lookupPeople(t, d)
		c, err := identity.CustomerContact(ctx, d, ali)
		if err != nil {
			t.Fatal(err)
		}
		want := identity.Contact{ID: ali, NationalCode: "0012345679", FirstName: "علی", LastName: "رضایی", Mobile: "09121234567",
			Address: "تهران، خیابان آزادی", PostalCode: "1234567890"}
		if *c != want || c.FullName() != "علی رضایی" {
			t.Errorf("contact = %+v (%q), want %+v", *c, c.FullName(), want)
		}
		// Inside the caller's transaction: a customer it just wrote is seen.
		err = d.InTx(ctx, func(tx *db.Tx) error {
			if _, err := tx.Exec(ctx, "UPDATE customers SET mobile = '09350000000' WHERE id = $1", ali); err != nil {
				return err
			}
			c, err := identity.CustomerContact(ctx, tx, ali)
			if err != nil || c.Mobile != "09350000000" {
				t.Errorf("in the transaction: %+v, %v", c, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := identity.CustomerContact(ctx, d, 999999); !errors.Is(err, identity.ErrNotFound) {
			t.Errorf("unknown customer: %v, want ErrNotFound", err)
		}
	})
}

func TestCustomersByNationalCode(t *testing.T) {
	dbtest.Each(t, []*db.Schema{identity.Schema}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		ali, sara, _, _ := lookupPeople(t, d)
		got, err := identity.CustomersByNationalCode(ctx, d, []string{"0012345679", "0023456781", "0034567891"})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got["0012345679"] != ali || got["0023456781"] != sara {
			t.Errorf("got %v, want ali %d and sara %d only", got, ali, sara)
		}
		if got, err := identity.CustomersByNationalCode(ctx, d, nil); err != nil || len(got) != 0 {
			t.Errorf("no codes: %v, %v", got, err)
		}
	})
}

func TestNamesOf(t *testing.T) {
	dbtest.Each(t, []*db.Schema{identity.Schema}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		ali, sara, reza, mina := lookupPeople(t, d)
		n, err := identity.NamesOf(ctx, d, []int64{ali, sara, ali, 0, 999999}, []int64{reza, mina, 0})
		if err != nil {
			t.Fatal(err)
		}
		if c := n.Customer(ali); c != (identity.CustomerName{Name: "علی رضایی", NationalCode: "0012345679"}) {
			t.Errorf("ali = %+v", c)
		}
		if c := n.Customer(sara); c.Name != "محمدی" || c.NationalCode != "0023456781" {
			t.Errorf("sara = %+v", c)
		}
		if len(n.Customers) != 2 || n.Customer(999999) != (identity.CustomerName{}) {
			t.Errorf("customers = %v", n.Customers)
		}
		if n.StaffFullName(reza) != "رضا کارمند" || n.Staff[reza].Username != "reza" || n.Staff[reza].Disabled {
			t.Errorf("reza = %+v", n.Staff[reza])
		}
		if m := n.Staff[mina]; m.FullName != "مینا پشتیبان" || !m.Disabled {
			t.Errorf("mina = %+v", m)
		}
		// Either list alone.
		if n, err := identity.NamesOf(ctx, d, nil, []int64{reza}); err != nil || len(n.Customers) != 0 || n.StaffFullName(reza) != "رضا کارمند" {
			t.Errorf("staff only: %+v, %v", n, err)
		}
		if n, err := identity.NamesOf(ctx, d, []int64{sara}, nil); err != nil || len(n.Staff) != 0 || n.Customer(sara).Name != "محمدی" {
			t.Errorf("customers only: %+v, %v", n, err)
		}
		if n, err := identity.NamesOf(ctx, d, nil, nil); err != nil || len(n.Customers)+len(n.Staff) != 0 {
			t.Errorf("nobody: %+v, %v", n, err)
		}
	})
}

func TestCustomerMatchSQL(t *testing.T) {
	dbtest.Each(t, []*db.Schema{identity.Schema}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		ali, sara, _, _ := lookupPeople(t, d)
		// Two rows of a caller's that point at ali and sara.
		match := func(q string) []int64 {
			t.Helper()
			ids, err := db.All(ctx, d, func(r db.Scanner) (int64, error) {
				var id int64
				return id, r.Scan(&id)
			}, "SELECT x.id FROM (SELECT CAST($3 AS BIGINT) AS id UNION ALL SELECT CAST($4 AS BIGINT)) x WHERE "+identity.CustomerMatchSQL("x.id", "$1", "$2")+" ORDER BY x.id",
				q, "%"+q+"%", ali, sara)
			if err != nil {
				t.Fatal(err)
			}
			return ids
		}
		if got := match("0023456781"); len(got) != 1 || got[0] != sara {
			t.Errorf("by national code: %v, want [%d]", got, sara)
		}
		if got := match("رضا"); len(got) != 1 || got[0] != ali {
			t.Errorf("by last name: %v, want [%d]", got, ali)
		}
		if got := match("علی"); len(got) != 1 || got[0] != ali {
			t.Errorf("by first name: %v, want [%d]", got, ali)
		}
		if got := match("کسی"); len(got) != 0 {
			t.Errorf("nobody: %v", got)
		}
	})
}
