package isp

import (
	"context"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"
	"layeh.com/radius/rfc3576"

	"pishkhan/internal/db"
)

// testNAS is a NAS's Disconnect/CoA port (RFC 5176) on loopback: a
// layeh.com/radius server, which checks the requests' authenticators
// with the NAS's secret, answering as told.
type testNAS struct {
	port int
	got  chan *radius.Packet
	// answer decides the reply: ACK, or NAK with an Error-Cause; drop
	// sends nothing.
	mu     sync.Mutex
	answer func(p *radius.Packet) (ack bool, cause rfc3576.ErrorCause, drop bool)
}

func (n *testNAS) setAnswer(f func(p *radius.Packet) (bool, rfc3576.ErrorCause, bool)) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.answer = f
}

func startNAS(t *testing.T, secret string) *testNAS {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	n := &testNAS{port: pc.LocalAddr().(*net.UDPAddr).Port, got: make(chan *radius.Packet, 16),
		answer: func(*radius.Packet) (bool, rfc3576.ErrorCause, bool) { return true, 0, false }}
	srv := &radius.PacketServer{SecretSource: radius.StaticSecretSource([]byte(secret)), Handler: radius.HandlerFunc(func(w radius.ResponseWriter, r *radius.Request) {
		n.got <- r.Packet
		n.mu.Lock()
		answer := n.answer
		n.mu.Unlock()
		ack, cause, drop := answer(r.Packet)
		if drop {
			return
		}
		code := map[radius.Code][2]radius.Code{radius.CodeDisconnectRequest: {radius.CodeDisconnectACK, radius.CodeDisconnectNAK},
			radius.CodeCoARequest: {radius.CodeCoAACK, radius.CodeCoANAK}}[r.Code]
		if ack {
			w.Write(r.Response(code[0]))
			return
		}
		resp := r.Response(code[1])
		rfc3576.ErrorCause_Set(resp, cause)
		w.Write(resp)
	})}
	go srv.Serve(pc)
	t.Cleanup(func() { srv.Shutdown(context.Background()) })
	return n
}

// next is the next request the NAS received.
func (n *testNAS) next(t *testing.T) *radius.Packet {
	t.Helper()
	select {
	case p := <-n.got:
		return p
	case <-time.After(10 * time.Second):
		t.Fatal("the NAS received nothing")
		return nil
	}
}

type nasHarness struct {
	e    *env
	r    *RadiusServer
	nas  *testNAS
	done chan []NASResult
}

func newNASHarness(t *testing.T, e *env) *nasHarness {
	h := &nasHarness{e: e, nas: startNAS(t, "testing123"), done: make(chan []NASResult, 16)}
	h.r = startRadiusWith(t, e, RadiusOptions{Secret: []byte("testing123"), CoAPort: h.nas.port, CoATimeout: 300 * time.Millisecond,
		OnEnforced: func(_ int64, res []NASResult) { h.done <- res }})
	return h
}

// acct sends an Accounting-Request from 127.0.0.1, as the NAS would.
func (h *nasHarness) acct(t *testing.T, sub *Subscriber, session string, status rfc2866.AcctStatusType, down int64) {
	t.Helper()
	p := radius.New(radius.CodeAccountingRequest, []byte("testing123"))
	rfc2865.UserName_SetString(p, sub.Username)
	rfc2865.NASIdentifier_SetString(p, "bras-1")
	rfc2866.AcctSessionID_SetString(p, session)
	rfc2866.AcctStatusType_Set(p, status)
	rfc2866.AcctOutputOctets_Set(p, rfc2866.AcctOutputOctets(down))
	rfc2865.FramedIPAddress_Set(p, net.ParseIP("10.20.30.40"))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := radius.Exchange(ctx, p, h.r.AcctAddr().String())
	if err != nil || resp.Code != radius.CodeAccountingResponse {
		t.Fatalf("accounting: %v %v", resp, err)
	}
}

