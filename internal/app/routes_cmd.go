package app

import (
	"context"
	"fmt"
)

// listRoutes is «pishkhan routes»: every method and URL pattern the server
// answers, one per line, as registered. Operators feed it to scanners
// (sqlmap, the access tests) so that a new page cannot be missed.
func listRoutes(ctx context.Context, args []string, env *environment) error {
	cfg, err := loadConfig(args, env, "routes", "List every URL pattern the server answers, one per line (METHOD /path/{param}).", nil)
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
	for _, p := range sys.web.Routes() {
		fmt.Fprintln(env.stdout, p)
	}
	return nil
}
