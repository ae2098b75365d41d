package db_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
)

var testSchema = &db.Schema{Name: "dbtest", FS: fstest.MapFS{
	"0001_accounts.sql": {Data: []byte(`
-- a balance that must never go below its floor
CREATE TABLE accounts (
	id {{id}},
	owner TEXT NOT NULL UNIQUE,
	balance BIGINT NOT NULL,
	floor BIGINT NOT NULL DEFAULT 0,
	opened_at {{timestamp}} NOT NULL,
	photo {{bytes}},
	active BOOLEAN NOT NULL DEFAULT TRUE
);
CREATE TABLE ledger (
	id {{id}},
	account_id BIGINT NOT NULL REFERENCES accounts(id),
	amount BIGINT NOT NULL,
	idempotency_key TEXT NOT NULL UNIQUE
);`)},
	"0002_index.sql": {Data: []byte(`CREATE INDEX ledger_account ON ledger (account_id);`)},
}}

func TestMigrateIsIdempotentAndOrdered(t *testing.T) {
	child := &db.Schema{Name: "child", Requires: []*db.Schema{testSchema}, FS: fstest.MapFS{
		"0001_child.sql": {Data: []byte(`CREATE TABLE notes (id {{id}}, account_id BIGINT REFERENCES accounts(id));`)},
	}}
	dbtest.Each(t, nil, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		applied, err := d.Migrate(ctx, child)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"dbtest/0001_accounts.sql", "dbtest/0002_index.sql", "child/0001_child.sql"}
		if len(applied) != len(want) {
			t.Fatalf("applied %v, want %v", applied, want)
		}
		for i := range want {
			if applied[i] != want[i] {
				t.Fatalf("applied %v, want %v", applied, want)
			}
		}
		again, err := d.Migrate(ctx, child, testSchema)
		if err != nil {
			t.Fatal(err)
		}
		if len(again) != 0 {
			t.Fatalf("second run applied %v", again)
		}
	})
}

func TestMigrateRejectsBadMigration(t *testing.T) {
	bad := &db.Schema{Name: "bad", FS: fstest.MapFS{
		"0001_ok.sql":  {Data: []byte(`CREATE TABLE ok_table (id {{id}});`)},
		"0002_bad.sql": {Data: []byte(`CREATE TABLE half (id {{id}}); CREATE TABLE nonsense (;`)},
	}}
	dbtest.Each(t, nil, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.Migrate(ctx, bad); err == nil {
			t.Fatal("a broken migration was applied")
		}
		// The failed migration left nothing behind: its first statement was
		// rolled back with it.
		var n int
		err := d.QueryRow(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE schema_name = 'bad'").Scan(&n)
		if err != nil || n != 1 {
			t.Fatalf("recorded %d migrations (%v), want 1", n, err)
		}
	})
}

