package app

import (
	"context"
	"flag"

	"pishkhan/internal/config"
)

// withSystem runs a command that needs the whole program: settings from
// flags and environment, the database migrated, every service built (but
// no server or jobs running). flags, if not nil, adds the command's own
// flags; do gets the finished system and closes nothing.
func withSystem(ctx context.Context, args []string, env *environment, name, summary string, flags func(*flag.FlagSet),
	do func(cfg *config.Config, sys *system) error) error {
	cfg, err := loadConfig(args, env, name, summary, flags)
	if err != nil {
		return err
	}
	logger := newLogger(cfg, env.stderr)
	d, runner, err := openDatabase(ctx, cfg, logger)
	if err != nil {
		return err
	}
	sys, err := build(cfg, logger, d, runner, env)
	if err != nil {
		d.Close()
		return err
	}
	defer sys.close()
	return do(cfg, sys)
}
