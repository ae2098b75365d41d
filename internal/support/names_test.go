package support_test

import (
	"context"
	"testing"

	"pishkhan/internal/identity"
	"pishkhan/internal/support"
)

// Tickets, threads and departments show the names of identity's people:
// the customer and their national code, the assignee, each message's
// author, the department's enabled members by name.
func TestNamesFromIdentity(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a, m := e.customer(ali()), e.customer(maryam())
		reza := e.staff("reza", []string{identity.RoleSupport}, "technical")
		sara := e.staff("sara", []string{identity.RoleSupport}, "technical")
		gone := e.staff("gone", []string{identity.RoleSupport}, "technical")
		ta, tm := e.open(a.ID, "technical", support.PriorityHigh), e.open(m.ID, "technical", support.PriorityLow)
		if ta.CustomerName != "علی رضایی" || ta.NationalCode != a.NationalCode || ta.AssigneeName != "" {
			t.Errorf("opened ticket: %q %q %q", ta.CustomerName, ta.NationalCode, ta.AssigneeName)
		}
		if err := e.svc.Answer(ctx, sara, tm.ID, "پاسخ کارشناس", nil); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.AddNote(ctx, reza, tm.ID, "یادداشت داخلی"); err != nil {
			t.Fatal(err)
		}

		list, total, err := e.svc.Queue(ctx, reza, support.QueueFilter{})
		if err != nil || total != 2 || len(list) != 2 {
			t.Fatalf("queue: %d %v", total, err)
		}
		byID := map[int64]support.Ticket{list[0].ID: list[0], list[1].ID: list[1]}
		if x := byID[ta.ID]; x.CustomerName != "علی رضایی" || x.NationalCode != a.NationalCode || x.AssigneeName != "" {
			t.Errorf("queue, ali's: %q %q %q", x.CustomerName, x.NationalCode, x.AssigneeName)
		}
		if x := byID[tm.ID]; x.CustomerName != "مریم احمدی" || x.NationalCode != m.NationalCode || x.AssigneeName != "کارمند sara" {
			t.Errorf("queue, maryam's: %q %q %q", x.CustomerName, x.NationalCode, x.AssigneeName)
		}
		if list, total, err := e.svc.Queue(ctx, reza, support.QueueFilter{NationalCode: m.NationalCode}); err != nil || total != 1 || list[0].ID != tm.ID {
			t.Errorf("by maryam's national code: %v %d %v", list, total, err)
		}
		if _, total, err := e.svc.Queue(ctx, reza, support.QueueFilter{NationalCode: nationalCode("345678912")}); err != nil || total != 0 {
			t.Errorf("by a national code of nobody's: %d %v", total, err)
		}

		mine, _, err := e.svc.CustomerTickets(ctx, m.ID, 0, 10)
		if err != nil || len(mine) != 1 || mine[0].CustomerName != "مریم احمدی" || mine[0].AssigneeName != "کارمند sara" {
			t.Errorf("maryam's tickets: %+v %v", mine, err)
		}

		_, thread, err := e.svc.StaffThread(ctx, reza, tm.ID)
		if err != nil || len(thread) != 3 {
			t.Fatalf("thread: %d entries, %v", len(thread), err)
		}
		for i, want := range []string{"مریم احمدی", "کارمند sara", "کارمند reza"} {
			if thread[i].AuthorName != want {
				t.Errorf("entry %d by %q, want %q", i, thread[i].AuthorName, want)
			}
		}

		if err := e.ids.SetStaffDisabled(ctx, identity.Actor{}, gone.ID, true); err != nil {
			t.Fatal(err)
		}
		members, err := e.svc.Members(ctx, e.dept("technical"))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, x := range members {
			names = append(names, x.FullName+"/"+x.Username)
		}
		if len(names) != 2 || names[0] != "کارمند reza/reza" || names[1] != "کارمند sara/sara" {
			t.Errorf("members = %v, want reza and sara by name, not the disabled one", names)
		}
	})
}
