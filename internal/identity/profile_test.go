package identity

import (
	"context"
	"slices"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/fa"
	"pishkhan/internal/notify"
)

func TestProfile(t *testing.T) {
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, nil)
		c := e.customer(t, NewCustomer{NationalCode: nationalCode("505050505"), FirstName: "Reza", Mobile: "09121110000"})
		if got := c.MissingFields(); !slices.Equal(got, []string{FieldEmail, FieldPostalCode, FieldEducation, FieldBirthDate, FieldAddress}) {
			t.Fatalf("missing %v", got)
		}
		tests := []struct {
			name string
			u    ProfileUpdate
			want *fa.Error
		}{
			{"bad email", ProfileUpdate{Email: "not-an-email"}, ErrEmail},
			{"bad education", ProfileUpdate{Education: "PhD"}, ErrEducation},
			{"all fields, Persian digits", ProfileUpdate{Email: "Reza@Example.com", PostalCode: "۱۳۱۴۵-۶۷۸۹۰", Address: " تهران،  خیابان آزادی ",
				Education: "کارشناسی", BirthDate: "۱۳۶۹/۰۸/۱۷"}, nil},
			{"same birth date again", ProfileUpdate{BirthDate: "1369/8/17"}, nil},
			{"birth date changed", ProfileUpdate{BirthDate: "1370/01/01"}, ErrBirthDateSet},
		}
		for _, tt := range tests {
			got, err := e.s.UpdateProfile(ctx, c.ID, tt.u)
			if tt.want != nil {
				wantCode(t, err, tt.want)
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if tt.name == "all fields, Persian digits" {
				if got.Email != "reza@example.com" || got.PostalCode != "1314567890" || got.Address != "تهران، خیابان آزادی" ||
					got.BirthDate != "1369/08/17" || len(got.MissingFields()) != 0 {
					t.Fatalf("profile %+v", got)
				}
			}
		}
		_, err := e.s.UpdateProfile(ctx, c.ID, ProfileUpdate{PostalCode: "123"})
		if fe := wantCode(t, err, &fa.Error{Domain: "identity", Code: "invalid_postal_code"}); fe.Field != "postal_code" || fe.UserMessage() == "" {
			t.Fatalf("postal code error %+v", fe)
		}
		// Staff may change names, national code, mobile and the birth date;
		// identifiers follow.
		by := Actor{StaffID: 4}
		newCode := nationalCode("606060606")
		got, err := e.s.UpdateCustomer(ctx, by, c.ID, StaffCustomerUpdate{NationalCode: newCode, FirstName: "رضا", LastName: "کریمی",
			Mobile: "09121110001", Username: "reza.k", BirthDate: "1370/01/01"})
		if err != nil || got.BirthDate != "1370/01/01" || got.FullName() != "رضا کریمی" {
			t.Fatalf("staff update %+v %v", got, err)
		}
		for id, want := range map[string]int64{newCode: c.ID, "09121110001": c.ID, "reza.k": c.ID, c.NationalCode: 0, "09121110000": 0} {
			if found, _ := e.s.ResolveIdentifier(ctx, id); found != want {
				t.Fatalf("identifier %q → %d, want %d", id, found, want)
			}
		}
		other := e.customer(t, NewCustomer{NationalCode: nationalCode("707070707")})
		_, err = e.s.UpdateCustomer(ctx, by, other.ID, StaffCustomerUpdate{NationalCode: newCode})
		wantCode(t, err, ErrNationalCode)
		acts := e.auditActions(t, AuditFilter{TargetKind: KindCustomer, TargetID: c.ID})
		if acts[ActionProfileUpdate] != 2 || acts[ActionCustomerUpdate] != 1 {
			t.Fatalf("audit %v", acts)
		}
	})
}

