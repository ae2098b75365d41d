package identity_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/identity"
	"pishkhan/internal/jobs"
	"pishkhan/internal/notify"
	"pishkhan/internal/web"
)

// BenchmarkSignIn compares complete sign-ins through the real router and
// database (GET the form, POST it with its CSRF token, the password
// checked with argon2id at the production parameters, the attempt
// counters, the sign-in event, a new session, the redirect) with the raw
// argon2id rate of the same parameters on the same cores, measured in the
// same run. Goal: sign-ins/s ≥ 0.9 × hashes/s. It also reports the peak
// memory (resident set) of a burst of 64 concurrent sign-ins, over the
// process's resident set before it and in all (goal ≤ 250 MB without
// GOMEMLIMIT), and the most hashes that ran at once.
//
//	go test ./internal/identity -run '^$' -bench SignIn -benchtime 200x
func BenchmarkSignIn(b *testing.B) {
	d := dbtest.SQLite(b, identity.Schema)
	ctx := context.Background()
	logger := slog.New(slog.DiscardHandler)
	runner := jobs.New(d, logger)
	sms := notify.New(d, runner, &notify.Outbox{}, logger, nil)
	if err := runner.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	if err := runner.Open(); err != nil {
		b.Fatal(err)
	}
	// stack is the web server and identity service; maxHashes 0 is the
	// default bound on argon2id computations at once.
	stack := func(maxHashes int) (*identity.Service, *httptest.Server) {
		srv, err := web.NewServer(web.Options{DB: d, SecretKey: make([]byte, 32), Logger: logger,
			// Each simulated customer comes from its own address (through a
			// trusted proxy), as they would in production; from one address
			// the lockout would rightly hold all but three at a time.
			TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
		if err != nil {
			b.Fatal(err)
		}
		svc := identity.New(d, sms, identity.Options{MaxConcurrentHashes: maxHashes, EndSessions: func(ctx context.Context, q db.Querier, kind string, id, keep int64) error {
			_, err := srv.Sessions.DestroyAll(ctx, q, kind, id, keep)
			return err
		}})
		if err := identity.Routes(srv, svc, sms); err != nil {
			b.Fatal(err)
		}
		return svc, httptest.NewServer(srv.Handler())
	}
	svc, ts := stack(0)
	defer ts.Close()
	// The memory baseline: the same sign-ins with a slot for each of the
	// burst's 64, as before the bound was enforced.
	unbounded, tsUnbounded := stack(64)
	defer tsUnbounded.Close()
	// Sixteen customers: a burst of 64 sign-ins into one account would
	// (rightly) meet the per-account throttle, which counts checks in flight.
	const password = "Kamel#Tulip-2049"
	var codes []string
	for i := 0; len(codes) < 16; i++ {
		code := nationalCode(100000000 + i*7919)
		c, err := svc.CreateCustomer(ctx, identity.Actor{}, identity.NewCustomer{NationalCode: code, FirstName: "علی", LastName: "رضایی"})
		if err != nil {
			b.Fatal(err)
		}
		if err := svc.ChangePassword(ctx, c.ID, "", password, password); err != nil {
			b.Fatal(err)
		}
		if err := svc.SetSecurityAnswers(ctx, c.ID, map[int]string{1: "a", 2: "b", 3: "c"}); err != nil {
			b.Fatal(err)
		}
		codes = append(codes, code)
	}
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	defer tr.CloseIdleConnections()

	var addr atomic.Int64
	signInAt := func(ts *httptest.Server) error {
		jar, _ := cookiejar.New(nil)
		cl := &http.Client{Transport: tr, Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		k := addr.Add(1)
		ip := fmt.Sprintf("10.%d.%d.%d", k/62500%250, k/250%250, 1+k%250)
		who := codes[k%int64(len(codes))]
		req, _ := http.NewRequest("GET", ts.URL+"/login", nil)
		req.Header.Set("X-Forwarded-For", ip)
		resp, err := cl.Do(req)
		if err != nil {
			return err
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		const marker = `name="csrf_token" value="`
		i := strings.Index(string(page), marker)
		if i < 0 {
			return fmt.Errorf("no CSRF token on the sign-in page")
		}
		token := string(page[i+len(marker):])
		token = token[:strings.IndexByte(token, '"')]
		form := url.Values{"csrf_token": {token}, "identifier": {who}, "password": {password}}
		req, _ = http.NewRequest("POST", ts.URL+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", ip)
		resp, err = cl.Do(req)
		if err != nil {
			return err
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
			msg := string(body)
			if i := strings.Index(msg, `role="alert">`); i >= 0 {
				msg = msg[i : i+min(300, len(msg)-i)]
			}
			return fmt.Errorf("sign-in from %s answered %d → %q: %s", ip, resp.StatusCode, resp.Header.Get("Location"), msg)
		}
		return nil
	}
	signIn := func() error { return signInAt(ts) }
	salt := make([]byte, 16)
	rand.Read(salt)
	p := identity.DefaultParams
	hashOnce := func() { argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen) }

	// rate runs n operations on `workers` goroutines and returns ops/s.
	rate := func(n, workers int, op func() error) float64 {
		var next atomic.Int64
		var wg sync.WaitGroup
		start := time.Now()
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for next.Add(1) <= int64(n) {
					if err := op(); err != nil {
						b.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		return float64(n) / time.Since(start).Seconds()
	}
	workers := 2 * runtime.GOMAXPROCS(0)
	n := max(b.N, 20)
	rate(10, workers, signIn) // warm up

	// Peak resident memory during a burst of 64 concurrent sign-ins, first
	// with the bound, then without (slots for all 64), each from a settled
	// process (garbage collected and returned to the system), before the
	// rate rounds below leave their own garbage. Nothing sets GOMEMLIMIT.
	burst := func(ts *httptest.Server) (peakKiB, beforeKiB int64) {
		debug.FreeOSMemory()
		before := residentKiB()
		var peak atomic.Int64
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			t := time.NewTicker(2 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					if r := residentKiB(); r > peak.Load() {
						peak.Store(r)
					}
				}
			}
		}()
		rate(64, 64, func() error { return signInAt(ts) })
		close(stop)
		<-done
		return peak.Load(), before
	}
	peak, before := burst(ts)
	peakUnbounded, beforeUnbounded := burst(tsUnbounded)

	// Alternate the two in rounds, so that noise from other work on this
	// shared machine falls on both alike.
	const rounds = 5
	per := max(n/rounds, 4)
	var hashTime, signInTime float64
	b.ResetTimer()
	for range rounds {
		hashTime += float64(per) / rate(per, workers, func() error { hashOnce(); return nil })
		signInTime += float64(per) / rate(per, workers, signIn)
	}
	b.StopTimer()
	hashes, signIns := float64(per*rounds)/hashTime, float64(per*rounds)/signInTime
	b.ReportMetric(hashes, "hashes/s")
	b.ReportMetric(signIns, "signins/s")
	b.ReportMetric(signIns/hashes, "signin/hash")
	b.ReportMetric(float64(peak)/1024, "burst64-peak-RSS-MiB")
	b.ReportMetric(float64(peak-before)/1024, "burst64-MiB")
	b.ReportMetric(float64(svc.HashesPeak()), "max-hashes-at-once")
	b.ReportMetric(float64(peakUnbounded)/1024, "unbounded-burst64-peak-RSS-MiB")
	b.ReportMetric(float64(peakUnbounded-beforeUnbounded)/1024, "unbounded-burst64-MiB")
	b.ReportMetric(float64(unbounded.HashesPeak()), "unbounded-max-hashes-at-once")
}

// residentKiB reads the process's resident set size (Linux).
func residentKiB() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// nationalCode makes a valid national code from nine digits.
func nationalCode(n int) string {
	d := fmt.Sprintf("%09d", n)
	sum := 0
	for i := range 9 {
		sum += int(d[i]-'0') * (10 - i)
	}
	c := sum % 11
	if c >= 2 {
		c = 11 - c
	}
	return d + strconv.Itoa(c)
}
