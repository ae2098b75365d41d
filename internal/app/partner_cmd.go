package app

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"unicode/utf8"

	"pishkhan/internal/config"
)

// partner is «pishkhan partner add --name NAME»: registers an issuer-API
// partner (an insurer or store that sends purchases on Pishkhan cards)
// and prints its API key, once; only its hash is stored.
func partner(ctx context.Context, args []string, env *environment) error {
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprint(env.stdout, "Usage: pishkhan partner add --name NAME\n\n"+
			"Registers a partner of the issuer API (POST /api/issuer/purchases) and prints its API key once.\n")
		if len(args) == 0 || (args[0] != "--help" && args[0] != "-h" && args[0] != "help") {
			return errUsage
		}
		return nil
	}
	var name string
	return withSystem(ctx, args[1:], env, "partner add", "Register an issuer-API partner and print its API key (shown once).",
		func(fs *flag.FlagSet) { fs.StringVar(&name, "name", "", "the partner's name, as shown on purchases") },
		func(_ *config.Config, sys *system) error {
			name = strings.TrimSpace(name)
			if name == "" || utf8.RuneCountInString(name) > 100 {
				return fmt.Errorf("--name is required (at most 100 characters)")
			}
			p, key, err := sys.cards.CreatePartner(ctx, name)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "partner %q added (id %d)\nAPI key (shown once): %s\nuse it as: Authorization: Bearer %s\n", p.Name, p.ID, key, key)
			return nil
		})
}
