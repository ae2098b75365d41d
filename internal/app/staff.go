package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"pishkhan/internal/config"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/welfare"
)

// staff manages back-office accounts from the command line: the first
// admin has to come from somewhere.
func staff(ctx context.Context, args []string, env *environment) error {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" || args[0] == "help" {
		fmt.Fprint(env.stdout, "Usage: pishkhan staff add --username NAME --name \"FULL NAME\" --role ROLE[,ROLE…]\n"+
			"       pishkhan staff reset-authenticator --username NAME --reason \"WHY\"\n\n"+
			"add creates a staff account and prints a one-time password that must be changed at first sign-in,\n"+
			"where the staff member also enrols an authenticator app (every sign-in asks for its code).\n"+
			"reset-authenticator ends a staff member's authenticator (a lost phone; the last admin's included):\n"+
			"their next sign-in enrols a new one. It is written to the audit log.\n"+
			"Roles: "+staffRoles()+"\n")
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	switch args[0] {
	case "add":
	case "reset-authenticator":
		return staffResetAuthenticator(ctx, args[1:], env)
	default:
		fmt.Fprintf(env.stderr, "pishkhan staff: unknown subcommand %q (try: pishkhan staff add --help)\n", args[0])
		return errUsage
	}
	var username, fullName, roles string
	return withSystem(ctx, args[1:], env, "staff add", "Create a staff account and print its one-time password.\nRoles: "+staffRoles(), func(fs *flag.FlagSet) {
		fs.StringVar(&username, "username", "", "sign-in name (Latin letters and digits)")
		fs.StringVar(&fullName, "name", "", "full name, as shown to colleagues")
		fs.StringVar(&roles, "role", "", "comma-separated roles")
	}, func(cfg *config.Config, sys *system) error {
		var list []string
		for _, r := range strings.Split(roles, ",") {
			if r = strings.TrimSpace(r); r != "" {
				list = append(list, r)
			}
		}
		m, password, err := sys.identity.CreateStaff(ctx, identity.Actor{}, username, fullName, list)
		if err != nil {
			if msg, ok := fa.UserMessage(err); ok {
				return fmt.Errorf("%s", msg)
			}
			return err
		}
		fmt.Fprintf(env.stdout, "staff account %q created (roles: %s)\none-time password: %s\nit must be changed at first sign-in at %s/staff/login\n",
			m.Username, strings.Join(m.Roles, ", "), password, cfg.BaseURL)
		return nil
	})
}

// staffRoles names the roles for the help text, which is printed before
// any area registers its own.
func staffRoles() string {
	return strings.Join(identity.Roles, ", ") + ", " + welfare.RoleManager + " (where the welfare area is served)"
}

// staffResetAuthenticator is «pishkhan staff reset-authenticator»: the
// operator's way back in when the admin who could reset a lost phone's
// authenticator from the back office is the one who lost it.
func staffResetAuthenticator(ctx context.Context, args []string, env *environment) error {
	var username, reason string
	return withSystem(ctx, args, env, "staff reset-authenticator", "End a staff member's authenticator; their next sign-in enrols a new one.", func(fs *flag.FlagSet) {
		fs.StringVar(&username, "username", "", "the staff member's sign-in name")
		fs.StringVar(&reason, "reason", "", "why (written to the audit log)")
	}, func(cfg *config.Config, sys *system) error {
		if username == "" {
			return fmt.Errorf("--username is required")
		}
		m, err := sys.identity.StaffByUsername(ctx, username)
		if err != nil {
			return fmt.Errorf("no staff member %q", username)
		}
		if err := sys.otp.ResetStaffDevice(ctx, m.ID, 0, reason); err != nil {
			var oe *fa.Error
			if errors.As(err, &oe) {
				return fmt.Errorf("%s", oe.Message)
			}
			return err
		}
		fmt.Fprintf(env.stdout, "authenticator of %q reset; it is enrolled again at the next sign-in at %s/staff/login\n", m.Username, cfg.BaseURL)
		return nil
	})
}
