package isp

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"layeh.com/radius"
	"layeh.com/radius/rfc2865"

	"pishkhan/internal/billing"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/identity"
)

// TestRadclientMessageAuthenticator: BlastRADIUS. An Access-Request
// without Message-Authenticator, or with one made under another secret
// (the CHAP password oracle), is dropped unanswered and counted; with a
// right one it is answered, and the reply carries it first.
func TestRadclientMessageAuthenticator(t *testing.T) {
	bin := radclient(t)
	engines(t, func(t *testing.T, e *env) {
		month := e.plan(t, PlanService, "یک ماهه سرعت 2048 کیلوبیت حجم 5 گیگ", 215_000, 30, 5*1024)
		sub := e.give(t, e.subscriber(t), month)
		r := startRadius(t, e)
		auth := r.AuthAddr().String()
		user := `User-Name = "` + sub.Username + `", `
		if out := sendWith(t, bin, auth, "auth", "testing123", user+`User-Password = "modem-pass1"`); strings.Contains(out, "Received") {
			t.Fatalf("answered without Message-Authenticator:\n%s", out)
		}
		if out := sendWith(t, bin, auth, "auth", "wrong-secret", user+`CHAP-Password = "modem-pass1", Message-Authenticator = 0x00`); strings.Contains(out, "Received") {
			t.Fatalf("answered under a wrong secret:\n%s", out)
		}
		st := r.Stats()
		if st.Dropped[DropNoMessageAuth] != 2 || st.Dropped[DropBadMessageAuth] != 2 { // radclient -r 2 tries twice
			t.Fatalf("drops not counted: %+v", st)
		}
		out := send(t, bin, auth, "auth", user+`User-Password = "modem-pass1"`)
		if !strings.Contains(out, "Received Access-Accept") || !strings.Contains(out, "Message-Authenticator") {
			t.Fatalf("with Message-Authenticator:\n%s", out)
		}
		// The Accounting-Response carries one too.
		out = send(t, bin, r.AcctAddr().String(), "acct", user+`NAS-Identifier = "bras-1", Acct-Session-Id = "ma-1", Acct-Status-Type = Start`)
		if !strings.Contains(out, "Received Accounting-Response") || !strings.Contains(out, "Message-Authenticator") {
			t.Fatalf("accounting:\n%s", out)
		}
	})
}

// TestRadclientUnlistedAddress: with per-NAS secrets and no demo secret,
// a packet from an unlisted address is dropped and counted; from a
// listed one, with its own secret, it is answered.
func TestRadclientUnlistedAddress(t *testing.T) {
	bin := radclient(t)
	engines(t, func(t *testing.T, e *env) {
		month := e.plan(t, PlanService, "یک ماهه", 215_000, 30, 5*1024)
		sub := e.give(t, e.subscriber(t), month)
		attrs := `User-Name = "` + sub.Username + `", User-Password = "modem-pass1", Message-Authenticator = 0x00`
		clients, _ := ParseRadiusClients("127.0.0.2/32=nas-two")
		r := startRadiusWith(t, e, RadiusOptions{Clients: clients})
		if out := sendWith(t, bin, r.AuthAddr().String(), "auth", "nas-two", attrs); strings.Contains(out, "Received") {
			t.Fatalf("an unlisted address was answered:\n%s", out)
		}
		if n := r.Stats().Dropped[DropUnknownClient]; n < 1 {
			t.Fatalf("unknown client drops %d", n)
		}
		clients, _ = ParseRadiusClients("127.0.0.2/32=nas-two,127.0.0.0/8=nas-loop")
		r = startRadiusWith(t, e, RadiusOptions{Clients: clients})
		if out := sendWith(t, bin, r.AuthAddr().String(), "auth", "nas-loop", attrs); !strings.Contains(out, "Received Access-Accept") {
			t.Fatalf("a listed NAS with its secret:\n%s", out)
		}
	})
}

