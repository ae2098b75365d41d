// Command pishkhan-load is the load generator of issue 11. It runs in a
// process of its own against a running `pishkhan serve` (after `pishkhan
// demo --scale N`), signs in as many scale customers as the largest level
// has users, and for each level of concurrent users and each page keeps
// every user requesting the page for a while, then reports throughput,
// p50, p99 and errors. In the same run it measures a bare handler (a
// child process of its own answering a fixed body) at the same levels,
// so the figures come with the machine's own ceiling:
//
//	go build -o /tmp/pishkhan-load ./cmd/pishkhan-load
//	PISHKHAN_TRUSTED_PROXIES=127.0.0.1 pishkhan serve --data-dir … &
//	/tmp/pishkhan-load -base http://127.0.0.1:8080 -users 50,200,500 -duration 10s -label SQLite
//
// Each user comes from an address of its own (X-Forwarded-For, believed
// from the loopback proxy), as real customers do.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"pishkhan/internal/fa"
)

func main() {
	if len(os.Args) == 3 && os.Args[1] == "-bare" {
		bare(os.Args[2])
		return
	}
	base := flag.String("base", "http://127.0.0.1:8080", "the server")
	levels := flag.String("users", "50,200,500", "concurrent users, comma-separated")
	duration := flag.Duration("duration", 10*time.Second, "how long each page is loaded at each level")
	pages := flag.String("pages", "home,purchases,usage,signin", "which pages")
	password := flag.String("password", "Scale#Load-2049", "the scale customers' password")
	label := flag.String("label", "", "engine label for the table")
	flag.DurationVar(&think, "think", 0, "each user's pause between requests, on average (0: none, every user requests back to back)")
	flag.Parse()
	if err := run(*base, *levels, *pages, *password, *label, *duration); err != nil {
		fmt.Fprintln(os.Stderr, "pishkhan-load:", err)
		os.Exit(1)
	}
}

// bare serves a fixed page: the ceiling of this machine's HTTP stack.
func bare(addr string) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(ln.Addr().String())
	body := []byte("<!doctype html><html lang=\"fa\" dir=\"rtl\"><title>ok</title><p>ok</p></html>")
	_ = http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(body)
	}))
}

// think is a user's average pause between two requests: 0 is the
// harshest load (users request back to back); a second or more is how
// people use pages. The pause is drawn between half and one and a half
// times it, so users do not move in step.
var think time.Duration

type user struct {
	c    *http.Client
	name string
	addr string
}

// forwarded gives each user an address of their own, as customers behind
// a reverse proxy have (run the server with PISHKHAN_TRUSTED_PROXIES=127.0.0.1):
// otherwise every user is 127.0.0.1 and the sign-in lockout treats them as
// one crowd behind one address.
type forwarded struct {
	rt   http.RoundTripper
	addr string
}

