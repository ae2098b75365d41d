package app

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/identity"
	"pishkhan/internal/welfare"
)

// The welfare credit opens 72 hours after finance approves, on the demo's
// clock: approved at 1403/12/29 23:55, it is not open until the clock has
// moved 72 hours, and then the activation job opens it and sends its SMS.
func TestDemoClockOpensWelfareCreditAfter72Hours(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			dir := t.TempDir()
			url := filepath.Join(dir, "p.db")
			if engine == "postgres" {
				url = dbtest.PostgresURL(t)
			}
			sys := buildDemoSystemAt(t, dir, url, "1403/12/29 23:55")
			ctx := context.Background()
			if _, err := seedDemo(ctx, sys); err != nil {
				t.Fatal(err)
			}
			applicant, err := sys.welfare.FindEmployee(ctx, sys.db, demoWelfareApplicant)
			if err != nil {
				t.Fatal(err)
			}
			guarantor, err := sys.welfare.FindEmployee(ctx, sys.db, demoWelfareGuarantor)
			if err != nil {
				t.Fatal(err)
			}
			a, err := sys.welfare.Apply(ctx, applicant.CustomerID, 10, demoWelfareGuarantor)
			if err != nil {
				t.Fatal(err)
			}
			if err := sys.welfare.GuarantorDecide(ctx, guarantor.CustomerID, a.ID, true); err != nil {
				t.Fatal(err)
			}
			staff, err := sys.identity.ListStaff(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var admin *identity.StaffMember
			for _, m := range staff {
				if m.Username == "admin" {
					admin = m
				}
			}
			if err := sys.welfare.FinanceDecide(ctx, admin, "", a.ID, true, ""); err != nil {
				t.Fatal(err)
			}
			state := func() string {
				t.Helper()
				list, err := sys.welfare.Applications(ctx, applicant.CustomerID)
				if err != nil || len(list) != 1 {
					t.Fatalf("applications: %v %v", list, err)
				}
				return list[0].State(sys.now())
			}
			sys.clock.Advance(71*time.Hour + 50*time.Minute)
			if n, err := sys.welfare.ActivateDue(ctx); n != 0 || err != nil || state() != welfare.StatusApproved {
				t.Fatalf("at 71h50m on the demo's clock: %d activated, %v, state %s", n, err, state())
			}
			sys.clock.Advance(10 * time.Minute)
			if n, err := sys.welfare.ActivateDue(ctx); n != 1 || err != nil || state() != welfare.StatusActive {
				t.Fatalf("at 72h on the demo's clock: %d activated, %v, state %s", n, err, state())
			}
			var at time.Time
			if err := sys.db.QueryRow(ctx, "SELECT created_at FROM sms_outbox WHERE person_id = $1 AND reason = $2", applicant.CustomerID, "فعال شدن اعتبار").Scan(&at); err != nil {
				t.Fatal(err)
			}
			// 1404/01/02 23:55 in Tehran (1403 has an Esfand 30), 72 hours after the approval.
			if want := time.Date(2025, 3, 22, 20, 25, 0, 0, time.UTC); at.Before(want) || at.After(want.Add(5*time.Minute)) {
				t.Fatalf("the activation SMS at %v, want the demo's %v", at.UTC(), want)
			}
		})
	}
}
