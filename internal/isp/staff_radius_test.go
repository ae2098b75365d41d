package isp_test

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2866"

	"pishkhan/internal/identity"
	"pishkhan/internal/isp"
)

// TestStaffDisconnectButton: the line desk lists the open session with
// «قطع اتصال»; the button sends a Disconnect-Request to the NAS holding
// it (a layeh.com/radius server on loopback), the ACK takes the line
// offline, and the request shows in the desk's log. Without a running
// RADIUS server the button says so in Persian.
func TestStaffDisconnectButton(t *testing.T) {
	pageEngines(t, func(t *testing.T, e *pageEnv) {
		ctx := context.Background()
		c, _ := e.customer("456700321")
		sub, err := e.isp.SeedChangeExample(ctx, c.ID, "deskuser", "modem-pass1")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.isp.Account(ctx, isp.Accounting{Username: "deskuser", NAS: "bras-1", NASIP: "127.0.0.1", SessionID: "desk-1",
			Status: isp.AcctStart, IP: "10.20.30.40"}); err != nil {
			t.Fatal(err)
		}
		sessions, _ := e.isp.OpenSessions(ctx, sub.ID)
		if len(sessions) != 1 {
			t.Fatalf("open sessions %+v", sessions)
		}
		page := "/staff/isp/subscribers/" + fmtInt(sub.ID)
		action := page + "/sessions/" + fmtInt(sessions[0].ID) + "/disconnect"
		sales := e.staffMember("sales9", identity.RoleSalesAgent)
		sales.Get(page).Want(t, http.StatusOK, "").Has(t, "اتصال های باز", "قطع اتصال", "10.20.30.40")
		sales.PostForm(page, action, nil).Want(t, http.StatusSeeOther, page)
		sales.Get(page).Has(t, isp.ErrNoRadius.Message)

		got := make(chan radius.Code, 4)
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		nas := &radius.PacketServer{SecretSource: radius.StaticSecretSource([]byte("testing123")), Handler: radius.HandlerFunc(func(w radius.ResponseWriter, r *radius.Request) {
			got <- r.Code
			if rfc2866.AcctSessionID_GetString(r.Packet) == "desk-1" {
				w.Write(r.Response(radius.CodeDisconnectACK))
			}
		})}
		go nas.Serve(pc)
		defer nas.Shutdown(ctx)
		r := e.isp.NewRadiusServer(isp.RadiusOptions{AuthAddr: "127.0.0.1:0", AcctAddr: "127.0.0.1:0", Secret: []byte("testing123"),
			CoAPort: pc.LocalAddr().(*net.UDPAddr).Port, CoATimeout: time.Second})
		if err := r.Listen(); err != nil {
			t.Fatal(err)
		}
		sctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { r.Serve(sctx); close(done) }()
		defer func() { cancel(); <-done }()

		sales.PostForm(page, action, nil).Want(t, http.StatusSeeOther, page)
		if code := <-got; code != radius.CodeDisconnectRequest {
			t.Fatalf("NAS got %v", code)
		}
		sales.Get(page).Has(t, "NAS اتصال را قطع کرد", "این خط اکنون اتصال بازی ندارد", "قطع اتصال توسط کارشناس", "پذیرفته شد (ACK)")
		if on, _ := e.isp.Online(ctx, sub.ID); on {
			t.Fatal("online after the staff's disconnect")
		}
		// The session is gone: pressing again is a Persian message.
		sales.PostForm(page, action, nil).Want(t, http.StatusSeeOther, page)
		sales.Get(page).Has(t, "این اتصال دیگر باز نیست")
	})
}

// TestStaffPlanSessions: the admin sets how many sessions a service may
// have open at once on the plans page; out of range is refused in
// Persian and nothing changes.
func TestStaffPlanSessions(t *testing.T) {
	pageEngines(t, func(t *testing.T, e *pageEnv) {
		ctx := context.Background()
		pl := &isp.Plan{Kind: isp.PlanService, Name: "یک ماهه خانواده", Price: 1000, Days: 30, TrafficMB: 1024, SpeedKbps: 2048, Active: true}
		if err := e.isp.SavePlan(ctx, pl); err != nil {
			t.Fatal(err)
		}
		admin := e.staffMember("admin7", identity.RoleAdmin)
		action := "/staff/isp/plans/" + fmtInt(pl.ID) + "/sessions"
		admin.Get("/staff/isp/plans").Has(t, "اتصال همزمان", `action="`+action+`"`)
		admin.PostForm("/staff/isp/plans", action, map[string][]string{"sessions": {"۰"}}).Want(t, http.StatusSeeOther, "/staff/isp/plans")
		admin.Get("/staff/isp/plans").Has(t, isp.ErrPlanSessions.Message)
		if n, _ := e.isp.PlanSessions(ctx, pl.ID); n != 1 {
			t.Fatalf("sessions %d after a refused value, want the default 1", n)
		}
		admin.PostForm("/staff/isp/plans", action, map[string][]string{"sessions": {"۲"}}).Want(t, http.StatusSeeOther, "/staff/isp/plans")
		if n, _ := e.isp.PlanSessions(ctx, pl.ID); n != 2 {
			t.Fatalf("sessions %d, want 2", n)
		}
		e.staffMember("sales7", identity.RoleSalesAgent).PostForm("/staff/isp", action, map[string][]string{"sessions": {"5"}}).Want(t, http.StatusForbidden, "")
	})
}