func TestCreateAndSearchCustomers(t *testing.T) {
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, nil)
		by := Actor{StaffID: 1, IP: "10.0.0.1"}
		a := e.customer(t, NewCustomer{NationalCode: nationalCode("111111112"), FirstName: "علی", LastName: "رضایی", Mobile: "09121112233"})
		b := e.customer(t, NewCustomer{NationalCode: nationalCode("222222223"), FirstName: "Ali", LastName: "Karimi", Mobile: "09121112233"})
		if err := d.InTx(ctx, func(tx *db.Tx) error { return e.s.AddIdentifier(ctx, tx, b.ID, "card_customer_id", "87654321") }); err != nil {
			t.Fatal(err)
		}
		// A shared mobile stays on both records but signs in only the first.
		if id, _ := e.s.ResolveIdentifier(ctx, "09121112233"); id != a.ID {
			t.Fatalf("shared mobile resolves to %d", id)
		}
		if _, err := e.s.CreateCustomer(ctx, by, NewCustomer{NationalCode: a.NationalCode}); err == nil {
			t.Fatal("duplicate national code accepted")
		} else {
			wantCode(t, err, ErrNationalCode)
		}
		if _, err := e.s.CreateCustomer(ctx, by, NewCustomer{NationalCode: "1234567890"}); err == nil {
			t.Fatal("invalid national code accepted")
		}
		tests := []struct {
			name string
			f    CustomerFilter
			want []int64
		}{
			{"national code, Persian digits", CustomerFilter{NationalCode: "۱۱۱۱۱۱۱۱۲" + a.NationalCode[9:]}, []int64{a.ID}},
			{"mobile", CustomerFilter{Mobile: "+989121112233"}, []int64{b.ID, a.ID}},
			{"name part", CustomerFilter{Name: "رضا"}, []int64{a.ID}},
			{"name, any case", CustomerFilter{Name: "aLI"}, []int64{b.ID}},
			{"full name", CustomerFilter{Name: "علی رضایی"}, []int64{a.ID}},
			{"LIKE wildcards are literal", CustomerFilter{Name: "%"}, nil},
			{"card customer id", CustomerFilter{Identifier: "۸۷۶۵۴۳۲۱"}, []int64{b.ID}},
			{"combined", CustomerFilter{Mobile: "09121112233", Name: "Karimi"}, []int64{b.ID}},
		}
		for _, tt := range tests {
			list, total, err := e.s.SearchCustomers(ctx, tt.f)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			var ids []int64
			for _, c := range list {
				ids = append(ids, c.ID)
			}
			if !slices.Equal(ids, tt.want) || total != len(tt.want) {
				t.Fatalf("%s: %v (total %d), want %v", tt.name, ids, total, tt.want)
			}
		}

		// The operator option: a random initial password sent by SMS.
		r, err := e.s.CreateCustomer(ctx, by, NewCustomer{NationalCode: nationalCode("333333334"), Mobile: "09123334455", RandomPassword: true})
		if err != nil {
			t.Fatal(err)
		}
		msgs, _, _ := e.sms.List(ctx, notify.Filter{PersonID: r.ID})
		if len(msgs) != 1 || !msgs[0].Sensitive {
			t.Fatalf("SMS %+v", msgs)
		}
		wantCode(t, errOf(e.s.SignIn(ctx, r.NationalCode, r.NationalCode, "192.0.2.1", "ua")), ErrBadCredentials)
		if res, err := e.s.SignIn(ctx, r.NationalCode, tempPassword(t, msgs[0].Body), "192.0.2.1", "ua"); err != nil || !res.MustChangePassword {
			t.Fatalf("random initial password: %+v %v", res, err)
		}
		if _, err := e.s.CreateCustomer(ctx, by, NewCustomer{NationalCode: nationalCode("444444445"), RandomPassword: true}); err == nil {
			t.Fatal("random password without a mobile accepted")
		}
		st, err := e.s.CustomerPasswordState(ctx, r.ID)
		if err != nil || !st.MustChange || st.ExpiresAt == nil || !st.ExpiresAt.Equal(e.clock.Now().Add(30*24*time.Hour)) {
			t.Fatalf("password state %+v %v", st, err)
		}
	})
}

func TestCaptchaStore(t *testing.T) {
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, nil)
		// Two instances share one database.
		one := NewCaptchaStore(d, nil, e.clock.Now, 10*time.Minute)
		two := NewCaptchaStore(d, nil, e.clock.Now, 10*time.Minute)
		one.Set("abc", []byte{1, 2, 3})
		if got := two.Get("abc", false); !slices.Equal(got, []byte{1, 2, 3}) {
			t.Fatalf("peek %v", got)
		}
		one.Set("abc", []byte{4, 5}) // reload
		if got := two.Get("abc", true); !slices.Equal(got, []byte{4, 5}) {
			t.Fatalf("get %v", got)
		}
		if got := one.Get("abc", true); got != nil {
			t.Fatalf("used captcha returned %v", got)
		}
		one.Set("old", []byte{9})
		e.clock.Advance(10 * time.Minute)
		if got := two.Get("old", true); got != nil {
			t.Fatalf("expired captcha returned %v", got)
		}
		if n, err := one.DeleteExpired(context.Background()); err != nil || n != 1 {
			t.Fatalf("cleanup %d %v", n, err)
		}
	})
}
