package app_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/app"
	"pishkhan/internal/db"
)

// «pishkhan unlock --address A» lifts an address's lock for customers
// and staff, audited; --account ID a customer's; a second run says it
// was not locked; no flag or two flags are a usage error.
func TestUnlockCommand(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "p.db")
	run := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		args = append(args, "--data-dir", dir, "--database-url", dbPath)
		code := app.Run(context.Background(), args, envOf(map[string]string{"PISHKHAN_LOG_LEVEL": "warn"}), &out, &errOut)
		return code, out.String(), errOut.String()
	}
	if code, _, errOut := run("migrate"); code != 0 {
		t.Fatalf("migrate: %s", errOut)
	}
	ctx := context.Background()
	d, err := db.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	now := time.Now()
	for _, row := range [][2]string{{"address", "203.0.113.9"}, {"staff_address", "203.0.113.9"}, {"customer", "42"}} {
		if _, err := d.Exec(ctx, `INSERT INTO signin_throttle (scope, item, attempts, failures, window_start, locked_until) VALUES ($1, $2, 3, 3, $3, $4)`,
			row[0], row[1], now, now.Add(30*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	count := func(q string, args ...any) int {
		var n int
		if err := d.QueryRow(ctx, q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	if code, out, errOut := run("unlock", "--address", "203.0.113.9"); code != 0 || !strings.Contains(out, "address 203.0.113.9 unlocked") {
		t.Fatalf("unlock --address: %d %q %q", code, out, errOut)
	}
	if n := count("SELECT COUNT(*) FROM signin_throttle WHERE item = '203.0.113.9'"); n != 0 {
		t.Fatalf("%d address counters left", n)
	}
	if n := count("SELECT COUNT(*) FROM audit_log WHERE action = 'unlock_address'"); n != 1 {
		t.Fatalf("unlock audited %d times", n)
	}
	if code, out, _ := run("unlock", "--account", "42"); code != 0 || !strings.Contains(out, "customer account 42 unlocked") {
		t.Fatalf("unlock --account: %d %q", code, out)
	}
	if n := count("SELECT COUNT(*) FROM signin_throttle"); n != 0 {
		t.Fatalf("%d counters left", n)
	}
	if code, _, _ := run("unlock"); code != 2 {
		t.Fatalf("unlock without a flag: %d", code)
	}
	if code, _, _ := run("unlock", "--account", "1", "--address", "203.0.113.9"); code != 2 {
		t.Fatalf("unlock with two flags: %d", code)
	}
	if code, _, errOut := run("unlock", "--address", "not-an-ip"); code != 1 || !strings.Contains(errOut, "not an IP address") {
		t.Fatalf("unlock of a non-address: %d %q", code, errOut)
	}
}