// enforced waits for a background enforcement round.
func (h *nasHarness) enforced(t *testing.T) []NASResult {
	t.Helper()
	select {
	case res := <-h.done:
		return res
	case <-time.After(10 * time.Second):
		t.Fatal("no enforcement")
		return nil
	}
}

// enforcedSome skips the empty rounds of earlier triggers (a service
// given kicks the NAS too) and returns the first that sent something.
func (h *nasHarness) enforcedSome(t *testing.T) []NASResult {
	t.Helper()
	for {
		if res := h.enforced(t); len(res) > 0 {
			return res
		}
	}
}

// expectDisconnect checks the NAS got a Disconnect-Request for session
// and the round's result.
func (h *nasHarness) expectDisconnect(t *testing.T, session, reason string, res []NASResult) {
	t.Helper()
	p := h.nas.next(t)
	if p.Code != radius.CodeDisconnectRequest || rfc2866.AcctSessionID_GetString(p) != session || rfc2865.FramedIPAddress_Get(p).String() != "10.20.30.40" {
		t.Fatalf("NAS got %v session %q", p.Code, rfc2866.AcctSessionID_GetString(p))
	}
	if len(res) != 1 || res[0].Kind != NASDisconnect || res[0].Reason != reason || res[0].Result != "ack" {
		t.Fatalf("results %+v, want one ACKed disconnect for %s", res, reason)
	}
}

func (h *nasHarness) online(t *testing.T, sub *Subscriber) bool {
	t.Helper()
	on, err := h.e.s.Online(context.Background(), sub.ID)
	if err != nil {
		t.Fatal(err)
	}
	return on
}

// TestDisconnectWhenTrafficRunsOut: the Interim-Update that uses up the
// traffic makes Pishkhan send a Disconnect-Request to the NAS holding
// the session; on its ACK the line is offline, and what the Stop then
// reports beyond the traffic is recorded as overage.
func TestDisconnectWhenTrafficRunsOut(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		sub := e.give(t, e.subscriber(t), e.plan(t, PlanService, "۵ مگ", 1000, 30, 5))
		h := newNASHarness(t, e)
		h.acct(t, sub, "s-1", rfc2866.AcctStatusType_Value_Start, 0)
		h.acct(t, sub, "s-1", rfc2866.AcctStatusType_Value_InterimUpdate, 3*MB)
		if !h.online(t, sub) {
			t.Fatal("offline with traffic left")
		}
		h.acct(t, sub, "s-1", rfc2866.AcctStatusType_Value_InterimUpdate, 6*MB)
		h.expectDisconnect(t, "s-1", ReasonNoTraffic, h.enforcedSome(t))
		if h.online(t, sub) {
			t.Fatal("online after the Disconnect-ACK")
		}
		h.acct(t, sub, "s-1", rfc2866.AcctStatusType_Value_Stop, 7*MB)
		var deducted, overage int64
		var ended *time.Time
		if err := e.d.QueryRow(ctx, "SELECT deducted, overage, ended_at FROM isp_usage WHERE session_id = 's-1'").Scan(&deducted, &overage, &ended); err != nil {
			t.Fatal(err)
		}
		if deducted != 5*MB || overage != 2*MB || ended == nil {
			t.Fatalf("deducted %d overage %d ended %v: the overage was forgiven", deducted, overage, ended)
		}
		log, _ := e.s.NASRequests(ctx, sub.ID, 10)
		if len(log) != 1 || log[0].Result != "ack" || log[0].Attempts != 1 || log[0].Reason != ReasonNoTraffic {
			t.Fatalf("log %+v", log)
		}
	})
}

