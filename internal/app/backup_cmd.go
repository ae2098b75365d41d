package app

import (
	"context"
	"errors"
	"fmt"
	"os"

	"pishkhan/internal/db"
)

const backupSummary = "Write a consistent, checked copy of the SQLite database to FILE while the server runs.\n" +
	"FILE must not exist. On PostgreSQL use pg_dump (docs/operations.md, section 3)."

// backupCmd is `pishkhan backup FILE [flags]`. It opens the database
// without migrating it: a backup is taken of what is there, before a new
// version changes anything.
func backupCmd(ctx context.Context, args []string, env *environment) error {
	if len(args) > 0 && (args[len(args)-1] == "--help" || args[len(args)-1] == "-h") {
		_, err := loadConfig(args, env, "backup", backupSummary, nil)
		return err
	}
	file, flags, ok := fileArg(args)
	if !ok {
		fmt.Fprintln(env.stderr, "pishkhan backup: name the FILE to write (pishkhan backup /backup/pishkhan-2026-12-06.db)")
		return errUsage
	}
	cfg, err := loadConfig(flags, env, "backup", backupSummary, nil)
	if err != nil {
		return err
	}
	if db.IsSQLiteURL(cfg.DatabaseURL) {
		// Opening a missing file would create an empty database and back
		// that up: a wrong --data-dir must fail instead.
		if _, err := os.Stat(db.SQLitePath(cfg.DatabaseURL)); errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("no database at %s (check --data-dir or PISHKHAN_DATABASE_URL)", db.SQLitePath(cfg.DatabaseURL))
		}
	}
	d, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer d.Close()
	size, err := d.BackupTo(ctx, file)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "backup written: %s (%d bytes), integrity check ok\nkeep the secret key apart from it: without the key the copy's secrets cannot be read\n", file, size)
	return nil
}
