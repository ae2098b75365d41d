package app

import (
	"context"
	"fmt"

	"pishkhan/internal/config"
)

// listRoutes is «pishkhan routes»: every method and URL pattern the server
// answers, one per line, as registered. Operators feed it to scanners
// (sqlmap, the access tests) so that a new page cannot be missed.
func listRoutes(ctx context.Context, args []string, env *environment) error {
	return withSystem(ctx, args, env, "routes", "List every URL pattern the server answers, one per line (METHOD /path/{param}).", nil,
		func(_ *config.Config, sys *system) error {
			for _, p := range sys.web.Routes() {
				fmt.Fprintln(env.stdout, p)
			}
			return nil
		})
}