// TestDisconnectOnStateChanges: suspension (staff or the documents'
// sweep), the collection list, a free charge that ends unanswered and a
// service that simply expires each reach the NAS holding the session.
func TestDisconnectOnStateChanges(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		month := e.plan(t, PlanService, "یک ماهه", 215_000, 30, 5*1024)
		h := newNASHarness(t, e)

		sub := e.give(t, e.subscriber(t), month)
		h.acct(t, sub, "susp", rfc2866.AcctStatusType_Value_Start, 0)
		if err := e.s.SetLineStatus(ctx, sub.ID, LineSuspended, "", nil); err != nil {
			t.Fatal(err)
		}
		h.expectDisconnect(t, "susp", ReasonSuspended, h.enforcedSome(t))

		sub = e.give(t, e.subscriber(t), month)
		h.acct(t, sub, "coll", rfc2866.AcctStatusType_Value_Start, 0)
		if err := e.s.SetLineStatus(ctx, sub.ID, LineCollection, "", nil); err != nil {
			t.Fatal(err)
		}
		h.expectDisconnect(t, "coll", ReasonCollection, h.enforcedSome(t))

		sub = e.give(t, e.subscriber(t), month)
		h.acct(t, sub, "docs", rfc2866.AcctStatusType_Value_Start, 0)
		if _, err := e.d.Exec(ctx, "UPDATE isp_subscribers SET docs_deadline = $1 WHERE id = $2", e.clock.Now().Add(-time.Minute), sub.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := e.s.SweepDocuments(ctx); err != nil || n != 1 {
			t.Fatalf("documents sweep %d %v", n, err)
		}
		h.expectDisconnect(t, "docs", ReasonSuspended, h.enforcedSome(t))

		// The service expires: nobody clicks; the periodic round finds it.
		sub = e.give(t, e.subscriber(t), month)
		h.acct(t, sub, "exp", rfc2866.AcctStatusType_Value_Start, 0)
		// Let the round that give's service change started end first: on a
		// loaded machine it could run after the clock moves, find the
		// service expired and disconnect it itself, leaving EnforceAll none.
		h.r.bg.Wait()
		e.clock.Set(sub.EndsAt.Add(time.Second))
		if n, err := h.r.EnforceAll(ctx); err != nil || n != 1 {
			t.Fatalf("EnforceAll %d %v", n, err)
		}
		if p := h.nas.next(t); p.Code != radius.CodeDisconnectRequest || rfc2866.AcctSessionID_GetString(p) != "exp" {
			t.Fatalf("expiry: %v %q", p.Code, rfc2866.AcctSessionID_GetString(p))
		}
		if h.online(t, sub) {
			t.Fatal("online after expiry's disconnect")
		}

		// The free charge: taken when the days ran out, it ends with no
		// real charge; the sweep moves the line to the collection list
		// and the NAS is told.
		if err := e.s.ApplyFreeCharge(ctx, sub.CustomerID); err != nil {
			t.Fatal(err)
		}
		h.acct(t, sub, "free", rfc2866.AcctStatusType_Value_Start, 0)
		e.clock.Advance(3 * 24 * time.Hour)
		if n, err := e.s.SweepFreeCharges(ctx); err != nil || n != 1 {
			t.Fatalf("free charge sweep %d %v", n, err)
		}
		h.expectDisconnect(t, "free", ReasonCollection, h.enforcedSome(t))
	})
}

