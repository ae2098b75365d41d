package identity

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"pishkhan/internal/db"
)

// Throttle scopes: the first column of signin_throttle.
const (
	scopeAddress        = "address"         // item: IP address (customers' sign-ins)
	scopeStaffAddress   = "staff_address"   // item: IP address (staff sign-ins, counted apart)
	scopeCustomer       = "customer"        // item: person id, or "?"+identifier for unknown ones
	scopeStaff          = "staff"           // item: staff id, or "?"+username
	scopeRecoveryIP     = "recovery_ip"     // item: IP address
	scopeRecoveryMobile = "recovery_mobile" // item: mobile
)

// The lockout is a counter per (scope, item) kept only in the database, so
// it holds across instances and restarts. The race it must win: 100 wrong
// passwords sent at once from one address must not all reach argon2
// before the first failure is written. So an attempt is RESERVED before
// the hash is checked, by one conditional upsert that increments attempts
// only while attempts < limit (or the old window or lock has run out, in
// which case it starts a fresh window). Both engines run that statement
// atomically on the row (PostgreSQL re-checks the WHERE on the row it
// locked; SQLite has one writer), so at most limit reservations exist per
// window, whatever the concurrency. No transaction is held while hashing.
// A window that runs out does not end a lock: the lock runs its own time.
//
// After the check, a failure is recorded (failures + 1; the failure that
// reaches the limit sets locked_until = now + Lock, so the lock runs from
// the last wrong attempt) and a success releases its reservation.

// congestionWait is how long an attempt waits for a place when the
// limit is taken only by attempts still being checked (several people
// behind one address signing in at the same moment), rather than by
// wrong passwords.
//
// It is long enough to outlast a queue for the hash slots: with one
// argon2id hash per core and each taking 0.1–1 s on a busy server, the
// last of a dozen people behind one address waits several seconds, and
// three seconds refused some of them as "address locked" (seen with
// TestConcurrentRightPasswordsFromOneAddressAllSignIn on a loaded
// machine). The request's own context still ends the wait.
const congestionWait = 15 * time.Second

// reserve takes one attempt. ok is false when the item is locked or its
// limit is used up; retry is then how long that still holds. When every
// place is held by an attempt in flight and none of them has failed yet,
// reserve waits for one to finish instead of refusing: an office or a
// carrier's NAT shares one address, and on payday more than three of its
// people sign in at once. The bound on checks in flight still holds, so
// parallel guesses still cannot outrun the lock.
func (s *Service) reserve(ctx context.Context, scope, item string, l Limit) (ok bool, retry time.Duration, err error) {
	deadline := time.Now().Add(congestionWait)
	for {
		ok, retry, congested, err := s.reserveOnce(ctx, scope, item, l)
		if ok || err != nil || !congested || time.Now().After(deadline) {
			return ok, retry, err
		}
		select {
		case <-ctx.Done():
			return false, 0, ctx.Err()
		case <-time.After(5*time.Millisecond + time.Duration(len(item)%7)*time.Millisecond):
		}
	}
}

