package app

import (
	"context"
	"fmt"
	"io"
	"strings"

	"pishkhan/internal/idp"
)

func registryColumns() string { return strings.Join(idp.RegistryColumns, ",") }

// importRegistry loads the civil registry CSV into Pishkhan's provider.
func importRegistry(ctx context.Context, sys *system, name string, f io.Reader, env *environment) error {
	res, err := sys.sso.idp.ImportRegistry(ctx, f)
	if err != nil {
		return fmt.Errorf("%s: %w (nothing imported)", name, err)
	}
	fmt.Fprintf(env.stdout, "registry: %d added, %d updated, %d unchanged\n", res.Added, res.Updated, res.Unchanged)
	return nil
}
