package cards_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"pishkhan/internal/billing"
	"pishkhan/internal/cards"
	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/identity"
)

// BenchmarkPurchaseList measures the CPU of one «مشاهده لیست خرید» page
// (GET /cards/purchases) for a card holder with ten purchases and their
// 31 installments, the load test's scale customer: the request goes
// through the whole web stack (session, CSRF, menu, layout) straight into
// the server's handler, on one goroutine, so the process's CPU per page is
// the page's cost and no HTTP client shares it. The baseline, measured
// in alternating rounds in the same run, is the same stack serving the
// same signed-in customer a page that only renders a heading
// ("stack-µs/page"); "page/stack" is their ratio.
//
//	go test ./internal/cards -run '^$' -bench PurchaseList -benchtime 2000x -count 3
//	go test ./internal/cards -run '^$' -bench PurchaseList/sqlite -benchtime 2000x -cpuprofile /tmp/purchases.prof
func BenchmarkPurchaseList(b *testing.B) {
	for _, engine := range []struct {
		name string
		open func(testing.TB, ...*db.Schema) *db.DB
	}{{"sqlite", dbtest.SQLite}, {"postgres", dbtest.Postgres}} {
		b.Run(engine.name, func(b *testing.B) {
			d := engine.open(b, identity.Schema, billing.Schema, cards.Schema)
			e := newPageEnv(b, d)
			c, browser := e.holder("512000000")
			ic := e.guideAccounts(c.ID)
			n := 0
			for i := range 10 {
				k := 3
				if i == 9 {
					k = 4
				}
				n += k
				e.buy(ic, fmt.Sprintf("bench-%d", i), int64(1_200_000+i*10_000), 300_000, k, fmt.Sprintf("9%09d", i))
			}
			page := browser.Get("/cards/purchases").Want(b, http.StatusOK, "")
			if got := strings.Count(page.Body, "پرداخت نشده"); got != n {
				b.Fatalf("the list shows %d unpaid installments, want %d", got, n)
			}
			h := e.srv.Handler()
			base, err := url.Parse(e.url)
			if err != nil {
				b.Fatal(err)
			}
			cookies := browser.Jar.Cookies(base)
			serve := func(path string) {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				for _, ck := range cookies {
					req.AddCookie(ck)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("GET %s: %d", path, rec.Code)
				}
			}
			// Alternate rounds of the page and of the stack's minimal
			// page, so that the machine's noise falls on both.
			const rounds = 5
			var pageCPU, stackCPU time.Duration
			var pages, stacks int
			b.ResetTimer()
			for r := range rounds {
				k := b.N/rounds + boolInt(r < b.N%rounds)
				cpu := processCPU()
				for range k {
					serve("/cards/purchases")
				}
				pageCPU += processCPU() - cpu
				pages += k
				b.StopTimer()
				cpu = processCPU()
				for range k {
					serve("/")
				}
				stackCPU += processCPU() - cpu
				stacks += k
				b.StartTimer()
			}
			b.StopTimer()
			if pages == 0 || stacks == 0 {
				return
			}
			pageUS := float64(pageCPU.Microseconds()) / float64(pages)
			stackUS := float64(stackCPU.Microseconds()) / float64(stacks)
			b.ReportMetric(pageUS, "cpu-µs/page")
			b.ReportMetric(stackUS, "stack-cpu-µs/page")
			b.ReportMetric(pageUS/stackUS, "page/stack")
		})
	}
}

func boolInt(v bool) int {
	if v {
		return 1
	}
	return 0
}

// processCPU is the CPU time (user and system) this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
