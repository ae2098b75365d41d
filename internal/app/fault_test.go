package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
)

// Faults (issue 11): the server is killed with SIGKILL in the middle of a
// burst of issuer-API purchases and card-paid wallet top-ups, restarted,
// and every client retries what it had not seen answered (the purchases
// with their idempotency keys, the bank's callbacks as a bank re-sends
// them). The ledgers then show nothing lost and nothing applied twice:
// one purchase per key, the card account equal to its ledger, one wallet
// entry per paid order and the wallet equal to its entries.

// buildPishkhan builds the real binary once per test run.
var buildOnce struct {
	sync.Once
	path string
	err  error
}

func buildPishkhan(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "pishkhan-bin-")
		if err != nil {
			buildOnce.err = err
			return
		}
		buildOnce.path = filepath.Join(dir, "pishkhan")
		out, err := exec.Command("go", "build", "-o", buildOnce.path, "pishkhan/cmd/pishkhan").CombinedOutput()
		if err != nil {
			buildOnce.err = fmt.Errorf("%v: %s", err, out)
		}
	})
	if buildOnce.err != nil {
		t.Fatalf("build pishkhan: %v", buildOnce.err)
	}
	return buildOnce.path
}

// process is `pishkhan serve` in a child process.
type process struct {
	cmd  *exec.Cmd
	base string
	out  *lockedBuffer
}

func startProcess(t *testing.T, bin, addr string, args ...string) *process {
	t.Helper()
	out := &lockedBuffer{}
	cmd := exec.Command(bin, append([]string{"serve", "--addr", addr}, args...)...)
	cmd.Env = append(os.Environ(), "PISHKHAN_LOG_LEVEL=warn")
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, base: "http://" + addr, out: out}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(p.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not come up: %s", out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func TestKillDuringPaymentBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the real binary")
	}
	bin := buildPishkhan(t)
	engines := map[string]func(dir string) string{"sqlite": func(dir string) string { return filepath.Join(dir, "p.db") }}
	if os.Getenv(dbtest.PostgresEnv) != "" {
		engines["postgres"] = func(string) string { return dbtest.PostgresURL(t) }
	}
	for name, dbURL := range engines {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			killBurst(t, bin, dir, dbURL(dir))
		})
	}
}

