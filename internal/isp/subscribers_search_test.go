package isp

import (
	"context"
	"testing"

	"pishkhan/internal/identity"
)

// The staff's search finds lines by username, phone, and by the
// customer's national code or name, which identity holds; each row shows
// the customer's name.
func TestSearchSubscribers(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		kamal := e.subscriber(t) // کمال نصیری
		c, err := e.ids.CreateCustomer(ctx, identity.Actor{}, identity.NewCustomer{NationalCode: nationalCode("224999999"),
			FirstName: "سارا", LastName: "کریمی", Mobile: "09351234567"})
		if err != nil {
			t.Fatal(err)
		}
		sara, err := e.s.CreateSubscriber(ctx, NewSubscriber{CustomerID: c.ID, Phone: "44556677", Centre: "دانشگاه",
			Username: "sara-line", Password: "modem-pass1"})
		if err != nil {
			t.Fatal(err)
		}
		search := func(q string) []SubscriberRow {
			t.Helper()
			rows, err := e.s.SearchSubscribers(ctx, q, 50)
			if err != nil {
				t.Fatal(err)
			}
			return rows
		}
		one := func(q string, want *Subscriber, name string) {
			t.Helper()
			rows := search(q)
			if len(rows) != 1 || rows[0].ID != want.ID || rows[0].Name != name || rows[0].CustomerID != want.CustomerID {
				t.Errorf("search %q = %+v, want line %d of %s", q, rows, want.ID, name)
			}
		}
		one(c.NationalCode, sara, "سارا کریمی")
		one("کریم", sara, "سارا کریمی")
		one("سارا", sara, "سارا کریمی")
		one("نصیری", kamal, "کمال نصیری")
		one("sara-line", sara, "سارا کریمی")
		one("4455", sara, "سارا کریمی")
		if rows := search(""); len(rows) != 2 || rows[0].ID != sara.ID || rows[0].Name != "سارا کریمی" || rows[1].Name != "کمال نصیری" {
			t.Errorf("everyone, newest first: %+v", rows)
		}
		if rows := search("کسی-نیست"); len(rows) != 0 {
			t.Errorf("nobody: %+v", rows)
		}
	})
}