func (f forwarded) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("X-Forwarded-For", f.addr)
	return f.rt.RoundTrip(r)
}

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func newClient(conns int, addr string) *http.Client {
	jar, _ := cookiejar.New(nil)
	var rt http.RoundTripper = &http.Transport{MaxIdleConnsPerHost: conns, IdleConnTimeout: time.Minute}
	if addr != "" {
		rt = forwarded{rt: rt, addr: addr}
	}
	return &http.Client{Jar: jar, Timeout: 60 * time.Second, Transport: rt,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// userAddr is user i's own address in 10.0.0.0/8.
func userAddr(i int) string { return fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255) }

// signIn opens /login for the CSRF token and posts the password; 303 to
// / is success.
func signIn(c *http.Client, base, name, password string) error {
	resp, err := c.Get(base + "/login")
	if err != nil {
		return err
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfRE.FindSubmatch(b)
	if m == nil {
		return errors.New("no CSRF token on /login")
	}
	resp, err = c.PostForm(base+"/login", url.Values{"identifier": {name}, "password": {password}, "csrf_token": {string(m[1])}})
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/" {
		return fmt.Errorf("sign-in of %s: %d %s", name, resp.StatusCode, resp.Header.Get("Location"))
	}
	return nil
}

type result struct {
	n, errors int
	lat       []time.Duration
	took      time.Duration
}

func (r result) rate() float64 { return float64(r.n) / r.took.Seconds() }
func (r result) pct(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	return r.lat[min(len(r.lat)-1, int(float64(len(r.lat))*p))]
}

// load keeps every user doing one request until the time is up.
func load(users []*user, d time.Duration, do func(u *user) error) result {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var mu sync.Mutex
	var res result
	var errs atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for _, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			if think > 0 {
				// Arrive spread over the first pause, as people do, not
				// all in the same millisecond.
				select {
				case <-ctx.Done():
				case <-time.After(time.Duration(rand.Int64N(int64(think)))):
				}
			}
			for ctx.Err() == nil {
				t := time.Now()
				if err := do(u); err != nil {
					errs.Add(1)
					if os.Getenv("LOAD_VERBOSE") != "" {
						fmt.Fprintln(os.Stderr, err)
					}
				}
				lat = append(lat, time.Since(t))
				if think > 0 {
					pause := think/2 + time.Duration(rand.Int64N(int64(think)))
					select {
					case <-ctx.Done():
					case <-time.After(pause):
					}
				}
			}
			mu.Lock()
			res.lat = append(res.lat, lat...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.took = time.Since(start)
	res.n = len(res.lat)
	res.errors = int(errs.Load())
	slices.Sort(res.lat)
	return res
}

func get(u *user, url string, want string) error {
	resp, err := u.c.Get(url)
	if err != nil {
		return err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	if resp.StatusCode != 200 {
		return fmt.Errorf("%s: %d", url, resp.StatusCode)
	}
	if want != "" && !strings.Contains(string(b), want) {
		return fmt.Errorf("%s: the page lacks %q", url, want)
	}
	return nil
}

func run(base, levelList, pageList, password, label string, d time.Duration) error {
	var levels []int
	for _, s := range strings.Split(levelList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return fmt.Errorf("bad level %q", s)
		}
		levels = append(levels, n)
	}
	top := slices.Max(levels)

	// The bare handler, in a process of its own.
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(self, "-bare", "127.0.0.1:0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	defer cmd.Process.Kill()
	buf := make([]byte, 64)
	n, err := out.Read(buf)
	if err != nil {
		return err
	}
	bareURL := "http://" + strings.TrimSpace(string(buf[:n])) + "/"

	// Sign in the users, a few at a time (the server hashes passwords
	// on as many cores as it has).
	fmt.Fprintf(os.Stderr, "signing in %d users…\n", top)
	users := make([]*user, top)
	var next atomic.Int64
	var wg sync.WaitGroup
	var firstErr error
	var once sync.Once
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1))
				if i > top {
					return
				}
				u := &user{c: newClient(4, userAddr(i)), name: fmt.Sprintf("scale%06d", i), addr: userAddr(i)}
				// A cold server (its caches empty) may answer the first
				// sign-ins slowly; try a few times before giving up.
				var err error
				for try := 0; try < 5; try++ {
					if err = signIn(u.c, base, u.name, password); err == nil {
						break
					}
					time.Sleep(time.Second)
				}
				if err != nil {
					once.Do(func() { firstErr = err })
					return
				}
				users[i-1] = u
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	today := fa.JalaliOf(time.Now())
	usage := base + "/isp/account?tab=usage&from=" + url.QueryEscape(today.AddMonths(-1).String()) + "&to=" + url.QueryEscape(today.String())
	type page struct {
		name string
		do   func(u *user) error
	}
	all := map[string]page{
		"home":      {"home /", func(u *user) error { return get(u, base+"/", homeMarker) }},
		"purchases": {"purchases /cards/purchases", func(u *user) error { return get(u, base+"/cards/purchases", "P-") }},
		"usage":     {"usage /isp/account?tab=usage (a month)", func(u *user) error { return get(u, usage, "10.") }},
		"signin": {"sign-in POST /login", func(u *user) error {
			c := newClient(1, u.addr)
			return signIn(c, base, u.name, password)
		}},
	}
	if think > 0 {
		label += fmt.Sprintf(", think %s", think)
	}
	fmt.Printf("| engine | users | page | requests/s | p50 ms | p99 ms | errors | bare requests/s | bare p99 ms | ratio to bare |\n|---|---|---|---|---|---|---|---|---|---|\n")
	for _, level := range levels {
		// The bare handler's users are made like the page's users (a
		// cookie jar, an address of their own), so that the two runs
		// differ in the server only: the load generator shares the
		// machine's cores, and a lighter client for the bare run would
		// leave the bare handler more of them.
		bareUsers := make([]*user, level)
		for i := range bareUsers {
			bareUsers[i] = &user{c: newClient(4, userAddr(i+1))}
		}
		b := load(bareUsers, d, func(u *user) error { return get(u, bareURL, "") })
		for _, name := range strings.Split(pageList, ",") {
			p, ok := all[strings.TrimSpace(name)]
			if !ok {
				return fmt.Errorf("unknown page %q", name)
			}
			r := load(users[:level], d, p.do)
			fmt.Printf("| %s | %d | %s | %.0f | %.1f | %.1f | %d | %.0f | %.1f | %.2f |\n", label, level, p.name, r.rate(),
				float64(r.pct(0.50).Microseconds())/1000, float64(r.pct(0.99).Microseconds())/1000, r.errors, b.rate(),
				float64(b.pct(0.99).Microseconds())/1000, r.rate()/b.rate())
		}
	}
	return nil
}
