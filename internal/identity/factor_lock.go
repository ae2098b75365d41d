package identity

import (
	"context"

	"pishkhan/internal/db"
	"pishkhan/internal/notify"
)

// Second factors (authenticator codes of customers and staff, SMS codes)
// are counted per account across sessions and devices, in the same
// throttle table as passwords: without it, ending a session after five
// wrong codes and signing in again with the password starts over, and a
// 6-digit code falls to patience (ASVS 2.2.1). FactorLimit wrong codes
// (10) within its window (an hour) lock the factor for Lock (an hour)
// from the last wrong code, or until an admin lifts it at /staff/locks
// or with «pishkhan unlock --factor». The lock is audited and the
// customer hears of it by SMS.
const (
	scopeFactorCustomer = "factor_customer" // item: person id
	scopeFactorStaff    = "factor_staff"    // item: staff id
)

var ErrFactorLocked = refusal("factor_locked", msgFactorLocked)

func factorScope(kind string) string {
	if kind == KindStaff {
		return scopeFactorStaff
	}
	return scopeFactorCustomer
}

func factorKind(scope string) string {
	if scope == scopeFactorStaff {
		return KindStaff
	}
	return KindCustomer
}

// ReserveFactor takes one attempt at kind's account id's second factor
// before its code is checked: ErrFactorLocked (with RetryAfter) when the
// factor is locked. Every reservation ends with FactorWrong or FactorRight.
func (s *Service) ReserveFactor(ctx context.Context, kind string, id int64) error {
	ok, retry, err := s.reserve(ctx, factorScope(kind), idItem(id), s.opts.FactorLimit)
	if err != nil {
		return err
	}
	if !ok {
		return lockedError(ErrFactorLocked, retry, 0)
	}
	return nil
}

// FactorWrong records a wrong code. The one that reaches the limit locks
// the factor, is audited, sends the customer an SMS, and returns
// ErrFactorLocked; otherwise it returns nil.
func (s *Service) FactorWrong(ctx context.Context, kind string, id int64) error {
	locked, err := s.fail(ctx, factorScope(kind), idItem(id), s.opts.FactorLimit)
	if err != nil || !locked {
		return err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := s.audit(ctx, tx, auditEntry{actorKind: actorSystem, action: ActionFactorLocked, targetKind: kind, targetID: id,
			detail: ScopeLabel(factorScope(kind))}); err != nil {
			return err
		}
		if kind != KindCustomer || s.sms == nil {
			return nil // staff accounts have no mobile: the audit log and the desk show it
		}
		c, err := getCustomer(ctx, tx, id)
		if err != nil || c.Mobile == "" {
			return nil
		}
		_, err = s.sms.Queue(ctx, tx, notify.Message{PersonID: c.ID, RecipientName: c.FullName(), To: c.Mobile, Reason: FactorLockedReason,
			Text: smsFactorLocked})
		return err
	})
	if err != nil {
		return err
	}
	return lockedError(ErrFactorLocked, s.opts.FactorLimit.Lock, 0)
}

// FactorRight ends a reservation whose code was right: the owner has the
// factor, so its count starts over.
func (s *Service) FactorRight(ctx context.Context, kind string, id int64) error {
	_, err := clearThrottle(ctx, s.db, factorScope(kind), idItem(id))
	return err
}

// FactorNotChecked gives back a reservation whose code was never checked
// (no device, no live code): not a guess.
func (s *Service) FactorNotChecked(ctx context.Context, kind string, id int64) error {
	return s.release(ctx, factorScope(kind), idItem(id))
}

// UnlockFactor lifts a second factor's lock. Audited.
func (s *Service) UnlockFactor(ctx context.Context, by Actor, kind string, id int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		found, err := clearThrottle(ctx, tx, factorScope(kind), idItem(id))
		if err != nil {
			return err
		}
		if !found {
			return ErrNotLocked
		}
		return s.audit(ctx, tx, auditEntry{actorKind: cond(by.StaffID != 0, KindStaff, actorSystem), actorID: by.StaffID, ip: by.IP,
			action: ActionUnlockFactor, targetKind: kind, targetID: id})
	})
}
