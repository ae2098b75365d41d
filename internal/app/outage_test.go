package app_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
)

// An outage of PostgreSQL under load (issue 11). The server reaches the
// database through a TCP proxy in this test; "stopping PostgreSQL" is the
// proxy cutting every connection and refusing new ones for 30 seconds,
// which is what the server sees when the database goes down (connections
// reset, then refused). The machine's PostgreSQL keeps serving the other
// tests that run at the same time.
//
// During the outage every answer is the Persian 503 page
// («سامانه موقتاً در دسترس نیست») with Retry-After, never a crash or a
// raw error; afterwards the same server serves again by itself; and no
// order was left half-written (every order has its lines and events).

type dbProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	down   bool
	conns  map[net.Conn]struct{}
}

func startDBProxy(t *testing.T, target string) *dbProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &dbProxy{ln: ln, target: target, conns: map[net.Conn]struct{}{}}
	t.Cleanup(func() { ln.Close(); p.setDown(true) })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			down := p.down
			p.mu.Unlock()
			if down {
				c.Close()
				continue
			}
			go p.pipe(c)
		}
	}()
	return p
}

func (p *dbProxy) pipe(c net.Conn) {
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns[c], p.conns[up] = struct{}{}, struct{}{}
	p.mu.Unlock()
	done := make(chan struct{}, 2)
	go func() { _, _ = io.Copy(up, c); done <- struct{}{} }()
	go func() { _, _ = io.Copy(c, up); done <- struct{}{} }()
	<-done
	c.Close()
	up.Close()
	p.mu.Lock()
	delete(p.conns, c)
	delete(p.conns, up)
	p.mu.Unlock()
}

// setDown cuts every open connection and refuses new ones (true), or lets
// them through again (false).
func (p *dbProxy) setDown(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = down
	if down {
		for c := range p.conns {
			c.Close()
		}
	}
}

func TestPostgresOutageUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("waits through a 30-second outage")
	}
	pg := dbtest.PostgresURL(t)
	u, err := url.Parse(pg)
	if err != nil {
		t.Fatal(err)
	}
	proxy := startDBProxy(t, u.Host)
	u.Host = proxy.ln.Addr().String()
	s := startServe(t, t.TempDir(), "--demo", "--database-url", u.String())

	c := newBurstClient(s.base)
	c.get("/login")
	if code, loc, err := c.post("/login", url.Values{"identifier": {"5678912348"}, "password": {"Kamel#Tulip-2049"}}); err != nil || code != 303 || loc != "/" {
		t.Fatalf("sign-in: %d %s %v", code, loc, err)
	}

	// Load: four clients reading the home page and the wallet, one
	// placing top-up orders.
	var outage atomic.Bool
	var (
		mu       sync.Mutex
		during   = map[int]int{}
		bad      []string
		stop     = make(chan struct{})
		wg       sync.WaitGroup
		requests atomic.Int64
	)
	record := func(status int, body string, err error) {
		requests.Add(1)
		if !outage.Load() {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			bad = append(bad, "transport error: "+err.Error())
			return
		}
		during[status]++
		if status >= 500 && (status != 503 || !strings.Contains(body, "سامانه موقتاً در دسترس نیست") || !strings.Contains(body, `lang="fa"`)) {
			bad = append(bad, http.StatusText(status)+": "+strings.Join(strings.Fields(body), " ")[:min(200, len(strings.Join(strings.Fields(body), " ")))])
		}
	}
	for _, path := range []string{"/", "/wallet", "/", "/profile"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := c.c.Get(s.base + path)
				body := ""
				status := 0
				if err == nil {
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					body, status = string(b), resp.StatusCode
					if status == 503 && resp.Header.Get("Retry-After") == "" {
						record(500, "503 without Retry-After", nil)
					}
				}
				record(status, body, err)
				time.Sleep(20 * time.Millisecond)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		w := newBurstClient(s.base)
		w.c.Jar = c.c.Jar
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := w.get("/wallet"); err == nil {
				resp, err := w.c.PostForm(s.base+"/wallet/top-up", url.Values{"amount": {"10000"}, "csrf_token": {w.csrf}})
				if err != nil {
					record(0, "", err)
				} else {
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					record(resp.StatusCode, string(b), nil)
				}
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()

	time.Sleep(2 * time.Second)
	outage.Store(true)
	proxy.setDown(true)
	time.Sleep(30 * time.Second)
	proxy.setDown(false)
	outage.Store(false)

	// The same server serves again by itself.
	back := time.Now()
	for {
		resp, err := c.c.Get(s.base + "/")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 && strings.Contains(string(b), "سارا") {
				break
			}
		}
		if time.Since(back) > 30*time.Second {
			t.Fatalf("the server did not come back within 30 s of the database")
		}
		time.Sleep(200 * time.Millisecond)
	}
	recovered := time.Since(back)
	close(stop)
	wg.Wait()

	mu.Lock()
	defer mu.Unlock()
	if len(bad) > 0 {
		var failed []string
		for _, l := range strings.Split(s.stderr.String(), "\n") {
			if strings.Contains(l, "request failed") || strings.Contains(l, "panic") {
				failed = append(failed, l)
			}
		}
		t.Fatalf("%d answers during the outage were not the Persian 503 page; first: %s\nthe server logged:\n%s", len(bad), bad[0], strings.Join(failed, "\n"))
	}
	if during[503] == 0 {
		t.Fatalf("no 503 during the outage: %v", during)
	}
	d, err := db.Open(context.Background(), pg)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var half int
	if err := d.QueryRow(context.Background(), `SELECT COUNT(*) FROM billing_orders o
		WHERE NOT EXISTS (SELECT 1 FROM billing_order_lines l WHERE l.order_id = o.id)
		   OR NOT EXISTS (SELECT 1 FROM billing_order_events e WHERE e.order_id = o.id)`).Scan(&half); err != nil {
		t.Fatal(err)
	}
	if half != 0 {
		t.Fatalf("%d orders half-written", half)
	}
	t.Logf("%d requests; during the 30 s outage: %v; served again %s after the database came back", requests.Load(), during, recovered.Round(time.Millisecond))
}
