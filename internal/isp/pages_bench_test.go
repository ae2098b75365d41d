package isp_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/billing"
	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/isp"
)

// BenchmarkUsagePage measures the usage page («ریز مصرف») of one
// subscriber over a one-month Jalali range on a large isp_usage table:
// "query" is the page's two queries (the range's totals and one page of
// 10 rows), "page" the whole page over HTTP (session, rendering). The
// table holds PISHKHAN_BENCH_USAGE_ROWS sessions (default 1,000,000) of
// 200 subscribers over the last year; before timing, the engine's own
// plan of the query (unforced, after ANALYZE) must use the
// (subscriber_id, started_at) index, so the cost depends on one
// subscriber's rows in the range, not on the table's size.
//
//	go test ./internal/isp -run '^$' -bench UsagePage -benchtime 200x
//	PISHKHAN_BENCH_USAGE_ROWS=10000000 … for the 10 million
func BenchmarkUsagePage(b *testing.B) {
	total := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("PISHKHAN_BENCH_USAGE_ROWS")); err == nil && v > 0 {
		total = v
	}
	for _, engine := range []struct {
		name string
		open func(testing.TB, ...*db.Schema) *db.DB
	}{{"sqlite", dbtest.SQLite}, {"postgres", dbtest.Postgres}} {
		b.Run(engine.name, func(b *testing.B) {
			d := engine.open(b, identity.Schema, billing.Schema, isp.Schema)
			e := newPageEnv(b, d)
			ctx := context.Background()
			c, browser := e.customer("511000000")
			me, err := e.isp.CreateSubscriber(ctx, isp.NewSubscriber{CustomerID: c.ID, Phone: "32239700", Username: "bench0", Password: "modem-pass1"})
			if err != nil {
				b.Fatal(err)
			}
			ids := []int64{me.ID}
			for i := 1; i < 200; i++ {
				cu, err := e.ids.CreateCustomer(ctx, identity.Actor{}, identity.NewCustomer{NationalCode: pageNationalCode(fmt.Sprintf("5110%05d", i)), FirstName: "م", LastName: "ش"})
				if err != nil {
					b.Fatal(err)
				}
				s, err := e.isp.CreateSubscriber(ctx, isp.NewSubscriber{CustomerID: cu.ID, Phone: fmt.Sprintf("3223%04d", i), Username: fmt.Sprintf("bench%d", i), Password: "modem-pass1"})
				if err != nil {
					b.Fatal(err)
				}
				ids = append(ids, s.ID)
			}
			now := e.clock.Now()
			fill := time.Now()
			per := total / len(ids)
			step := 365 * 24 * time.Hour / time.Duration(per)
			const batch = 1000
			for k := 0; k < total; {
				err := d.InTx(ctx, func(tx *db.Tx) error {
					for range 20 {
						if k >= total {
							return nil
						}
						n := min(batch, total-k)
						var sb strings.Builder
						args := make([]any, 0, n*4)
						sb.WriteString("INSERT INTO isp_usage (subscriber_id, nas, session_id, started_at, ended_at, updated_at, download, upload, deducted, ip) VALUES ")
						for j := 0; j < n; j++ {
							row := k + j
							sub := ids[row%len(ids)]
							at := now.Add(-time.Duration(row/len(ids)) * step)
							if j > 0 {
								sb.WriteString(", ")
							}
							p := len(args)
							fmt.Fprintf(&sb, "($%d, 'bench', $%d, $%d, $%d, $%d, 1048576, 65536, 1048576, '10.0.0.1')", p+1, p+2, p+3, p+4, p+3)
							args = append(args, sub, "s"+strconv.Itoa(row), at, at.Add(30*time.Minute))
						}
						if _, err := tx.Exec(ctx, sb.String(), args...); err != nil {
							return err
						}
						k += n
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			if _, err := d.Exec(ctx, "ANALYZE"); err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: %d sessions filled in %v (%d per subscriber)", engine.name, total, time.Since(fill).Round(time.Millisecond), per)

			to := fa.JalaliOf(now)
			from := to.AddMonths(-1)
			f := isp.UsageFilter{SubscriberID: me.ID, From: from.Time(fa.Tehran), To: to.Time(fa.Tehran).AddDate(0, 0, 1), Limit: 10}
			plan, err := isp.UsagePlan(ctx, d, f)
			if err != nil {
				b.Fatal(err)
			}
			if !isp.PlanUsesIndex(plan) {
				b.Fatalf("the usage query does not use the index on %d rows:\n%s", total, plan)
			}
			b.Logf("plan: %s", strings.ReplaceAll(strings.TrimSpace(plan), "\n", " | "))
			tot, _ := e.isp.UsageTotals(ctx, f)
			path := "/isp/account?tab=usage&from=" + strings.ReplaceAll(from.String(), "/", "%2F") + "&to=" + strings.ReplaceAll(to.String(), "/", "%2F")
			browser.Get(path).Want(b, http.StatusOK, "").Has(b, "نمایش ۱ - ۱۰ از "+fa.Digits(strconv.Itoa(tot.Count)))

			b.Run("query", func(b *testing.B) {
				for range b.N {
					if _, err := e.isp.UsageTotals(ctx, f); err != nil {
						b.Fatal(err)
					}
					if _, err := e.isp.UsageRows(ctx, f); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(tot.Count), "sessions-in-range")
			})
			b.Run("page", func(b *testing.B) {
				for range b.N {
					if r := browser.Get(path); r.Status != http.StatusOK {
						b.Fatalf("status %d", r.Status)
					}
				}
			})
		})
	}
}
