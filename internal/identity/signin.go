package identity

import (
	"context"
	"errors"
	"fmt"
	"pishkhan/internal/notify"
	"strings"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// account is what sign-in needs to know about whoever an identifier names.
type account struct {
	kind     string
	id       int64 // 0: nobody
	name     string
	disabled bool
	cred     credential
	staff    *StaffMember
	// nationalCode opens an initial NationalCodePassword (customers only).
	nationalCode string
}

// SignIn checks a customer's identifier (username, mobile, card customer
// ID or national code, in any digit script) and password.
//
// Refusals: ErrAddressLocked and ErrAccountLocked (with RetryAfter),
// ErrBadCredentials (never saying whether the identifier exists),
// ErrInitialExpired (only after the right password). Only an attempt that
// has reserved a place under both limits reaches argon2.
func (s *Service) SignIn(ctx context.Context, identifier, password, ip, userAgent string) (*Result, error) {
	identifier = fa.NormalizeInput(identifier)
	return s.signIn(ctx, KindCustomer, identifier, password, ip, userAgent, func(ctx context.Context) (account, error) {
		id, err := resolveIdentifier(ctx, s.db, identifier)
		if err != nil || id == 0 {
			return account{kind: KindCustomer}, err
		}
		c, err := getCustomer(ctx, s.db, id)
		if err != nil {
			return account{}, err
		}
		cred, err := getCredential(ctx, s.db, KindCustomer, id)
		if errors.Is(err, db.ErrNoRows) {
			return account{kind: KindCustomer}, nil // no password: cannot sign in
		}
		if err != nil {
			return account{}, fmt.Errorf("identity: load password: %w", err)
		}
		return account{kind: KindCustomer, id: id, name: c.FullName(), cred: cred, nationalCode: c.NationalCode}, nil
	})
}

// SignInStaff checks a staff member's username and password, under the
// same rule as customers but counted apart: staff's wrong passwords from
// an address lock that address for staff only, and customers' for
// customers only.
func (s *Service) SignInStaff(ctx context.Context, username, password, ip, userAgent string) (*Result, error) {
	username = strings.ToLower(fa.NormalizeInput(username))
	return s.signIn(ctx, KindStaff, username, password, ip, userAgent, func(ctx context.Context) (account, error) {
		st, err := getStaffByUsername(ctx, s.db, username)
		if errors.Is(err, ErrNotFound) {
			return account{kind: KindStaff}, nil
		}
		if err != nil {
			return account{}, err
		}
		cred, err := getCredential(ctx, s.db, KindStaff, st.ID)
		if errors.Is(err, db.ErrNoRows) {
			return account{kind: KindStaff}, nil
		}
		if err != nil {
			return account{}, fmt.Errorf("identity: load staff password: %w", err)
		}
		st.MustChange = cred.mustChange
		return account{kind: KindStaff, id: st.ID, name: st.FullName, disabled: st.Disabled, cred: cred, staff: st}, nil
	})
}

func (s *Service) signIn(ctx context.Context, kind, identifier, password, ip, ua string, load func(context.Context) (account, error)) (*Result, error) {
	password = normalisePassword(password)

	// 1. The address: reserve an attempt before anything else.
	addrScope := addressScope(kind)
	ok, retry, err := s.reserve(ctx, addrScope, ip, s.opts.AddressLimit)
	if err != nil {
		return nil, err
	}
	if !ok {
		s.recordSignIn(ctx, kind, 0, identifier, ip, ua, false, ReasonAddressLocked)
		return nil, lockedError(ErrAddressLocked, retry, s.opts.AddressLimit.Attempts)
	}
	releaseAddress := func() {
		if err := s.release(ctx, addrScope, ip); err != nil {
			s.log.Error("release address attempt", "err", err)
		}
	}

	acct, err := load(ctx)
	if err != nil {
		releaseAddress()
		return nil, err
	}

	// 2. The account. An unknown identifier is throttled under its own
	// text, so that locking says nothing about whether an account exists.
	accountItem := "?" + fa.Clip(identifier, identifierMaxLength)
	if acct.id != 0 {
		accountItem = idItem(acct.id)
	}
	ok, retry, err = s.reserve(ctx, kind, accountItem, s.opts.AccountLimit)
	if err != nil {
		releaseAddress()
		return nil, err
	}
	if !ok {
		releaseAddress() // not a guess: nothing was checked
		s.recordSignIn(ctx, kind, acct.id, identifier, ip, ua, false, ReasonAccountLocked)
		return nil, lockedError(ErrAccountLocked, retry, 0)
	}

	// 3. The hash: exactly one verification whether or not the account
	// exists.
	cred := acct.cred
	if acct.id == 0 {
		cred.hash = s.dummyHash()
	}
	match, rehash, err := s.checkPassword(ctx, cred, acct.nationalCode, password)
	if err != nil {
		s.log.Error("verify password", "kind", kind, "subject", acct.id, "err", err)
		match = false
	}
	match = match && acct.id != 0

	if !match {
		return nil, s.signInFailed(ctx, kind, acct, accountItem, identifier, ip, ua)
	}

	// The right password. Give the reservations back first, so that a
	// refusal below (expired, disabled) does not count as a guess.
	releaseAddress()
	if _, err := clearThrottle(ctx, s.db, kind, accountItem); err != nil {
		s.log.Error("clear account counter", "err", err)
	}
	now := s.now()
	if acct.disabled {
		s.recordSignIn(ctx, kind, acct.id, identifier, ip, ua, false, ReasonDisabled)
		return nil, ErrDisabled
	}
	if acct.cred.mustChange && acct.cred.expiresAt != nil && !now.Before(*acct.cred.expiresAt) {
		s.recordSignIn(ctx, kind, acct.id, identifier, ip, ua, false, ReasonInitialExpired)
		return nil, ErrInitialExpired
	}
	if rehash {
		// Parameters were raised since this hash was made.
		if h, err := s.hash(ctx, password); err == nil {
			if _, err := s.db.Exec(ctx, "UPDATE credentials SET password_hash = $1 WHERE subject_kind = $2 AND subject_id = $3 AND password_hash = $4",
				h, kind, acct.id, acct.cred.hash); err != nil {
				s.log.Error("rehash password", "err", err)
			}
		}
	}
	s.recordSignIn(ctx, kind, acct.id, identifier, ip, ua, true, ReasonOK)
	if err := s.audit(ctx, s.db, auditEntry{actorKind: kind, actorID: acct.id, action: ActionSignIn,
		targetKind: kind, targetID: acct.id, ip: ip}); err != nil {
		s.log.Error("audit sign-in", "err", err)
	}
	res := &Result{Kind: kind, SubjectID: acct.id, Name: acct.name, MustChangePassword: acct.cred.mustChange, Staff: acct.staff}
	if kind == KindCustomer {
		n, err := countAnswers(ctx, s.db, acct.id)
		if err != nil {
			return nil, err
		}
		res.NeedsSecurityQuestions = n < QuestionsRequired
	}
	return res, nil
}

// signInFailed records a wrong password against both counters and tells
// the person; the failure that reaches the address limit already answers
// with the lock message, so the third wrong attempt says what happened.
func (s *Service) signInFailed(ctx context.Context, kind string, acct account, accountItem, identifier, ip, ua string) error {
	addrLocked, err := s.fail(ctx, addressScope(kind), ip, s.opts.AddressLimit)
	if err != nil {
		return err
	}
	acctLocked, err := s.fail(ctx, kind, accountItem, s.opts.AccountLimit)
	if err != nil {
		return err
	}
	reason := ReasonBadPassword
	if acct.id == 0 {
		reason = ReasonUnknown
	}
	s.recordSignIn(ctx, kind, acct.id, identifier, ip, ua, false, reason)
	actor := actorAnonymous
	var entries []auditEntry
	entries = append(entries, auditEntry{actorKind: actor, action: ActionSignInFailed, targetKind: kind, targetID: acct.id, ip: ip,
		detail: reason + " " + fa.Clip(identifier, identifierMaxLength)})
	if addrLocked {
		entries = append(entries, auditEntry{actorKind: actorSystem, action: ActionAddressLocked, ip: ip, detail: ip})
	}
	if acctLocked {
		entries = append(entries, auditEntry{actorKind: actorSystem, action: ActionAccountLocked, targetKind: kind, targetID: acct.id, ip: ip,
			detail: accountItem})
	}
	for _, e := range entries {
		if err := s.audit(ctx, s.db, e); err != nil {
			s.log.Error("audit failed sign-in", "err", err)
		}
	}
	switch {
	case addrLocked:
		return lockedError(ErrAddressLocked, s.opts.AddressLimit.Lock, s.opts.AddressLimit.Attempts)
	case acctLocked:
		return lockedError(ErrAccountLocked, s.opts.AccountLimit.Lock, 0)
	}
	return ErrBadCredentials
}

// ChangePassword sets a customer's new password (the header's «تغییر
// کلمه عبور» and the forced first change). old may be empty only while a
// change is forced: the person has just signed in with the temporary
// password and the page has kept them on the change form since. The
// person's other sessions end (the one in the context's Client is kept).
func (s *Service) ChangePassword(ctx context.Context, personID int64, old, newPassword, repeat string) error {
	c, err := getCustomer(ctx, s.db, personID)
	if err != nil {
		return err
	}
	return s.changePassword(ctx, KindCustomer, personID, c.passwordContext(), old, newPassword, repeat, func(tx *db.Tx) error {
		// The owner hears of a change they did not make (ASVS 2.2.3); the
		// forced first change is the person choosing their first password
		// and needs no warning.
		if c.Mobile == "" {
			return nil
		}
		_, err := s.sms.Queue(ctx, tx, notify.Message{PersonID: c.ID, RecipientName: c.FullName(), To: c.Mobile,
			Reason: PasswordChangedReason,
			Text:   smsPasswordChanged})
		return err
	})
}

// ChangeStaffPassword is ChangePassword for staff (12 characters at least).
func (s *Service) ChangeStaffPassword(ctx context.Context, staffID int64, old, newPassword, repeat string) error {
	st, err := getStaff(ctx, s.db, staffID)
	if err != nil {
		return err
	}
	return s.changePassword(ctx, KindStaff, staffID, st.passwordContext(), old, newPassword, repeat, nil)
}

// changePassword checks and stores a new password. afterChange, if not nil,
// runs in the same transaction after a voluntary change (not the forced
// first one).
func (s *Service) changePassword(ctx context.Context, kind string, id int64, pc PasswordContext, old, newPassword, repeat string, afterChange func(*db.Tx) error) error {
	old, newPassword, repeat = normalisePassword(old), normalisePassword(newPassword), normalisePassword(repeat)
	cred, err := getCredential(ctx, s.db, kind, id)
	if err != nil {
		return fmt.Errorf("identity: load password: %w", err)
	}
	if old != "" || !cred.mustChange {
		ok, _, err := s.checkPassword(ctx, cred, pc.NationalCode, old)
		if err != nil {
			return fmt.Errorf("identity: verify old password: %w", err)
		}
		if !ok {
			return ErrWrongOldPassword
		}
	}
	if newPassword != repeat {
		return ErrRepeatMismatch
	}
	if problems := CheckPassword(newPassword, pc); len(problems) > 0 {
		return policyError(problems)
	}
	// The temporary password (the national code, or one sent by SMS) must
	// not be kept as the chosen one.
	if same, _, _ := s.checkPassword(ctx, cred, pc.NationalCode, newPassword); same {
		return ErrSamePassword
	}
	hash, err := s.hash(ctx, newPassword)
	if err != nil {
		return err
	}
	client := clientOf(ctx)
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := setCredential(ctx, tx, kind, id, hash, false, nil, s.now()); err != nil {
			return err
		}
		if err := s.endSessions(ctx, tx, kind, id, client.SessionID); err != nil {
			return err
		}
		if afterChange != nil && !cred.mustChange {
			if err := afterChange(tx); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, auditEntry{actorKind: kind, actorID: id, action: ActionPasswordChange, targetKind: kind, targetID: id,
			detail: cond(cred.mustChange, auditForcedChange, "")})
	})
}

func (s *Service) endSessions(ctx context.Context, q db.Querier, kind string, id, keep int64) error {
	if s.opts.EndSessions == nil {
		return nil
	}
	if err := s.opts.EndSessions(ctx, q, kind, id, keep); err != nil {
		return fmt.Errorf("identity: end sessions: %w", err)
	}
	return nil
}

// EndOtherSessions ends every session of a customer except the current
// one (the context's Client), for «خروج از نشست‌های دیگر». Audited.
func (s *Service) EndOtherSessions(ctx context.Context, kind string, id int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := s.endSessions(ctx, tx, kind, id, clientOf(ctx).SessionID); err != nil {
			return err
		}
		return s.audit(ctx, tx, auditEntry{actorKind: kind, actorID: id, action: ActionSessionsEnded, targetKind: kind, targetID: id})
	})
}
