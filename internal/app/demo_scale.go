package app

import (
	"context"
	"flag"
	"fmt"
	"time"

	"pishkhan/internal/config"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/isp"
)

// «pishkhan demo --scale N» (issue 11) fills the database with a provider's
// worth of data for load tests: N customers who can sign in (username
// scaleNNNNNN, password ScalePassword, questions answered), each with a
// credit account, purchases and their installments, and an internet line
// with usage sessions. Each area writes its own rows (identity, cards and
// isp SeedScale: the first through the services, the rest copied in
// db.Batch's multi-row INSERTs, which is what makes 10 million rows take
// minutes rather than hours). It refuses to run twice.

// ScalePassword is every scale customer's password.
const ScalePassword = "Scale#Load-2049"

type scaleOptions struct {
	customers, purchases, sessions int
}

func demoCmd(ctx context.Context, args []string, env *environment) error {
	var o scaleOptions
	return withSystem(ctx, args, env, "demo", "Seed the demo data; with --scale N also N customers with purchases, installments and internet usage, for load tests.",
		func(fs *flag.FlagSet) {
			fs.IntVar(&o.customers, "scale", 0, "customers to add for load tests (e.g. 100000); 0 seeds only the demo")
			fs.IntVar(&o.purchases, "purchases", 10, "purchases per scale customer (each with 1 to 6 installments)")
			fs.IntVar(&o.sessions, "sessions", 100, "internet usage sessions per scale customer")
		},
		func(cfg *config.Config, sys *system) error {
			offers, err := seedDemo(ctx, sys)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "demo data seeded (%d sets)\n", len(offers))
			if o.customers <= 0 {
				return nil
			}
			start := time.Now()
			if err := seedScale(ctx, sys, o, func(msg string) { fmt.Fprintf(env.stdout, "%s  %s\n", time.Since(start).Round(time.Second), msg) }); err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "scale data ready in %s: sign in as scale000001 … scale%06d with %s\n",
				time.Since(start).Round(time.Second), o.customers-1, ScalePassword)
			return nil
		})
}

func scaleNationalCode(i int) string {
	first9 := fmt.Sprintf("7%08d", i)
	for c := '0'; c <= '9'; c++ {
		if code, err := fa.ParseNationalCode(first9 + string(c)); err == nil {
			return code
		}
	}
	return ""
}

func seedScale(ctx context.Context, sys *system, o scaleOptions, progress func(string)) error {
	people := make([]identity.ScaleCustomer, o.customers)
	for i := range people {
		people[i] = identity.ScaleCustomer{NationalCode: scaleNationalCode(i), FirstName: scaleFirstName,
			LastName: scaleLastName(i), Mobile: fmt.Sprintf("0935%07d", i), Username: fmt.Sprintf("scale%06d", i)}
	}
	ids, err := sys.identity.SeedScale(ctx, people, ScalePassword)
	if err != nil {
		return err
	}
	progress(fmt.Sprintf("%d customers who can sign in", len(ids)))
	res, err := sys.cards.SeedScale(ctx, ids, o.purchases)
	if err != nil {
		return err
	}
	progress(fmt.Sprintf("%d credit accounts, %d purchases, %d installments", res.Accounts, res.Purchases, res.Installments))
	lines := make([]isp.ScaleLine, len(ids))
	for i, id := range ids {
		lines[i] = isp.ScaleLine{CustomerID: id, Username: fmt.Sprintf("scale%06d", i), Phone: fmt.Sprintf("021%08d", i)}
	}
	sessions, err := sys.isp.SeedScale(ctx, lines, "Modem-Scale-1", o.sessions)
	if err != nil {
		return err
	}
	progress(fmt.Sprintf("%d internet lines, %d usage sessions", len(lines), sessions))
	return nil
}
