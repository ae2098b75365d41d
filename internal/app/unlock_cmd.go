package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/netip"

	"pishkhan/internal/config"
	"pishkhan/internal/identity"
)

// unlockCmd is «pishkhan unlock»: the operator's way to lift a lock when
// no admin can sign in (the admins' own address or accounts locked), the
// same as the /staff/locks desk. Audited.
func unlockCmd(ctx context.Context, args []string, env *environment) error {
	var address, staffName, factorStaff string
	var account, factor int64
	return withSystem(ctx, args, env, "unlock", "Lift a sign-in lock: an address (customers' and staff's), a customer account, a staff account, or a second factor.\n"+
		"Exactly one of --address, --account, --staff, --factor, --factor-staff.", func(fs *flag.FlagSet) {
		fs.StringVar(&address, "address", "", "an IP address locked after wrong passwords")
		fs.Int64Var(&account, "account", 0, "a customer's account ID locked after wrong passwords")
		fs.StringVar(&staffName, "staff", "", "a staff member's username whose account is locked")
		fs.Int64Var(&factor, "factor", 0, "a customer's account ID whose second factor is locked after wrong codes")
		fs.StringVar(&factorStaff, "factor-staff", "", "a staff member's username whose authenticator is locked after wrong codes")
	}, func(cfg *config.Config, sys *system) error {
		n := 0
		for _, set := range []bool{address != "", account != 0, staffName != "", factor != 0, factorStaff != ""} {
			if set {
				n++
			}
		}
		if n != 1 {
			fmt.Fprintln(env.stderr, "pishkhan unlock: give exactly one of --address, --account, --staff, --factor, --factor-staff")
			return errUsage
		}
		var by identity.Actor // the command line: audited as the system
		var err error
		var what string
		switch {
		case address != "":
			a, perr := netip.ParseAddr(address)
			if perr != nil {
				return fmt.Errorf("%q is not an IP address", address)
			}
			what = "address " + a.Unmap().String()
			err = sys.identity.UnlockAddress(ctx, by, a.Unmap().String())
		case account != 0:
			what = fmt.Sprintf("customer account %d", account)
			err = sys.identity.UnlockCustomer(ctx, by, account)
		case factor != 0:
			what = fmt.Sprintf("second factor of customer account %d", factor)
			err = sys.identity.UnlockFactor(ctx, by, identity.KindCustomer, factor)
		default:
			name := staffName + factorStaff
			m, serr := sys.identity.StaffByUsername(ctx, name)
			if serr != nil {
				return fmt.Errorf("no staff member %q", name)
			}
			if staffName != "" {
				what = "staff account " + m.Username
				err = sys.identity.UnlockStaff(ctx, by, m.ID)
			} else {
				what = "authenticator of " + m.Username
				err = sys.identity.UnlockFactor(ctx, by, identity.KindStaff, m.ID)
			}
		}
		if errors.Is(err, identity.ErrNotLocked) {
			fmt.Fprintf(env.stdout, "%s was not locked\n", what)
			return nil
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "%s unlocked\n", what)
		return nil
	})
}