// reserveOnce is one try of reserve; congested reports a refusal caused
// only by attempts in flight (no lock, fewer failures than the limit).
func (s *Service) reserveOnce(ctx context.Context, scope, item string, l Limit) (ok bool, retry time.Duration, congested bool, err error) {
	now := s.now()
	windowEnd := now.Add(-l.Window) // a window that started at or before this is over
	var attempts int
	err = s.db.ExecReturning(ctx, `INSERT INTO signin_throttle (scope, item, attempts, failures, window_start, locked_until)
		VALUES ($1, $2, 1, 0, $3, NULL)
		ON CONFLICT (scope, item) DO UPDATE SET
			attempts = CASE WHEN signin_throttle.locked_until <= $3 OR (signin_throttle.locked_until IS NULL AND signin_throttle.window_start <= $4)
				THEN 1 ELSE signin_throttle.attempts + 1 END,
			failures = CASE WHEN signin_throttle.locked_until <= $3 OR (signin_throttle.locked_until IS NULL AND signin_throttle.window_start <= $4)
				THEN 0 ELSE signin_throttle.failures END,
			window_start = CASE WHEN signin_throttle.locked_until <= $3 OR (signin_throttle.locked_until IS NULL AND signin_throttle.window_start <= $4)
				THEN $3 ELSE signin_throttle.window_start END,
			locked_until = CASE WHEN signin_throttle.locked_until <= $3 OR (signin_throttle.locked_until IS NULL AND signin_throttle.window_start <= $4)
				THEN NULL ELSE signin_throttle.locked_until END
		WHERE signin_throttle.locked_until <= $3 OR (signin_throttle.locked_until IS NULL AND signin_throttle.window_start <= $4)
			OR (signin_throttle.locked_until IS NULL AND signin_throttle.attempts < $5)
		RETURNING attempts`, scope, item, now, windowEnd, l.Attempts).Scan(&attempts)
	if err == nil {
		return true, 0, false, nil
	}
	if !errors.Is(err, db.ErrNoRows) {
		return false, 0, false, fmt.Errorf("identity: reserve %s attempt: %w", scope, err)
	}
	// Refused: say how long is left. A lock runs to locked_until; a limit
	// used up by attempts still in flight (or a plain rate limit) to the
	// end of the window.
	var windowStart time.Time
	var lockedUntil *time.Time
	var failures int
	err = s.db.QueryRow(ctx, "SELECT window_start, locked_until, failures FROM signin_throttle WHERE scope = $1 AND item = $2",
		scope, item).Scan(&windowStart, &lockedUntil, &failures)
	if errors.Is(err, db.ErrNoRows) {
		return false, 0, true, nil // cleared meanwhile: try again
	}
	if err != nil {
		return false, 0, false, fmt.Errorf("identity: read %s lock: %w", scope, err)
	}
	congested = l.Lock > 0 && lockedUntil == nil && failures < l.Attempts
	until := windowStart.Add(l.Window)
	if lockedUntil != nil {
		until = *lockedUntil
	} else if l.Lock > 0 {
		// In flight: the lock, if those attempts fail, will last Lock.
		until = now.Add(l.Lock)
	}
	return false, max(until.Sub(now), time.Second), congested, nil
}

// fail records a finished wrong attempt. locked reports that this failure
// set the lock (so the caller audits it once).
func (s *Service) fail(ctx context.Context, scope, item string, l Limit) (locked bool, err error) {
	if l.Lock == 0 {
		return false, nil // a plain rate limit: the reservation is the count
	}
	now := s.now()
	var failures int
	err = s.db.ExecReturning(ctx, `UPDATE signin_throttle SET failures = failures + 1,
			locked_until = CASE WHEN failures + 1 >= $3 AND locked_until IS NULL THEN $4 ELSE locked_until END
		WHERE scope = $1 AND item = $2 RETURNING failures`, scope, item, l.Attempts, now.Add(l.Lock)).Scan(&failures)
	if errors.Is(err, db.ErrNoRows) {
		return false, nil // unlocked by staff meanwhile
	}
	if err != nil {
		return false, fmt.Errorf("identity: record %s failure: %w", scope, err)
	}
	return failures == l.Attempts, nil
}

// release gives back a reservation that was not a wrong password (a
// success, or an attempt refused for another reason). Only the attempt is
// given back, not earlier failures: on a shared address one person's
// success must not wipe a stranger's wrong guesses.
func (s *Service) release(ctx context.Context, scope, item string) error {
	_, err := s.db.Exec(ctx, "UPDATE signin_throttle SET attempts = attempts - 1 WHERE scope = $1 AND item = $2 AND attempts > failures",
		scope, item)
	if err != nil {
		return fmt.Errorf("identity: release %s attempt: %w", scope, err)
	}
	return nil
}

// clear forgets an item's counter: the account's owner signed in, or
// staff unlocked it.
func clearThrottle(ctx context.Context, q db.Querier, scope, item string) (bool, error) {
	res, err := q.Exec(ctx, "DELETE FROM signin_throttle WHERE scope = $1 AND item = $2", scope, item)
	if err != nil {
		return false, fmt.Errorf("identity: clear %s counter: %w", scope, err)
	}
	return res.RowsAffected > 0, nil
}

func idItem(id int64) string { return strconv.FormatInt(id, 10) }

// Lock describes a current lock, for the back office.
type Lock struct {
	Scope       string // "address", "customer" or "staff"
	Item        string // the address, or the account's id
	Failures    int
	LockedUntil time.Time
}

