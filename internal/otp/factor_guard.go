package otp

import (
	"context"
	"errors"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
)

// ErrFactorLocked: too many wrong codes for this account across sessions
// (identity's FactorLimit: 10 an hour); every code, right or wrong, is
// refused until an hour has passed or an admin lifts the lock. Its
// message says how long.
var ErrFactorLocked = fa.Refusal("otp", "factor_locked", msgFactorLocked)

// guarded runs check, a code check of kind's account id, under identity's
// per-account count of wrong codes: the per-code and per-minute limits
// alone restart with every new code or session. check reports whether
// the code was compared and found wrong (wrong), or accepted (ok). Without
// the identity service (UseAudit not called: some tests) check runs alone.
func (s *Service) guarded(ctx context.Context, kind string, id int64, check func() (ok, wrong bool, err error)) error {
	if s.ids == nil {
		_, _, err := check()
		return err
	}
	if err := s.ids.ReserveFactor(ctx, kind, id); err != nil {
		return factorLocked(err)
	}
	ok, wrong, err := check()
	switch {
	case ok:
		if e := s.ids.FactorRight(ctx, kind, id); e != nil {
			s.log.Error("otp: clear factor counter", "err", e)
		}
	case wrong:
		if e := s.ids.FactorWrong(ctx, kind, id); e != nil {
			if lock := factorLocked(e); lock != e {
				return lock
			}
			s.log.Error("otp: count wrong code", "err", e)
		}
	default:
		if e := s.ids.FactorNotChecked(ctx, kind, id); e != nil {
			s.log.Error("otp: release factor attempt", "err", e)
		}
	}
	return err
}

// factorLocked turns identity's lock (with its minutes) into this
// package's error, which every page of a code already shows.
func factorLocked(err error) error {
	if msg, ok := fa.UserMessage(err); ok && errors.Is(err, identity.ErrFactorLocked) {
		return ErrFactorLocked.Saying(msg)
	}
	return err
}
