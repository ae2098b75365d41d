package welfare

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/fa/fatest"
	"pishkhan/internal/identity"
	"pishkhan/internal/otp"
	"pishkhan/internal/pagetest"
	"pishkhan/internal/web/webtest"
)

// BenchmarkSettlement100k imports and settles a 100,000-row payroll
// settlement file (10,000 employees × 10 installments) and compares its
// rate with a raw bulk insert of the same rows (read from the same CSV,
// multi-row INSERTs of 500 into a bare table, one transaction) on the
// same engine in the same run. It reports rows/s of both, their ratio,
// and the peak Go heap above the starting heap while the file is
// imported (sampled every millisecond), next to the file's size: the
// import streams, so the peak stays well below the file.
//
//	go test ./internal/welfare -run '^$' -bench Settlement100k -benchtime 1x
//	PISHKHAN_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test?sslmode=disable go test ./internal/welfare -run '^$' -bench Settlement100k -benchtime 1x
func BenchmarkSettlement100k(b *testing.B) {
	const employees, each = 10_000, 10
	for _, engine := range []struct {
		name string
		open func(testing.TB, ...*db.Schema) *db.DB
	}{{"sqlite", dbtest.SQLite}, {"postgres", dbtest.Postgres}} {
		b.Run(engine.name, func(b *testing.B) {
			for range b.N {
				d := engine.open(b, Schema, otp.Schema)
				s := benchService(b, d)
				file := seedInstallments(b, d, employees, each)
				info, _ := os.Stat(file)

				rawStart := time.Now()
				if err := rawBulkInsert(d, file); err != nil {
					b.Fatal(err)
				}
				raw := time.Since(rawStart)

				// A low GC target while the file is imported, so that the
				// sampled heap is close to what is live, not garbage.
				old := debug.SetGCPercent(10)
				stop := make(chan struct{})
				var peak atomic.Uint64
				var base runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&base)
				go func() {
					var m runtime.MemStats
					for {
						select {
						case <-stop:
							return
						case <-time.After(time.Millisecond):
							runtime.ReadMemStats(&m)
							if m.HeapAlloc > base.HeapAlloc && m.HeapAlloc-base.HeapAlloc > peak.Load() {
								peak.Store(m.HeapAlloc - base.HeapAlloc)
							}
						}
					}
				}()
				f, err := os.Open(file)
				if err != nil {
					b.Fatal(err)
				}
				start := time.Now()
				res, err := s.ImportSettlement(context.Background(), identity.Actor{}, "bench.csv", bufio.NewReader(f))
				took := time.Since(start)
				close(stop)
				debug.SetGCPercent(old)
				f.Close()
				if err != nil {
					b.Fatal(err)
				}
				rows := float64(employees * each)
				if res.Settled != employees*each || res.Finished != employees {
					b.Fatalf("settled %d (finished %d), want %d", res.Settled, res.Finished, employees*each)
				}
				b.ReportMetric(rows/took.Seconds(), "settle-rows/s")
				b.ReportMetric(rows/raw.Seconds(), "raw-rows/s")
				b.ReportMetric(raw.Seconds()/took.Seconds(), "ratio")
				b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
				b.ReportMetric(float64(info.Size())/(1<<20), "file-MB")
			}
		})
	}
}

// benchService is newEnv for benchmarks, on real time.
func benchService(b *testing.B, d *db.DB) *Service {
	base := pagetest.NewDomains(b, d, fatest.Running(), nil)
	codes := otp.New(d, base.SMS, otp.Options{Key: webtest.Key, Logger: base.Logger})
	return New(d, base.Identity, base.SMS, codes, Options{Logger: base.Logger})
}