// Locks lists the addresses and accounts locked now.
func (s *Service) Locks(ctx context.Context) ([]Lock, error) {
	return db.All(ctx, s.db, func(r db.Scanner) (Lock, error) {
		var l Lock
		err := r.Scan(&l.Scope, &l.Item, &l.Failures, &l.LockedUntil)
		return l, err
	}, `SELECT scope, item, failures, locked_until FROM signin_throttle
		WHERE locked_until > $1 ORDER BY locked_until DESC`, s.now())
}

// addressScope is the address counter of a kind of sign-in: customers'
// and staff's wrong passwords are counted apart, so that customers behind
// an office's or a carrier's address cannot lock staff out, nor the
// other way round.
func addressScope(kind string) string {
	if kind == KindStaff {
		return scopeStaffAddress
	}
	return scopeAddress
}

// AddressLocked reports whether an address is locked now for customers'
// sign-ins and for how long, without taking an attempt (for showing the
// message before the form is even submitted).
func (s *Service) AddressLocked(ctx context.Context, ip string) (time.Duration, error) {
	return s.addressLocked(ctx, scopeAddress, ip)
}

// StaffAddressLocked is AddressLocked for staff sign-ins.
func (s *Service) StaffAddressLocked(ctx context.Context, ip string) (time.Duration, error) {
	return s.addressLocked(ctx, scopeStaffAddress, ip)
}

func (s *Service) addressLocked(ctx context.Context, scope, ip string) (time.Duration, error) {
	var until *time.Time
	err := s.db.QueryRow(ctx, "SELECT locked_until FROM signin_throttle WHERE scope = $1 AND item = $2", scope, ip).Scan(&until)
	if errors.Is(err, db.ErrNoRows) || (err == nil && (until == nil || !until.After(s.now()))) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("identity: read address lock: %w", err)
	}
	return until.Sub(s.now()), nil
}

// UnlockAddress lets an address sign in again at once (a support call
// from an office behind one address), customers and staff alike. Audited.
func (s *Service) UnlockAddress(ctx context.Context, by Actor, ip string) error {
	return s.unlockAddress(ctx, by, ip, scopeAddress, scopeStaffAddress)
}

func (s *Service) unlockAddress(ctx context.Context, by Actor, ip string, scopes ...string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		found := false
		for _, scope := range scopes {
			f, err := clearThrottle(ctx, tx, scope, ip)
			if err != nil {
				return err
			}
			found = found || f
		}
		return s.audit(ctx, tx, auditEntry{actorKind: KindStaff, actorID: by.StaffID, ip: by.IP,
			action: ActionUnlockAddress, detail: ip + cond(found, "", " ("+auditNotLocked+")")})
	})
}

// UnlockCustomer clears a customer's account lock. Audited.
func (s *Service) UnlockCustomer(ctx context.Context, by Actor, personID int64) error {
	return s.unlockAccount(ctx, by, KindCustomer, personID)
}

// UnlockStaff clears a staff account's lock. Audited.
func (s *Service) UnlockStaff(ctx context.Context, by Actor, staffID int64) error {
	return s.unlockAccount(ctx, by, KindStaff, staffID)
}

func (s *Service) unlockAccount(ctx context.Context, by Actor, kind string, id int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		found, err := clearThrottle(ctx, tx, kind, idItem(id))
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, auditEntry{actorKind: KindStaff, actorID: by.StaffID, ip: by.IP,
			action: ActionUnlockAccount, targetKind: kind, targetID: id, detail: cond(found, "", auditNotLocked)})
	})
}

func cond[T any](c bool, a, b T) T {
	if c {
		return a
	}
	return b
}

// DeleteExpiredCounters removes counters whose window and lock are both
// over (they would be reset on next use anyway); the periodic cleanup job
// calls it so the table holds only live addresses.
func (s *Service) DeleteExpiredCounters(ctx context.Context) (int64, error) {
	now := s.now()
	longest := max(s.opts.AddressLimit.Window, s.opts.AccountLimit.Window, s.opts.RecoveryLimit.Window, s.opts.FactorLimit.Window)
	res, err := s.db.Exec(ctx, `DELETE FROM signin_throttle WHERE window_start <= $1 AND (locked_until IS NULL OR locked_until <= $2)`,
		now.Add(-longest), now)
	if err != nil {
		return 0, fmt.Errorf("identity: delete expired counters: %w", err)
	}
	return res.RowsAffected, nil
}
