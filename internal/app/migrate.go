package app

import (
	"context"
	"fmt"
)

func migrate(ctx context.Context, args []string, env *environment) error {
	cfg, err := loadConfig(args, env, "migrate", "Apply every pending database migration (Pishkhan's and the job queue's) and exit.\nServe applies them too; run this before starting several instances of a new version.", nil)
	if err != nil {
		return err
	}
	logger := newLogger(cfg, env.stderr)
	d, _, err := openDatabase(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer d.Close()
	fmt.Fprintf(env.stdout, "database is up to date (%s)\n", describe(d))
	return nil
}