// TestCoAOnServiceChange: a service change to a faster plan re-rates the
// open session with a CoA-Request carrying the new Mikrotik-Rate-Limit;
// a traffic purchase, which keeps the speed, sends nothing.
func TestCoAOnServiceChange(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		month := e.plan(t, PlanService, "یک ماهه", 215_000, 30, 5*1024)
		traffic := e.plan(t, PlanTraffic, "۵ گیگ", 50_000, 0, 5*1024)
		fast := &Plan{Kind: PlanService, Name: "۴ مگ", Price: 400_000, Days: 30, TrafficMB: 10 * 1024, SpeedKbps: 4096, Active: true}
		if err := e.s.SavePlan(ctx, fast); err != nil {
			t.Fatal(err)
		}
		sub := e.give(t, e.subscriber(t), month)
		h := newNASHarness(t, e)
		h.acct(t, sub, "c-1", rfc2866.AcctStatusType_Value_Start, 0)
		buy := func(what string, id int64) {
			t.Helper()
			err := e.d.InTx(ctx, func(tx *db.Tx) error {
				s, err := loadSubscriber(ctx, tx, "s.id = $1", sub.ID, true)
				if err != nil {
					return err
				}
				_, err = e.s.apply(ctx, tx, s, what, id, purchase{kind: BoughtOnline})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		buy("traffic", traffic.ID)
		if res := h.enforced(t); len(res) != 0 {
			t.Fatalf("a traffic purchase at the same speed sent %+v", res)
		}
		buy("change", fast.ID)
		res := h.enforced(t)
		p := h.nas.next(t)
		if p.Code != radius.CodeCoARequest || !strings.Contains(string(p.Get(rfc2865.VendorSpecific_Type)), "4096k/4096k") {
			t.Fatalf("NAS got %v %q", p.Code, p.Get(rfc2865.VendorSpecific_Type))
		}
		if len(res) != 1 || res[0].Kind != NASCoA || res[0].RateLimit != "4096k/4096k" || res[0].Result != "ack" {
			t.Fatalf("results %+v", res)
		}
		var rl string
		e.d.QueryRow(ctx, "SELECT rate_limit FROM isp_usage WHERE session_id = 'c-1'").Scan(&rl)
		if rl != "4096k/4096k" {
			t.Fatalf("session rate %q after the CoA-ACK", rl)
		}
		if !h.online(t, sub) {
			t.Fatal("a CoA took the line offline")
		}
	})
}

// TestNASAnswers: a NAK is logged with its Error-Cause and the line
// stays online (a NAK saying the NAS has no such session closes it); an
// unanswered request is retried, then logged as a timeout; the staff's
// «قطع اتصال» sends a Disconnect for one session.
func TestNASAnswers(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		month := e.plan(t, PlanService, "یک ماهه", 215_000, 30, 5*1024)
		h := newNASHarness(t, e)
		sub := e.give(t, e.subscriber(t), month)
		h.acct(t, sub, "n-1", rfc2866.AcctStatusType_Value_Start, 0)
		open, _ := e.s.OpenSessions(ctx, sub.ID)
		if len(open) != 1 {
			t.Fatalf("open %+v", open)
		}

		h.nas.setAnswer(func(*radius.Packet) (bool, rfc3576.ErrorCause, bool) {
			return false, rfc3576.ErrorCause_Value_AdministrativelyProhibited, false
		})
		res, err := h.r.Disconnect(ctx, sub.ID, open[0].ID)
		h.nas.next(t)
		if err != nil || res.Result != "nak" || res.ErrorCause != 501 || !h.online(t, sub) {
			t.Fatalf("NAK: %+v %v", res, err)
		}

		h.nas.setAnswer(func(*radius.Packet) (bool, rfc3576.ErrorCause, bool) { return false, 0, true })
		res, err = h.r.Disconnect(ctx, sub.ID, open[0].ID)
		for range 3 {
			h.nas.next(t)
		}
		if err != nil || res.Result != "timeout" || res.Attempts != 3 || !h.online(t, sub) {
			t.Fatalf("timeout: %+v %v", res, err)
		}

		h.nas.setAnswer(func(*radius.Packet) (bool, rfc3576.ErrorCause, bool) {
			return false, rfc3576.ErrorCause_Value_SessionContextNotFound, false
		})
		res, _ = h.r.Disconnect(ctx, sub.ID, open[0].ID)
		h.nas.next(t)
		if res.Result != "nak" || h.online(t, sub) {
			t.Fatalf("session gone: %+v", res)
		}
		if _, err := h.r.Disconnect(ctx, sub.ID, open[0].ID); err != ErrNoSession {
			t.Fatalf("disconnecting a closed session: %v", err)
		}
		log, _ := e.s.NASRequests(ctx, sub.ID, 10)
		if len(log) != 3 || log[0].ErrorCause != 503 || log[1].Result != "timeout" || log[2].Reason != ReasonStaff {
			t.Fatalf("log %+v", log)
		}
	})
}
