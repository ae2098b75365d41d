package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"pishkhan/internal/identity"
)

// staff manages back-office accounts from the command line: the first
// admin has to come from somewhere.
func staff(ctx context.Context, args []string, env *environment) error {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" || args[0] == "help" {
		fmt.Fprint(env.stdout, "Usage: pishkhan staff add --username NAME --name \"FULL NAME\" --role ROLE[,ROLE…]\n\n"+
			"Creates a staff account and prints a one-time password that must be changed at first sign-in.\n"+
			"Roles: "+strings.Join(identity.Roles, ", ")+"\n")
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	if args[0] != "add" {
		fmt.Fprintf(env.stderr, "pishkhan staff: unknown subcommand %q (try: pishkhan staff add --help)\n", args[0])
		return errUsage
	}
	var username, fullName, roles string
	cfg, err := loadConfig(args[1:], env, "staff add", "Create a staff account and print its one-time password.\nRoles: "+strings.Join(identity.Roles, ", "), func(fs *flag.FlagSet) {
		fs.StringVar(&username, "username", "", "sign-in name (Latin letters and digits)")
		fs.StringVar(&fullName, "name", "", "full name, as shown to colleagues")
		fs.StringVar(&roles, "role", "", "comma-separated roles")
	})
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
	var list []string
	for _, r := range strings.Split(roles, ",") {
		if r = strings.TrimSpace(r); r != "" {
			list = append(list, r)
		}
	}
	m, password, err := sys.identity.CreateStaff(ctx, identity.Actor{}, username, fullName, list)
	if err != nil {
		if msg, ok := identityMessage(err); ok {
			return fmt.Errorf("%s", msg)
		}
		return err
	}
	fmt.Fprintf(env.stdout, "staff account %q created (roles: %s)\none-time password: %s\nit must be changed at first sign-in at %s/staff/login\n",
		m.Username, strings.Join(m.Roles, ", "), password, cfg.BaseURL)
	return nil
}

// identityMessage gives the Persian message of a domain error, for the CLI.
func identityMessage(err error) (string, bool) {
	var um interface{ UserMessage() string }
	if errors.As(err, &um) {
		return um.UserMessage(), true
	}
	return "", false
}

func asUserMessage(err error, target *interface{ UserMessage() string }) bool {
	return errors.As(err, target)
}
