package app

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
)

func importEmployees(ctx context.Context, sys *system, _ string, r io.Reader, env *environment) error {
	res, err := sys.welfare.ImportEmployees(ctx, identity.Actor{}, r)
	if err != nil {
		return importFailed(env, err)
	}
	fmt.Fprintf(env.stdout, "employees: %d rows: %d created, %d updated, %d unchanged\n", res.Rows, res.Created, res.Updated, res.Unchanged)
	return nil
}

func importSettlement(ctx context.Context, sys *system, name string, r io.Reader, env *environment) error {
	res, err := sys.welfare.ImportSettlement(ctx, identity.Actor{}, filepath.Base(name), r)
	if err != nil {
		return importFailed(env, err)
	}
	fmt.Fprintf(env.stdout, "settlement: %d rows: %d installments settled, %d deducted in part (%s), %d purchases finished, %d rows unmatched\n",
		res.Rows, res.Settled, res.Partial, fa.LatinDigits(fa.Rials(res.Amount)), res.Finished, res.Unmatch)
	for _, u := range res.Unmatched {
		fmt.Fprintf(env.stdout, "  line %d: %s\n", u.Line, u.Message)
	}
	return nil
}
