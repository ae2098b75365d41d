// Package dbtest gives tests a fresh database on each engine.
//
// SQLite always runs (a file in the test's temp folder). PostgreSQL runs
// when PISHKHAN_TEST_POSTGRES_URL is set: each test gets its own schema in
// that database, dropped afterwards, so tests run in parallel without
// seeing each other. When the variable is set but the server cannot be
// reached the test fails — CI switches PostgreSQL on precisely so that a
// broken server is noticed, not skipped.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"pishkhan/internal/db"
)

// PostgresEnv names the variable that switches PostgreSQL tests on.
const PostgresEnv = "PISHKHAN_TEST_POSTGRES_URL"

// Each runs fn once per available engine, as subtests named "sqlite" and
// "postgres", each with a fresh database migrated to schemas.
func Each(t *testing.T, schemas []*db.Schema, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run(string(db.SQLite), func(t *testing.T) {
		fn(t, SQLite(t, schemas...))
	})
	t.Run(string(db.Postgres), func(t *testing.T) {
		fn(t, Postgres(t, schemas...))
	})
}

// SQLite opens a new SQLite database in the test's temp folder.
func SQLite(t testing.TB, schemas ...*db.Schema) *db.DB {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatalf("open SQLite: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx, schemas...); err != nil {
		t.Fatalf("migrate SQLite: %v", err)
	}
	return d
}

// PostgresURL returns the URL of a fresh, empty PostgreSQL schema for this
// test (dropped at cleanup), or skips the test when PostgreSQL is not
// switched on.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skipf("PostgreSQL tests are off; set %s to run them", PostgresEnv)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("%s is set but PostgreSQL cannot be reached: %v", PostgresEnv, err)
	}
	defer admin.Close(context.Background())
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create test schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop test schema %s: %v", schema, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop test schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Postgres opens a fresh PostgreSQL schema migrated to schemas, or skips.
func Postgres(t testing.TB, schemas ...*db.Schema) *db.DB {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, PostgresURL(t))
	if err != nil {
		t.Fatalf("open PostgreSQL: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx, schemas...); err != nil {
		t.Fatalf("migrate PostgreSQL: %v", err)
	}
	return d
}