func killBurst(t *testing.T, bin, dir, dbURL string) {
	ctx := context.Background()
	args := []string{"--data-dir", dir, "--database-url", dbURL}
	// The partner whose purchases arrive by API.
	out, err := exec.Command(bin, append([]string{"partner", "add", "--name", "بیمه آزمایشی"}, args...)...).CombinedOutput()
	key := regexp.MustCompile(`pk_[0-9a-f]{64}`).Find(out)
	if err != nil || key == nil {
		t.Fatalf("partner add: %v %s", err, out)
	}
	addr := freeAddr(t)
	srv := startProcess(t, bin, addr, append([]string{"--demo"}, args...)...)
	d, err := db.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()

	const purchases = 120
	purchase := func(i int) (map[string]any, error) {
		body, _ := json.Marshal(map[string]any{"card_number": "6200620000000000", "total": 10_000, "cash_share": 0,
			"installments": 1, "policy_number": fmt.Sprintf("K-%d", i), "idempotency_key": fmt.Sprintf("kill-%d", i)})
		req, _ := http.NewRequest("POST", srv.base+"/api/issuer/purchases", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+string(key))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			return nil, fmt.Errorf("status %d", resp.StatusCode)
		}
		var a map[string]any
		return a, json.NewDecoder(resp.Body).Decode(&a)
	}
	captcha := func(id string) string {
		s, _ := captchaDigits(ctx, d, id)
		return s
	}

	// The burst: purchases from six clients, top-ups paid at the sandbox
	// bank from one customer; the kill comes with the third bank callback
	// once 40 purchases were answered.
	var answered sync.Map // idempotency index → purchase id seen before the kill
	var answers atomic.Int64
	killed := make(chan struct{})
	var killOnce sync.Once
	var callbacksMu sync.Mutex
	var callbacks []string
	var wg sync.WaitGroup
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < purchases; i += 6 {
				a, err := purchase(i)
				if err != nil {
					return // the server is gone; the retry comes later
				}
				answered.Store(i, a["purchase_id"])
				if answers.Add(1) >= 40 {
					// Keep purchases in flight until the kill.
					time.Sleep(20 * time.Millisecond)
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		// Whatever happens here, the kill comes once 40 purchases were
		// answered.
		defer func() {
			go func() {
				for answers.Load() < 40 {
					time.Sleep(time.Millisecond)
				}
				killOnce.Do(func() { _ = srv.cmd.Process.Kill(); close(killed) })
			}()
		}()
		c := newBurstClient(srv.base)
		c.get("/login")
		if code, _, err := c.post("/login", url.Values{"identifier": {"5678912348"}, "password": {"Kamel#Tulip-2049"}}); err != nil || code != 303 {
			return
		}
		for paidSeen := 0; ; {
			if _, err := c.get("/wallet"); err != nil {
				return
			}
			_, order, err := c.post("/wallet/top-up", url.Values{"amount": {"50000"}})
			if err != nil || !strings.HasPrefix(order, "/orders/") {
				return
			}
			if _, err := c.get(order); err != nil {
				return
			}
			_, bank, err := c.post(order+"/pay", url.Values{"gateway": {"sandbox"}})
			if err != nil {
				return
			}
			page, err := c.get(bank)
			m := captchaField.FindStringSubmatch(page)
			if err != nil || m == nil {
				return
			}
			_, cb, err := c.post(bank, url.Values{"action": {"pay"}, "card": {"6037997599999993"}, "cvv2": {"123"},
				"exp_month": {"12"}, "exp_year": {"08"}, "password": {"1234"}, "captcha_id": {m[1]}, "captcha": {captcha(m[1])}})
			if err != nil || !strings.Contains(cb, "/billing/callback/") {
				return
			}
			callbacksMu.Lock()
			callbacks = append(callbacks, cb)
			callbacksMu.Unlock()
			if paidSeen++; paidSeen == 3 {
				// The third callback is in flight when the server dies.
				go func() {
					for answers.Load() < 40 {
						time.Sleep(time.Millisecond)
					}
					killOnce.Do(func() { _ = srv.cmd.Process.Kill(); close(killed) })
				}()
			}
			if _, err := c.get(cb); err != nil {
				return
			}
		}
	}()
	select {
	case <-killed:
	case <-time.After(2 * time.Minute):
		t.Fatal("the burst never reached 40 answers")
	}
	wg.Wait()
	_ = srv.cmd.Wait()
	before := 0
	answered.Range(func(any, any) bool { before++; return true })
	if len(callbacks) < 3 {
		t.Fatalf("only %d top-ups reached the bank's callback before the kill", len(callbacks))
	}

	// Restart and retry everything.
	srv = startProcess(t, bin, addr, args...)
	for i := range purchases {
		a, err := purchase(i)
		if err != nil {
			t.Fatalf("retry of purchase %d after the restart: %v", i, err)
		}
		if a["approved"] != true {
			t.Fatalf("purchase %d after the restart: %v", i, a)
		}
		if first, ok := answered.Load(i); ok && (a["repeated"] != true || a["purchase_id"] != first) {
			t.Fatalf("purchase %d was answered %v before the kill and %v after: not the first answer", i, first, a)
		}
	}
	for _, cb := range callbacks {
		if resp, err := http.Get(cb); err == nil {
			resp.Body.Close()
		}
	}

	// The ledgers.
	var n, dup int
	if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM card_purchases WHERE idempotency_key LIKE 'kill-%' AND approved = 1").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT idempotency_key FROM card_purchases WHERE idempotency_key LIKE 'kill-%'
		GROUP BY source, idempotency_key HAVING COUNT(*) > 1) x`).Scan(&dup); err != nil {
		t.Fatal(err)
	}
	if n != purchases || dup != 0 {
		t.Fatalf("%d approved purchases for %d keys, %d keys twice", n, purchases, dup)
	}
	var off int
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM card_accounts a WHERE a.balance <> (SELECT COALESCE(SUM(l.amount), 0) FROM card_ledger l WHERE l.account_id = a.id)`).Scan(&off); err != nil {
		t.Fatal(err)
	}
	if off != 0 {
		t.Fatalf("%d card accounts differ from their ledger", off)
	}
	var paid, entries, walletOff int
	if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM billing_orders WHERE state = 'paid' AND kind = 'wallet_topup'").Scan(&paid); err != nil {
		t.Fatal(err)
	}
	if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM billing_wallet_entries").Scan(&entries); err != nil {
		t.Fatal(err)
	}
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM billing_wallet_accounts w WHERE w.balance <> (SELECT COALESCE(SUM(e.amount), 0) FROM billing_wallet_entries e WHERE e.customer_id = w.customer_id)`).Scan(&walletOff); err != nil {
		t.Fatal(err)
	}
	if paid != entries || walletOff != 0 {
		t.Fatalf("%d paid top-ups, %d wallet entries, %d wallets off their entries", paid, entries, walletOff)
	}
	t.Logf("killed after %d purchase answers (%d callbacks seen); after the restart: %d purchases, %d paid top-ups, ledgers balanced",
		before, len(callbacks), n, paid)
}

// burstClient is a portal client for goroutines: errors are returned, not
// fatal, since the server dies under it on purpose.
type burstClient struct {
	base string
	c    *http.Client
	csrf string
}

func newBurstClient(base string) *burstClient {
	jar, _ := cookiejar.New(nil)
	return &burstClient{base: base, c: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *burstClient) url(path string) string {
	if strings.HasPrefix(path, "/") {
		return b.base + path
	}
	return path
}

func (b *burstClient) get(path string) (string, error) {
	resp, err := b.c.Get(b.url(path))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if m := csrfField.FindSubmatch(body); m != nil {
		b.csrf = string(m[1])
	}
	return string(body), err
}

func (b *burstClient) post(path string, form url.Values) (int, string, error) {
	form.Set("csrf_token", b.csrf)
	resp, err := b.c.PostForm(b.url(path), form)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), nil
}
