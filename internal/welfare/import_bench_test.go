package welfare

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/identity"
)

// BenchmarkEmployeesImport imports a file of new employees (100,000 by
// default; PISHKHAN_BENCH_EMPLOYEES=N for another size) into an empty
// database — each one a new customer whose initial password is the
// national code, at the production argon2id cost, so a hash per row would
// show — then imports the same file again (every row known and
// unchanged: the "later import"). The baseline, in the same run, is a
// raw bulk insert of the same rows read with the same table reader (500
// per INSERT into a bare table, one transaction). It reports the rates,
// the first import's ratio to the raw insert, and the peak Go heap above
// the start while each import runs (timedImport), next to the file's size. For
// PostgreSQL the process's CPU time leaves out the server's.
//
//	go test ./internal/welfare -run '^$' -bench EmployeesImport -benchtime 1x
//	PISHKHAN_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test?sslmode=disable go test ./internal/welfare -run '^$' -bench EmployeesImport/postgres -benchtime 1x
func BenchmarkEmployeesImport(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("PISHKHAN_BENCH_EMPLOYEES")); err == nil && v > 0 {
		n = v
	}
	for _, engine := range []struct {
		name string
		open func(testing.TB, ...*db.Schema) *db.DB
	}{{"sqlite", dbtest.SQLite}, {"postgres", dbtest.Postgres}} {
		b.Run(engine.name, func(b *testing.B) {
			for range b.N {
				d := engine.open(b, Schema)
				s := benchService(b, d)
				s.ids = identity.New(d, nil, identity.Options{Params: identity.DefaultParams})
				file := writeEmployeesFile(b, n)
				info, _ := os.Stat(file)

				rawStart, rawCPU := time.Now(), processCPU()
				if err := rawEmployeesInsert(d, file); err != nil {
					b.Fatal(err)
				}
				raw, rawCPU := time.Since(rawStart), processCPU()-rawCPU

				firstCPU := processCPU()
				first, firstPeak := timedImport(b, s, file, func(r *ImportResult) bool { return r.Created == n })
				firstCPU = processCPU() - firstCPU
				againCPU := processCPU()
				again, againPeak := timedImport(b, s, file, func(r *ImportResult) bool { return r.Unchanged == n })
				againCPU = processCPU() - againCPU

				b.ReportMetric(float64(n)/first.Seconds(), "first-rows/s")
				b.ReportMetric(float64(n)/again.Seconds(), "again-rows/s")
				b.ReportMetric(float64(n)/raw.Seconds(), "raw-rows/s")
				b.ReportMetric(raw.Seconds()/first.Seconds(), "first/raw")
				// On a shared machine the wall-clock rates depend on what
				// else runs; the process's own CPU time per row does not.
				b.ReportMetric(float64(n)/firstCPU.Seconds(), "first-rows/cpu-s")
				b.ReportMetric(float64(n)/againCPU.Seconds(), "again-rows/cpu-s")
				b.ReportMetric(float64(n)/rawCPU.Seconds(), "raw-rows/cpu-s")
				b.ReportMetric(float64(firstPeak)/(1<<20), "first-peak-heap-MB")
				b.ReportMetric(float64(againPeak)/(1<<20), "again-peak-heap-MB")
				b.ReportMetric(float64(info.Size())/(1<<20), "file-MB")
			}
		})
	}
}

// processCPU is the CPU time (user and system) this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func timedImport(b *testing.B, s *Service, file string, ok func(*ImportResult) bool) (time.Duration, uint64) {
	// The heap is sampled through runtime/metrics, which does not stop
	// the world, every 5 ms, with the collector at its default: sampling
	// with ReadMemStats every millisecond and the collector at 10% (as
	// this benchmark did before) cost the import itself a third of its
	// CPU. The peak therefore includes garbage not yet collected.
	stop := make(chan struct{})
	var peak atomic.Uint64
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	runtime.GC()
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
				metrics.Read(sample)
				if m := sample[0].Value.Uint64(); m > base && m-base > peak.Load() {
					peak.Store(m - base)
				}
			}
		}
	}()
	f, err := os.Open(file)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	start := time.Now()
	res, err := s.ImportEmployees(context.Background(), identity.Actor{}, bufio.NewReader(f))
	took := time.Since(start)
	close(stop)
	if err != nil {
		b.Fatal(err)
	}
	if !ok(res) {
		b.Fatalf("import: %+v", res)
	}
	return took, peak.Load()
}

// writeEmployeesFile writes n employees in 20 regions, each with a
// unique national code, personnel number and mobile.
func writeEmployeesFile(b *testing.B, n int) string {
	path := filepath.Join(b.TempDir(), "employees.csv")
	out, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(out)
	w.WriteString("personnel_no,national_code,first_name,last_name,region_code,region,net_salary,service_years,service_months,mobile\n")
	for i := range n {
		fmt.Fprintf(w, "%d,%s,علی,رضایی %d,%d,منطقه %d,%d,%d,%d,0912%07d\n",
			700000+i, nationalCode(fmt.Sprintf("3%08d", i)), i, i%20+1, i%20+1, 30_000_000+i%1000*10_000, i%30, i%12, i)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	out.Close()
	return path
}

// rawEmployeesInsert is the baseline: the file's rows, read with the same
// table reader, inserted 500 at a time into a bare table in one
// transaction.
func rawEmployeesInsert(d *db.DB, path string) error {
	ctx := context.Background()
	if _, err := d.Exec(ctx, "CREATE TABLE bench_raw_employees (personnel_no TEXT, national_code TEXT, last_name TEXT, mobile TEXT)"); err != nil {
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
	if err := t.readHeader(employeeColumns, EmployeeColumns[:9]...); err != nil {
		return err
	}
	const head = "INSERT INTO bench_raw_employees (personnel_no, national_code, last_name, mobile) VALUES "
	return d.InTx(ctx, func(tx *db.Tx) error {
		batch := make([][]any, 0, 500)
		for {
			row, err := t.read()
			if err != nil {
				break
			}
			batch = append(batch, []any{t.get(row, "personnel_no"), t.get(row, "national_code"), t.get(row, "last_name"), t.get(row, "mobile")})
			if len(batch) == 500 {
				if err := bulk(ctx, tx, head, 4, batch); err != nil {
					return err
				}
				batch = batch[:0]
			}
		}
		return bulk(ctx, tx, head, 4, batch)
	})
}