// bulk inserts rows with multi-row INSERTs of 500.
func bulk(ctx context.Context, tx *db.Tx, head string, cols int, rows [][]any) error {
	for len(rows) > 0 {
		n := min(len(rows), 500)
		var sb strings.Builder
		sb.WriteString(head)
		args := make([]any, 0, n*cols)
		for i, r := range rows[:n] {
			if i > 0 {
				sb.WriteString(",")
			}
			sb.WriteString("(")
			for j := range cols {
				if j > 0 {
					sb.WriteString(",")
				}
				fmt.Fprintf(&sb, "$%d", len(args)+j+1)
			}
			sb.WriteString(")")
			args = append(args, r...)
		}
		if _, err := tx.Exec(ctx, sb.String(), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// seedInstallments creates employees, accounts, one confirmed purchase
// each with n installments due in 1404/01, and writes the settlement
// file of all of them; it returns the file's path.
func seedInstallments(b *testing.B, d *db.DB, employees, n int) string {
	ctx := context.Background()
	now := time.Now()
	path := filepath.Join(b.TempDir(), "settlement.csv")
	out, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(out)
	w.WriteString("installment_id,personnel_no,national_code,name,region,month,amount\n")
	err = d.InTx(ctx, func(tx *db.Tx) error {
		var region, merchant int64
		if err := tx.QueryRow(ctx, "INSERT INTO welfare_regions (code, name, created_at) VALUES ('1', 'منطقه ۱', $1) RETURNING id", now).Scan(&region); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO welfare_merchants (name, kind, city, category, status, created_at, updated_at)
			VALUES ('فروشگاه', 'online', 'تهران', 'کالا', 'approved', $1, $1) RETURNING id`, now).Scan(&merchant); err != nil {
			return err
		}
		var customers, emps, apps, accts, purchases, inst [][]any
		for i := 1; i <= employees; i++ {
			id := int64(i)
			code := nationalCode(fmt.Sprintf("2%08d", i))
			customers = append(customers, []any{id, code, now, now})
			emps = append(emps, []any{id, fmt.Sprintf("%d", 500000+i), code, id, region, "نام", "خانوادگی", int64(40_000_000), 5, 0, "09120000000", now, now})
			apps = append(apps, []any{id, id, id, int64(1), 12, id, StatusApproved, 1, now, now})
			accts = append(accts, []any{id, id, id, id, int64(1), int64(10_000_000), 12, int64(1_000_000), int64(10_000_000), 1, now, now})
			purchases = append(purchases, []any{id, merchant, fmt.Sprintf("k%d", i), id, id, int64(10_000_000), n, int64(1_000_000), PurchaseConfirmed, "1403/12/01", "1404/01/08", now})
			for k := 1; k <= n; k++ {
				iid := int64((i-1)*n + k)
				inst = append(inst, []any{iid, id, id, id, k, "1404/01", int64(1_000_000)})
				fmt.Fprintf(w, "%d,%d,%s,نام خانوادگی,منطقه ۱,1404/01,1000000\n", iid, 500000+i, code)
			}
		}
		for _, step := range []struct {
			head string
			cols int
			rows [][]any
		}{
			{"INSERT INTO customers (id, national_code, created_at, updated_at) VALUES ", 4, customers},
			{`INSERT INTO welfare_employees (id, personnel_no, national_code, customer_id, region_id, first_name, last_name, net_salary,
				service_years, service_months, mobile, created_at, updated_at) VALUES `, 13, emps},
			{`INSERT INTO welfare_applications (id, employee_id, customer_id, product_id, installments, guarantor_id, status, is_open, created_at, updated_at) VALUES `, 10, apps},
			{`INSERT INTO welfare_accounts (id, customer_id, employee_id, application_id, product_id, monthly_credit, ceiling, month_used, used,
				open_purchases, opens_at, created_at) VALUES `, 12, accts},
			{`INSERT INTO welfare_purchases (id, merchant_id, idempotency_key, customer_id, account_id, amount, installments, monthly, status,
				purchased_on, restore_on, created_at) VALUES `, 12, purchases},
			{"INSERT INTO welfare_installments (id, purchase_id, account_id, employee_id, seq, due_month, amount) VALUES ", 7, inst},
		} {
			if err := bulk(ctx, tx, step.head, step.cols, step.rows); err != nil {
				return fmt.Errorf("%s: %w", step.head[:40], err)
			}
		}
		if tx.Engine() == db.Postgres {
			for _, t := range []string{"customers", "welfare_employees", "welfare_applications", "welfare_accounts", "welfare_purchases", "welfare_installments"} {
				if _, err := tx.Exec(ctx, fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT MAX(id) FROM %s))", t, t)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	out.Close()
	if _, err := d.Exec(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	return path
}

// rawBulkInsert is the baseline: the same file's rows, read with the
// same table reader, inserted 500 at a time into a bare table in one
// transaction.
func rawBulkInsert(d *db.DB, path string) error {
	ctx := context.Background()
	if _, err := d.Exec(ctx, "CREATE TABLE bench_raw (installment_id BIGINT, personnel_no TEXT, amount BIGINT)"); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	t, err := openTable(bufio.NewReader(f), ImportLimits{})
	if err != nil {
		return err
	}
	if err := t.readHeader(deductionColumns, "installment_id", "personnel_no", "amount"); err != nil {
		return err
	}
	return d.InTx(ctx, func(tx *db.Tx) error {
		batch := make([][]any, 0, 500)
		for {
			row, err := t.read()
			if err != nil {
				break
			}
			var id, amount int64
			fmt.Sscan(t.get(row, "installment_id"), &id)
			fmt.Sscan(t.get(row, "amount"), &amount)
			batch = append(batch, []any{id, t.get(row, "personnel_no"), amount})
			if len(batch) == 500 {
				if err := bulk(ctx, tx, "INSERT INTO bench_raw (installment_id, personnel_no, amount) VALUES ", 3, batch); err != nil {
					return err
				}
				batch = batch[:0]
			}
		}
		return bulk(ctx, tx, "INSERT INTO bench_raw (installment_id, personnel_no, amount) VALUES ", 3, batch)
	})
}
