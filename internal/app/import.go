package app

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
)

// importer loads one kind of file into an open system.
type importer struct {
	summary string
	run     func(ctx context.Context, sys *system, file *os.File, env *environment) error
}

// importers lists what `pishkhan import <what> FILE` knows; each area adds
// a line.
func importers() map[string]importer {
	return map[string]importer{
		"registry": {"civil registry persons and their mobiles (CSV: " + registryColumns() + ")", importRegistry},
	}
}

// importCommand is `pishkhan import <what> FILE [flags]`.
func importCommand(ctx context.Context, args []string, env *environment) error {
	list := importers()
	names := make([]string, 0, len(list))
	for n := range list {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" || args[0] == "help" {
		var b strings.Builder
		b.WriteString("Usage: pishkhan import <what> FILE [flags]\n\nA file is imported whole or not at all; a bad row is reported with its line number.\n\n")
		for _, n := range names {
			fmt.Fprintf(&b, "  %-10s %s\n", n, list[n].summary)
		}
		fmt.Fprint(env.stdout, b.String())
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	imp, ok := list[args[0]]
	if !ok {
		fmt.Fprintf(env.stderr, "pishkhan import: unknown kind %q (known: %s)\n", args[0], strings.Join(names, ", "))
		return errUsage
	}
	if len(args) < 2 || strings.HasPrefix(args[1], "-") {
		fmt.Fprintf(env.stderr, "pishkhan import %s: name the file to import\n", args[0])
		return errUsage
	}
	path := args[1]
	cfg, err := loadConfig(args[2:], env, "import "+args[0], "Import "+imp.summary+".", nil)
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
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
	return imp.run(ctx, sys, f, env)
}
