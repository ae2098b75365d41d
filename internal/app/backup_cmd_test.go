package app_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pishkhan/internal/app"
	"pishkhan/internal/db"
)

// `pishkhan backup FILE` copies the SQLite database with its rows and
// checks the copy; it refuses to overwrite, to back up a database that is
// not there, or to run without a FILE.
func TestBackupCommand(t *testing.T) {
	dir := t.TempDir()
	run := func(dataDir string, args ...string) (int, string, string) {
		var out, errOut lockedBuffer
		code := app.Run(context.Background(), args, envOf(map[string]string{"PISHKHAN_DATA_DIR": dataDir}), &out, &errOut)
		return code, out.String(), errOut.String()
	}
	if code, out, errOut := run(dir, "staff", "add", "--username", "reza", "--name", "رضا کارشناس", "--role", "support"); code != 0 {
		t.Fatalf("staff add: %d %q %q", code, out, errOut)
	}
	file := filepath.Join(t.TempDir(), "pishkhan-copy.db")
	if code, out, errOut := run(dir, "backup", file); code != 0 || !strings.Contains(out, "integrity check ok") {
		t.Fatalf("backup: %d %q %q", code, out, errOut)
	}
	copyDB, err := db.Open(context.Background(), file)
	if err != nil {
		t.Fatal(err)
	}
	var staff int
	err = copyDB.QueryRow(context.Background(), "SELECT COUNT(*) FROM staff WHERE username = 'reza'").Scan(&staff)
	copyDB.Close()
	if err != nil || staff != 1 {
		t.Fatalf("the copy has %d staff members named reza (%v)", staff, err)
	}
	if code, _, errOut := run(dir, "backup", file); code != 1 || !strings.Contains(errOut, "already exists") {
		t.Fatalf("backup over an existing file: %d %q", code, errOut)
	}
	missing := filepath.Join(t.TempDir(), "nothing-here")
	if code, _, errOut := run(missing, "backup", filepath.Join(t.TempDir(), "x.db")); code != 1 || !strings.Contains(errOut, "no database at") {
		t.Fatalf("backup of a missing database: %d %q", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(missing, "pishkhan.db")); err == nil {
		t.Fatal("backing up a missing database created one")
	}
	if code, _, errOut := run(dir, "backup"); code != 2 || !strings.Contains(errOut, "name the FILE") {
		t.Fatalf("backup without a file: %d %q", code, errOut)
	}
}
