package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/web"
)

// BenchmarkBrandOnEveryPage measures what reading the brand on every page
// costs (issue 19: one indexed read of web_brand's version, so that a
// save shows on the next load on every instance): the same small page
// rendered by a server with a fixed brand and by one with a BrandStore
// holding a saved brand, alternating rounds in one process. It reports
// each page's time and their ratio (fixed/stored: 1 is free).
//
//	go test ./internal/web -run '^$' -bench BrandOnEveryPage -benchtime 5x
func BenchmarkBrandOnEveryPage(b *testing.B) {
	d := dbtest.SQLite(b, web.Schema)
	ctx := context.Background()
	store := web.NewBrandStore(d, web.DefaultBrand(), nil)
	if err := d.InTx(ctx, func(tx *db.Tx) error {
		return store.SaveTx(ctx, tx, validBrand(), web.ImageChange{Keep: true}, web.ImageChange{Keep: true}, 1)
	}); err != nil {
		b.Fatal(err)
	}
	pages := fstest.MapFS{"p.html": {Data: []byte(`{{define "content"}}<section class="card"><h1>صفحه</h1><p>سلام</p></section>{{end}}`)}}
	server := func(brand *web.BrandStore) http.Handler {
		s, err := web.NewServer(web.Options{DB: d, SecretKey: make([]byte, 32), Brand: brand})
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Renderer.AddPages("bench", pages); err != nil {
			b.Fatal(err)
		}
		s.HandleFunc("GET /p", func(w http.ResponseWriter, r *http.Request) {
			s.Render(w, r, 200, "bench/p", web.View{Title: "صفحه"})
		})
		return s.Handler()
	}
	fixed, stored := server(nil), server(store)
	const perRound = 2000
	run := func(h http.Handler) time.Duration {
		start := time.Now()
		for range perRound {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest("GET", "/p", nil))
			if w.Code != 200 {
				b.Fatalf("status %d", w.Code)
			}
		}
		return time.Since(start) / perRound
	}
	var tFixed, tStored time.Duration
	for b.Loop() {
		tFixed += run(fixed)
		tStored += run(stored)
	}
	n := time.Duration(b.N)
	b.ReportMetric(float64(tFixed/n)/1e3, "µs/page-fixed")
	b.ReportMetric(float64(tStored/n)/1e3, "µs/page-stored")
	b.ReportMetric(float64(tFixed)/float64(tStored), "fixed/stored")
}
