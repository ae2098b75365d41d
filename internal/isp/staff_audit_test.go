package isp_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"pishkhan/internal/identity"
	"pishkhan/internal/isp"
)

// TestStaffSettingsCommitWithTheirAudit: the admin's free charge, new
// plan and session limit are written in one transaction with their audit
// row — audited when it can be written, and not made at all (a Persian
// 500) when it cannot; the campaign run, many transactions and
// idempotent, reports the failed record instead of dropping it.
func TestStaffSettingsCommitWithTheirAudit(t *testing.T) {
	pageEngines(t, func(t *testing.T, e *pageEnv) {
		ctx := context.Background()
		pl := &isp.Plan{Kind: isp.PlanService, Name: "یک ماهه خانواده", Price: 1000, Days: 30, TrafficMB: 1024, SpeedKbps: 2048, Active: true}
		if err := e.isp.SavePlan(ctx, pl); err != nil {
			t.Fatal(err)
		}
		admin := e.staffMember("admin8", identity.RoleAdmin)
		sessions := "/staff/isp/plans/" + fmtInt(pl.ID) + "/sessions"
		newPlan := url.Values{"kind": {"service"}, "name": {"سرویس آزمایشی"}, "price": {"1000"}, "days": {"30"}, "traffic_mb": {"1024"}}
		admin.PostForm("/staff/isp", "/staff/isp/free-charge", url.Values{"free_days": {"3"}, "free_mb": {"200"}}).Want(t, http.StatusSeeOther, "/staff/isp")
		admin.PostForm("/staff/isp/plans", "/staff/isp/plans", newPlan).Want(t, http.StatusSeeOther, "/staff/isp/plans")
		admin.PostForm("/staff/isp/plans", sessions, url.Values{"sessions": {"2"}}).Want(t, http.StatusSeeOther, "/staff/isp/plans")
		admin.PostForm("/staff/isp/plans", "/staff/isp/campaigns/run", nil).Want(t, http.StatusSeeOther, "/staff/isp/plans")
		for _, action := range []string{"isp_free_charge_set", "isp_plan_added", "isp_plan_sessions", "isp_campaigns_run"} {
			if _, n, err := e.ids.AuditLog(ctx, identity.AuditFilter{Action: action}); err != nil || n != 1 {
				t.Errorf("%s audited %d times (%v), want once", action, n, err)
			}
		}
		plans := func() int {
			var n int
			if err := e.d.QueryRow(ctx, "SELECT COUNT(*) FROM isp_plans").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := plans()

		// The audit log cannot be written.
		if _, err := e.d.Exec(ctx, "ALTER TABLE audit_log RENAME TO audit_log_away"); err != nil {
			t.Fatal(err)
		}
		admin.PostForm("/staff/isp", "/staff/isp/free-charge", url.Values{"free_days": {"5"}, "free_mb": {"500"}}).Want(t, http.StatusInternalServerError, "")
		if f, _ := e.isp.FreeChargeSetting(ctx); f.Days != 3 || f.MB != 200 {
			t.Errorf("free charge %+v changed without its audit row", f)
		}
		admin.PostForm("/staff/isp/plans", "/staff/isp/plans", newPlan).Want(t, http.StatusInternalServerError, "")
		if n := plans(); n != before {
			t.Errorf("%d plans after an unaudited add, want %d", n, before)
		}
		admin.PostForm("/staff/isp/plans", sessions, url.Values{"sessions": {"4"}}).Want(t, http.StatusInternalServerError, "")
		if n, _ := e.isp.PlanSessions(ctx, pl.ID); n != 2 {
			t.Errorf("sessions %d after an unaudited change, want 2", n)
		}
		admin.PostForm("/staff/isp/plans", "/staff/isp/campaigns/run", nil).Want(t, http.StatusInternalServerError, "")
	})
}
