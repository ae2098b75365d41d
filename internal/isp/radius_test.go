package isp

import (
	"context"
	"net/netip"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/billing"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/identity"
)

// radclient is Debian's FreeRADIUS client (freeradius-utils): a RADIUS
// peer nobody here wrote. Without it the test is skipped, except in CI
// (PISHKHAN_TEST_BROWSER set), where a missing peer is a failure.
func radclient(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("radclient")
	if err != nil {
		if os.Getenv("PISHKHAN_TEST_BROWSER") != "" {
			t.Fatal("radclient not installed (apt-get install freeradius-utils)")
		}
		t.Skip("radclient not installed")
	}
	return path
}

func startRadius(t testing.TB, e *env) *RadiusServer {
	t.Helper()
	return startRadiusWith(t, e, RadiusOptions{Secret: []byte("testing123")})
}

// startRadiusWith serves on loopback ports of its own.
func startRadiusWith(t testing.TB, e *env, opts RadiusOptions) *RadiusServer {
	t.Helper()
	opts.AuthAddr, opts.AcctAddr = "127.0.0.1:0", "127.0.0.1:0"
	r := e.s.NewRadiusServer(opts)
	if err := r.Listen(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.Serve(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return r
}

// send runs radclient with one packet's attributes and returns its
// output; Access-Requests carry a Message-Authenticator (radclient
// computes it when the input names it).
func send(t *testing.T, bin, addr, kind, attrs string) string {
	t.Helper()
	if kind == "auth" {
		attrs += ", Message-Authenticator = 0x00"
	}
	return sendWith(t, bin, addr, kind, "testing123", attrs)
}

// sendWith sends exactly attrs with secret.
func sendWith(t *testing.T, bin, addr, kind, secret, attrs string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-x", "-r", "2", "-t", "3", addr, kind, secret)
	cmd.Stdin = strings.NewReader(attrs + "\n")
	out, _ := cmd.CombinedOutput() // a reject exits non-zero; the output says which
	return string(out)
}

func TestRadclient(t *testing.T) {
	bin := radclient(t)
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		month := e.plan(t, PlanService, "یک ماهه سرعت 2048 کیلوبیت حجم 5 گیگ", 215_000, 30, 5*1024)
		sub := e.give(t, e.subscriber(t), month)
		expired := e.subscriber(t)
		e.clock.Advance(-31 * 24 * time.Hour)
		e.give(t, expired, month)
		e.clock.Advance(31 * 24 * time.Hour)
		r := startRadius(t, e)
		auth, acct := r.AuthAddr().String(), r.AcctAddr().String()

		out := send(t, bin, auth, "auth", `User-Name = "`+sub.Username+`", User-Password = "modem-pass1"`)
		if !strings.Contains(out, "Access-Accept") || !strings.Contains(out, "2048k/2048k") {
			t.Fatalf("PAP accept:\n%s", out)
		}
		out = send(t, bin, auth, "auth", `User-Name = "`+sub.Username+`", CHAP-Password = "modem-pass1"`)
		if !strings.Contains(out, "Access-Accept") {
			t.Fatalf("CHAP accept:\n%s", out)
		}
		out = send(t, bin, auth, "auth", `User-Name = "`+sub.Username+`", CHAP-Password = "wrong-pass"`)
		if !strings.Contains(out, "Access-Reject") {
			t.Fatalf("CHAP wrong password:\n%s", out)
		}
		out = send(t, bin, auth, "auth", `User-Name = "`+expired.Username+`", User-Password = "modem-pass1"`)
		if !strings.Contains(out, "Access-Reject") || !strings.Contains(out, RejectExpired) {
			t.Fatalf("expired:\n%s", out)
		}

		base := `User-Name = "` + sub.Username + `", NAS-Identifier = "bras-1", Acct-Session-Id = "81000001", Framed-IP-Address = 10.20.30.40, `
		for _, p := range []string{
			`Acct-Status-Type = Start`,
			`Acct-Status-Type = Interim-Update, Acct-Input-Octets = 1048576, Acct-Output-Octets = 10485760`,
			// 1 gigaword + 20 MB received: 4 GB and 20 MB.
			`Acct-Status-Type = Stop, Acct-Input-Octets = 2097152, Acct-Output-Octets = 20971520, Acct-Output-Gigawords = 1`,
			`Acct-Status-Type = Stop, Acct-Input-Octets = 2097152, Acct-Output-Octets = 20971520, Acct-Output-Gigawords = 1`,
		} {
			if out := send(t, bin, acct, "acct", base+p); !strings.Contains(out, "Accounting-Response") {
				t.Fatalf("%s:\n%s", p, out)
			}
		}
		got := e.reload(t, sub)
		want := 5*1024*MB - (4*1024*MB + 20*MB)
		if got.TrafficLeft != want {
			t.Fatalf("traffic left %d, want %d (a duplicate Stop counted twice?)", got.TrafficLeft, want)
		}
		rows, tot, err := e.s.Usage(ctx, UsageFilter{SubscriberID: sub.ID, From: e.clock.Now().Add(-time.Hour), To: e.clock.Now().Add(time.Hour)})
		if err != nil || len(rows) != 1 || rows[0].Upload != 2*MB || rows[0].IP != "10.20.30.40" || tot.Deducted != 4*1024*MB+20*MB {
			t.Fatalf("usage %+v %+v %v", rows, tot, err)
		}
	})
}

func TestPerNASSecrets(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t, identity.Schema, billing.Schema, Schema))
	clients, err := ParseRadiusClients("10.0.0.1=secret1, 127.0.0.2/32=secret2,10.1.0.0/16=wide,10.1.2.0/24=narrow")
	if err != nil {
		t.Fatal(err)
	}
	r := e.s.NewRadiusServer(RadiusOptions{Clients: clients})
	for ip, want := range map[string]string{"10.0.0.1": "secret1", "127.0.0.2": "secret2", "10.1.9.9": "wide", "10.1.2.3": "narrow", "::ffff:10.0.0.1": "secret1"} {
		if sec, ok := r.secretFor(netip.MustParseAddr(ip)); !ok || string(sec) != want {
			t.Errorf("%s: %q %v, want %q", ip, sec, ok, want)
		}
	}
	if _, ok := r.secretFor(netip.MustParseAddr("10.9.9.9")); ok {
		t.Fatal("an unlisted NAS got a secret with no shared secret configured")
	}
	r.opts.Secret = []byte("shared")
	if sec, _ := r.secretFor(netip.MustParseAddr("10.9.9.9")); string(sec) != "shared" {
		t.Fatalf("unlisted NAS with the demo's shared secret: %q", sec)
	}
	for _, bad := range []string{"10.0.0.1", "x=y", "10.0.0.0/33=s", "=s"} {
		if _, err := ParseRadiusClients(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}
