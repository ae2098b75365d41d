package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/web"
)

// BenchmarkMiddlewareStack measures what the web kit costs: the same small
// handler served bare by net/http and behind the whole stack (request
// state, metrics, logging, panic recovery, security headers, body limit,
// routing, and a signed-in session looked up in SQLite), both over real
// loopback HTTP with keep-alive clients, alternating in one process so
// that machine noise hits both alike. It reports each rate and their
// ratio; the goal is stack/bare ≥ 0.70.
//
//	go test ./internal/web -run '^$' -bench MiddlewareStack -benchtime 5x
func BenchmarkMiddlewareStack(b *testing.B) {
	d := dbtest.SQLite(b, web.Schema)
	// A real logger at the production level, writing where it costs
	// nothing to keep: the formatting work is part of the stack.
	logger := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))
	s, err := web.NewServer(web.Options{DB: d, SecretKey: make([]byte, 32), Logger: logger})
	if err != nil {
		b.Fatal(err)
	}
	page := []byte("<!doctype html><html lang=\"fa\" dir=\"rtl\"><body>سلام</body></html>")
	handler := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}
	var signedIn atomic.Int64
	s.HandleFunc("GET /page", func(w http.ResponseWriter, r *http.Request) {
		if s.Session(r) != nil {
			signedIn.Add(1)
		}
		handler(w, r)
	})
	s.HandleFunc("GET /signin", func(w http.ResponseWriter, r *http.Request) {
		if _, err := s.SignIn(w, r, "customer", 1, ""); err != nil {
			b.Error(err)
		}
	})
	bare := httptest.NewServer(http.HandlerFunc(handler))
	defer bare.Close()
	stack := httptest.NewServer(s.Handler())
	defer stack.Close()

	// One signed-in cookie shared by the stack's clients.
	resp, err := http.Get(stack.URL + "/signin")
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	cookie := resp.Cookies()[0]

	const clients, perRound = 32, 20000
	run := func(url string, withCookie bool) float64 {
		tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
		defer tr.CloseIdleConnections()
		c := &http.Client{Transport: tr}
		var next atomic.Int64
		var wg sync.WaitGroup
		start := time.Now()
		for range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for next.Add(1) <= perRound {
					req, _ := http.NewRequestWithContext(context.Background(), "GET", url, nil)
					if withCookie {
						req.AddCookie(cookie)
					}
					resp, err := c.Do(req)
					if err != nil {
						b.Error(err)
						return
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						b.Errorf("status %d", resp.StatusCode)
						return
					}
				}
			}()
		}
		wg.Wait()
		return perRound / time.Since(start).Seconds()
	}
	run(bare.URL, false) // warm up both
	run(stack.URL+"/page", true)
	var bareRate, stackRate float64
	b.ResetTimer()
	for range b.N {
		bareRate += run(bare.URL, false)
		stackRate += run(stack.URL+"/page", true)
	}
	b.StopTimer()
	if signedIn.Load() == 0 {
		b.Fatal("the session was never found: the stack did not do its work")
	}
	n := float64(b.N)
	b.ReportMetric(bareRate/n, "bare-req/s")
	b.ReportMetric(stackRate/n, "stack-req/s")
	b.ReportMetric(stackRate/bareRate, "stack/bare")
}