// TestRadclientWhatTheNASIsTold: the paid static IP and the line's route
// go out in the Accept with the interim interval; a second session while
// the first is open is rejected with a Persian Reply-Message; once the
// first is stale (three intervals unheard) the line is offline and a new
// session is accepted.
func TestRadclientWhatTheNASIsTold(t *testing.T) {
	bin := radclient(t)
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		month := e.plan(t, PlanService, "یک ماهه", 215_000, 30, 5*1024)
		sub := e.give(t, e.subscriber(t), month)
		if err := e.s.AssignStaticIP(ctx, sub.ID, "85.9.70.25", 50_000, 2, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := e.d.Exec(ctx, "UPDATE isp_subscribers SET route_ip = '203.0.113.0/29' WHERE id = $1", sub.ID); err != nil {
			t.Fatal(err)
		}
		r := startRadiusWith(t, e, RadiusOptions{Secret: []byte("testing123"), InterimInterval: 2 * time.Minute})
		auth, acct := r.AuthAddr().String(), r.AcctAddr().String()
		login := `User-Name = "` + sub.Username + `", User-Password = "modem-pass1"`
		out := send(t, bin, auth, "auth", login)
		for _, want := range []string{"Access-Accept", "Framed-IP-Address = 85.9.70.25", `Framed-Route = "203.0.113.0/29 0.0.0.0 1"`, "Acct-Interim-Interval = 120"} {
			if !strings.Contains(out, want) {
				t.Fatalf("%s missing:\n%s", want, out)
			}
		}
		if out := send(t, bin, acct, "acct", `User-Name = "`+sub.Username+`", NAS-Identifier = "bras-1", Acct-Session-Id = "one", Acct-Status-Type = Start`); !strings.Contains(out, "Accounting-Response") {
			t.Fatal(out)
		}
		if on, _ := e.s.Online(ctx, sub.ID); !on {
			t.Fatal("not online after Start")
		}
		out = send(t, bin, auth, "auth", login)
		if !strings.Contains(out, "Access-Reject") || !strings.Contains(out, "Reply-Message") {
			t.Fatalf("second session:\n%s", out)
		}
		if a, _ := e.s.authorize(ctx, sub.Username, CheckPAP("modem-pass1"), 2*time.Minute); a.OK || !strings.Contains(a.Reason, "همزمان") || !strings.Contains(a.Reason, "۱") {
			t.Fatalf("second session reason %+v", a)
		}
		// Two intervals of silence: still open. Three: stale and closed.
		e.clock.Advance(4 * time.Minute)
		if n, _ := e.s.CloseStaleSessions(ctx, 2*time.Minute); n != 0 {
			t.Fatalf("closed %d sessions after two intervals", n)
		}
		// The next Access-Request closes the stale session itself.
		e.clock.Advance(3 * time.Minute)
		if out := send(t, bin, auth, "auth", login); !strings.Contains(out, "Access-Accept") {
			t.Fatalf("after the stale session:\n%s", out)
		}
		if on, _ := e.s.Online(ctx, sub.ID); on {
			t.Fatal("online after the stale session was closed")
		}
		var reason string
		e.d.QueryRow(ctx, "SELECT close_reason FROM isp_usage WHERE session_id = 'one'").Scan(&reason)
		if reason != "stale" {
			t.Fatalf("close reason %q", reason)
		}
		// A plan allowing two sessions accepts the second.
		if err := e.s.SetPlanSessions(ctx, month.ID, 2); err != nil {
			t.Fatal(err)
		}
		send(t, bin, acct, "acct", `User-Name = "`+sub.Username+`", NAS-Identifier = "bras-1", Acct-Session-Id = "two", Acct-Status-Type = Start`)
		if out := send(t, bin, auth, "auth", login); !strings.Contains(out, "Access-Accept") {
			t.Fatalf("second of two allowed sessions:\n%s", out)
		}
		// The periodic sweep closes what nobody asks about.
		e.clock.Advance(7 * time.Minute)
		if n, _ := e.s.CloseStaleSessions(ctx, 2*time.Minute); n != 1 {
			t.Fatalf("closed %d stale sessions, want 1", n)
		}
		// An expired static IP is no longer sent.
		e.clock.Advance(70 * 24 * time.Hour)
		if a, _ := e.s.Authorize(ctx, sub.Username, CheckPAP("modem-pass1")); a.FramedIP != "" {
			t.Fatalf("expired static IP still sent: %+v", a)
		}
	})
}

// TestRadiusMetrics: the drop counters reach /metrics by reason.
func TestRadiusMetrics(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t, identity.Schema, billing.Schema, Schema))
	r := e.s.NewRadiusServer(RadiusOptions{Secret: []byte("testing123")})
	p := radius.New(radius.CodeAccessRequest, []byte("testing123"))
	rfc2865.UserName_SetString(p, "nobody")
	wire, _ := p.Encode()
	if r.handle(context.Background(), wire, netip.MustParseAddr("127.0.0.1"), "127.0.0.1:5000", r.serveAuth) != nil {
		t.Fatal("answered without Message-Authenticator")
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(r.Collector())
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, f := range families {
		if f.GetName() != "pishkhan_radius_dropped_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			got[m.GetLabel()[0].GetValue()] = m.GetCounter().GetValue()
		}
	}
	if len(got) != len(dropReasons) || got[DropNoMessageAuth] != 1 || got[DropUnknownClient] != 0 {
		t.Fatalf("dropped series %v", got)
	}
}
