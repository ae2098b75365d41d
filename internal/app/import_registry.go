package app

import (
	"context"
	"fmt"
	"os"
	"strings"

	"pishkhan/internal/idp"
)

func registryColumns() string { return strings.Join(idp.RegistryColumns, ",") }

// importRegistry loads the civil registry CSV into Pishkhan's provider.
func importRegistry(ctx context.Context, sys *system, f *os.File, env *environment) error {
	res, err := sys.sso.idp.ImportRegistry(ctx, f)
	if err != nil {
		return fmt.Errorf("%s: %w (nothing imported)", f.Name(), err)
	}
	fmt.Fprintf(env.stdout, "registry: %d added, %d updated, %d unchanged\n", res.Added, res.Updated, res.Unchanged)
	return nil
}
