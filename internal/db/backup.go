package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrBackupPostgres is BackupTo's answer on PostgreSQL, whose own tools
// (pg_dump, or base backups with WAL archiving) do the job better than
// anything Pishkhan could.
var ErrBackupPostgres = errors.New("on PostgreSQL, back up with pg_dump --format=custom (or base backups and WAL archiving; docs/operations.md, section 3)")

// BackupTo writes a consistent copy of a SQLite database to path while it
// serves, and checks the copy. It exists because the container image has
// no sqlite3 program, and copying pishkhan.db with cp while the server
// runs loses what is still in the WAL.
//
// The copy is VACUUM INTO on a connection of its own: it reads one
// snapshot (WAL mode), so writers are not held up, and the copy comes
// out compacted.
// path must not exist, so a backup never overwrites another.
func (d *DB) BackupTo(ctx context.Context, path string) (int64, error) {
	if d.engine != SQLite {
		return 0, ErrBackupPostgres
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return 0, err
	}
	if _, err := os.Stat(abs); err == nil {
		return 0, fmt.Errorf("db: %s already exists; a backup does not overwrite", abs)
	} else if !errors.Is(err, os.ErrNotExist) {
		return 0, err
	}
	// The read pool is query_only, which refuses VACUUM INTO, and the
	// writer must stay free: the copy gets a connection of its own.
	c, err := sql.Open("sqlite", d.sqliteBase)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, "VACUUM INTO ?", abs); err != nil {
		_ = os.Remove(abs) // a half-written copy is not a backup
		return 0, fmt.Errorf("db: back up to %s: %w", abs, err)
	}
	if err := checkSQLiteFile(ctx, abs); err != nil {
		_ = os.Remove(abs)
		return 0, err
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// checkSQLiteFile runs SQLite's integrity check on a file, read-only.
func checkSQLiteFile(ctx context.Context, path string) error {
	c, err := sql.Open("sqlite", sqliteFileURL(path)+"?mode=ro")
	if err != nil {
		return err
	}
	defer c.Close()
	var verdict string
	if err := c.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&verdict); err != nil {
		return fmt.Errorf("db: check the copy %s: %w", path, err)
	}
	if verdict != "ok" {
		return fmt.Errorf("db: the copy %s failed its integrity check: %s", path, verdict)
	}
	return nil
}