func TestRoundTripTypesAndNoRows(t *testing.T) {
	dbtest.Each(t, []*db.Schema{testSchema}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		tehran := time.FixedZone("IRST", 3*3600+1800)
		opened := time.Date(2024, 3, 20, 10, 30, 0, 123456000, tehran)
		var id int64
		err := d.ExecReturning(ctx, `INSERT INTO accounts (owner, balance, floor, opened_at, photo, active)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, "علی", int64(16_673_166), int64(-30_766_000), opened, []byte{0, 1, 2}, false).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		var (
			owner   string
			balance int64
			at      time.Time
			photo   []byte
			active  bool
		)
		err = d.QueryRow(ctx, "SELECT owner, balance, opened_at, photo, active FROM accounts WHERE id = $1", id).
			Scan(&owner, &balance, &at, &photo, &active)
		if err != nil {
			t.Fatal(err)
		}
		if owner != "علی" || balance != 16_673_166 || !at.Equal(opened) || len(photo) != 3 || active {
			t.Fatalf("read back %q %d %v %v %v", owner, balance, at, photo, active)
		}
		// Times compare correctly in SQL whatever zone they were given in.
		var n int
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM accounts WHERE opened_at < $1", opened.Add(time.Second).In(time.UTC)).Scan(&n); err != nil || n != 1 {
			t.Fatalf("time comparison found %d (%v)", n, err)
		}
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM accounts WHERE opened_at < $1", opened.Add(-time.Second)).Scan(&n); err != nil || n != 0 {
			t.Fatalf("time comparison found %d (%v)", n, err)
		}
		err = d.QueryRow(ctx, "SELECT owner FROM accounts WHERE id = $1", id+100).Scan(&owner)
		if !errors.Is(err, db.ErrNoRows) {
			t.Fatalf("missing row gave %v, want ErrNoRows", err)
		}
		_, err = d.Exec(ctx, "INSERT INTO accounts (owner, balance, opened_at) VALUES ($1, 0, $2)", "علی", opened)
		if !db.IsUniqueViolation(err) {
			t.Fatalf("duplicate owner gave %v, want a unique violation", err)
		}
	})
}

// TestConditionalUpdateCannotOverdraw is the pattern every balance in
// Pishkhan follows: many concurrent debits, each a conditional update plus
// a ledger row in one transaction; the balance never passes its floor and
// the ledger explains it exactly.
func TestConditionalUpdateCannotOverdraw(t *testing.T) {
	dbtest.Each(t, []*db.Schema{testSchema}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var id int64
		if err := d.ExecReturning(ctx, "INSERT INTO accounts (owner, balance, opened_at) VALUES ('a', 1000, $1) RETURNING id", time.Now()).Scan(&id); err != nil {
			t.Fatal(err)
		}
		var ok, refused atomic.Int64
		var wg sync.WaitGroup
		for i := range 60 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := d.InTx(ctx, func(tx *db.Tx) error {
					res, err := tx.Exec(ctx, "UPDATE accounts SET balance = balance - 30 WHERE id = $1 AND balance - 30 >= floor", id)
					if err != nil {
						return err
					}
					if res.RowsAffected == 0 {
						return db.ErrConflict
					}
					_, err = tx.Exec(ctx, "INSERT INTO ledger (account_id, amount, idempotency_key) VALUES ($1, -30, $2)", id, fmt.Sprint("debit-", i))
					return err
				})
				switch {
				case err == nil:
					ok.Add(1)
				case errors.Is(err, db.ErrConflict):
					refused.Add(1)
				default:
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		var balance, sum int64
		if err := d.QueryRow(ctx, "SELECT balance FROM accounts WHERE id = $1", id).Scan(&balance); err != nil {
			t.Fatal(err)
		}
		if err := d.QueryRow(ctx, "SELECT COALESCE(SUM(amount), 0) FROM ledger WHERE account_id = $1", id).Scan(&sum); err != nil {
			t.Fatal(err)
		}
		if ok.Load() != 33 || refused.Load() != 27 || balance != 10 || 1000+sum != balance {
			t.Fatalf("approved %d, refused %d, balance %d, ledger sum %d", ok.Load(), refused.Load(), balance, sum)
		}
	})
}

func TestInTxRollsBackOnErrorAndPanic(t *testing.T) {
	dbtest.Each(t, []*db.Schema{testSchema}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		insert := func(tx *db.Tx, owner string) {
			if _, err := tx.Exec(ctx, "INSERT INTO accounts (owner, balance, opened_at) VALUES ($1, 0, $2)", owner, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		boom := errors.New("boom")
		committed := false
		err := d.InTx(ctx, func(tx *db.Tx) error {
			insert(tx, "x")
			tx.AfterCommit(func() { committed = true })
			return boom
		})
		if !errors.Is(err, boom) || committed {
			t.Fatalf("got %v, after-commit ran: %v", err, committed)
		}
		func() {
			defer func() { _ = recover() }()
			_ = d.InTx(ctx, func(tx *db.Tx) error { insert(tx, "y"); panic("boom") })
		}()
		var n int
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM accounts").Scan(&n); err != nil || n != 0 {
			t.Fatalf("%d rows survived a rollback (%v)", n, err)
		}
		// And the writer is usable again afterwards.
		if err := d.InTx(ctx, func(tx *db.Tx) error { insert(tx, "z"); return nil }); err != nil {
			t.Fatal(err)
		}
	})
}

// PostgreSQL's JIT is off on Pishkhan's connections unless the URL asks
// for it: compiling small queries whose estimates went stale cost 10 ms
// each (docs/benchmarks.md).
func TestPostgresJITIsOffUnlessTheURLSetsIt(t *testing.T) {
	url := dbtest.PostgresURL(t)
	ctx := context.Background()
	for _, c := range []struct{ url, want string }{{url, "off"}, {withParam(url, "jit=on"), "on"}} {
		d, err := db.Open(ctx, c.url)
		if err != nil {
			t.Fatal(err)
		}
		var jit string
		err = d.QueryRow(ctx, "SHOW jit").Scan(&jit)
		d.Close()
		if err != nil || jit != c.want {
			t.Fatalf("%s: jit %q (%v), want %q", c.url, jit, err, c.want)
		}
	}
}

func withParam(url, p string) string {
	if strings.Contains(url, "?") {
		return url + "&" + p
	}
	return url + "?" + p
}

// A backup taken while writers are busy is a consistent, checked copy
// with every committed row; it never overwrites a file; PostgreSQL is
// sent to its own tools.
func TestBackupToWhileWriting(t *testing.T) {
	ctx := context.Background()
	d := dbtest.SQLite(t, testSchema)
	add := func(i int) error {
		_, err := d.Exec(ctx, "INSERT INTO accounts (owner, balance, opened_at) VALUES ($1, $2, $3)", fmt.Sprintf("owner-%d", i), i, time.Now().UTC())
		return err
	}
	for i := range 500 {
		if err := add(i); err != nil {
			t.Fatal(err)
		}
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // a writer that keeps going during the backup
		defer wg.Done()
		for i := 500; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := add(i); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	path := t.TempDir() + "/copy.db"
	size, err := d.BackupTo(ctx, path)
	close(stop)
	wg.Wait()
	if err != nil || size == 0 {
		t.Fatalf("backup: %d bytes, %v", size, err)
	}
	copyDB, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	var n, maxBalance int
	if err := copyDB.QueryRow(ctx, "SELECT COUNT(*), MAX(balance) FROM accounts").Scan(&n, &maxBalance); err != nil {
		t.Fatal(err)
	}
	// A snapshot: at least the 500 rows from before, and no gap in the
	// ones written during the copy.
	if n < 500 || maxBalance != n-1 {
		t.Fatalf("the copy has %d rows up to %d", n, maxBalance)
	}
	if _, err := d.BackupTo(ctx, path); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("second backup to the same file: %v", err)
	}
	if url := os.Getenv(dbtest.PostgresEnv); url != "" {
		pg := dbtest.Postgres(t)
		if _, err := pg.BackupTo(ctx, t.TempDir()+"/pg.db"); !errors.Is(err, db.ErrBackupPostgres) {
			t.Fatalf("PostgreSQL backup: %v", err)
		}
	}
}
