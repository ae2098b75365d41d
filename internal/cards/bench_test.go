package cards

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/fa/fatest"
	"pishkhan/internal/identity"
	"pishkhan/internal/pagetest"
	"pishkhan/internal/web"
)

// BenchmarkIssuerPurchases measures approved purchases per second through
// the issuer API (POST /api/issuer/purchases over HTTP, a partner key, a
// fresh idempotency key each, 8 concurrent clients, cards with generous
// limits on several accounts) against the raw conditional-update rate of
// the same engine in the same run (one UPDATE … WHERE balance - 1 >= 0 in
// its own transaction), in alternating rounds.
//
//	go test ./internal/cards -run '^$' -bench IssuerPurchases -benchtime 400x
//	PISHKHAN_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test?sslmode=disable go test ./internal/cards -run '^$' -bench IssuerPurchases -benchtime 400x
func BenchmarkIssuerPurchases(b *testing.B) {
	for _, engine := range []struct {
		name string
		open func(testing.TB, ...*db.Schema) *db.DB
	}{{"sqlite", dbtest.SQLite}, {"postgres", dbtest.Postgres}} {
		b.Run(engine.name, func(b *testing.B) {
			d := engine.open(b, Schema)
			ctx := context.Background()
			s := benchService(b, d)
			srv, err := web.NewServer(web.Options{DB: d, SecretKey: testKey})
			if err != nil {
				b.Fatal(err)
			}
			s.IssuerRoutes(srv)
			ts := httptest.NewServer(srv.Handler())
			defer ts.Close()
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
			_, key, err := s.CreatePartner(ctx, "بیمه ملت")
			if err != nil {
				b.Fatal(err)
			}

			// Cards with generous limits spread over several accounts, so
			// the purchases contend the way many card holders do, not on
			// one row.
			const accounts = 16
			var numbers []string
			for i := range accounts {
				c, err := s.ids.CreateCustomer(ctx, identity.Actor{}, identity.NewCustomer{
					NationalCode: nationalCode(fmt.Sprintf("%09d", 456000000+i)), FirstName: "علی", LastName: "رضایی"})
				if err != nil {
					b.Fatal(err)
				}
				a, err := s.IssueAccount(ctx, NewAccount{CustomerID: c.ID, TypeCode: "credit", Number: "100", Floor: -1_000_000_000_000})
				if err != nil {
					b.Fatal(err)
				}
				ic, err := s.IssueCard(ctx, c.ID, a.ID)
				if err != nil {
					b.Fatal(err)
				}
				numbers = append(numbers, ic.Number)
			}
			if _, err := d.Exec(ctx, "CREATE TABLE bench_balances (id BIGINT PRIMARY KEY, balance BIGINT NOT NULL)"); err != nil {
				b.Fatal(err)
			}
			for i := range accounts {
				if _, err := d.Exec(ctx, "INSERT INTO bench_balances (id, balance) VALUES ($1, 1000000000)", int64(i)); err != nil {
					b.Fatal(err)
				}
			}

			var next, approved atomic.Int64
			purchase := func() error {
				n := next.Add(1)
				body, _ := json.Marshal(purchaseBody{CardNumber: numbers[n%accounts], Total: 3_400_000, CashShare: 680_000,
					Installments: 4, PolicyNumber: "12345", IdempotencyKey: fmt.Sprintf("bench-%d", n)})
				req, err := http.NewRequest("POST", ts.URL+"/api/issuer/purchases", bytes.NewReader(body))
				if err != nil {
					return err
				}
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+key)
				res, err := client.Do(req)
				if err != nil {
					return err
				}
				defer res.Body.Close()
				var a purchaseAnswer
				if err := json.NewDecoder(res.Body).Decode(&a); err != nil {
					return fmt.Errorf("status %d: %w", res.StatusCode, err)
				}
				if res.StatusCode != http.StatusOK || !a.Approved || a.Repeated {
					return fmt.Errorf("purchase answered %d %+v", res.StatusCode, a)
				}
				approved.Add(1)
				return nil
			}
			rawUpdate := func() error {
				id := next.Add(1) % accounts
				return d.InTx(ctx, func(tx *db.Tx) error {
					res, err := tx.Exec(ctx, "UPDATE bench_balances SET balance = balance - 1 WHERE id = $1 AND balance - 1 >= 0", id)
					if err == nil && res.RowsAffected != 1 {
						err = db.ErrConflict
					}
					return err
				})
			}
			rate := func(n int, op func() error) float64 {
				var left atomic.Int64
				left.Store(int64(n))
				var wg sync.WaitGroup
				start := time.Now()
				for range 8 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for left.Add(-1) >= 0 {
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
			n := max(b.N, 50)
			const rounds = 4
			per := max(n/rounds, 10)
			var purchaseTime, updateTime float64
			b.ResetTimer()
			for range rounds {
				updateTime += float64(per) / rate(per, rawUpdate)
				purchaseTime += float64(per) / rate(per, purchase)
			}
			b.StopTimer()
			if got := approved.Load(); got != int64(per*rounds) {
				b.Fatalf("%d purchases approved, want %d", got, per*rounds)
			}
			purchases, updates := float64(per*rounds)/purchaseTime, float64(per*rounds)/updateTime
			b.ReportMetric(purchases, "purchases/s")
			b.ReportMetric(updates, "raw-updates/s")
			b.ReportMetric(purchases/updates, "purchases/update")
		})
	}
}

// benchService is newEnv for benchmarks (newEnv takes a *testing.T), on
// real time.
func benchService(tb testing.TB, d *db.DB) *Service {
	tb.Helper()
	base := pagetest.NewDomains(tb, d, fatest.Running(), nil)
	s, err := New(d, base.Identity, Options{Key: testKey, BIN: testBIN, Logger: base.Logger})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}
