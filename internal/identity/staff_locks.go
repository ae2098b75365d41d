package identity

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"strconv"
	"strings"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/web"
)

// The locks desk: an admin sees every address and account locked now and
// lifts a lock with one button (the command line's «pishkhan unlock» does
// the same), instead of waiting out 30 minutes or editing the database.

// ScopeLabel is the Persian name of a lock's kind.
func ScopeLabel(scope string) string {
	if l, ok := scopeLabels[scope]; ok {
		return l
	}
	return scope
}

// ErrNotLocked: the lock to lift is not there (it ran out or was lifted).
var ErrNotLocked = refusal("not_locked", msgNotLocked)

// Unlock lifts one lock listed by Locks, audited like UnlockAddress and
// UnlockCustomer/UnlockStaff.
func (s *Service) Unlock(ctx context.Context, by Actor, scope, item string) error {
	switch scope {
	case scopeAddress, scopeStaffAddress:
		return s.unlockAddress(ctx, by, item, scope)
	case KindCustomer, KindStaff:
		id, err := strconv.ParseInt(item, 10, 64)
		if err != nil {
			// An unknown identifier's counter ("?text"): nobody's account.
			found, err := clearThrottle(ctx, s.db, scope, item)
			if err == nil && !found {
				return ErrNotLocked
			}
			return err
		}
		return s.unlockAccount(ctx, by, scope, id)
	case scopeFactorCustomer, scopeFactorStaff:
		id, err := strconv.ParseInt(item, 10, 64)
		if err != nil {
			return ErrNotLocked
		}
		return s.UnlockFactor(ctx, by, factorKind(scope), id)
	}
	return ErrNotLocked
}

type lockRow struct {
	Lock
	Label, Who, Until string
}

type locksPage struct {
	Locks    []lockRow
	Attempts int // the address threshold (PISHKHAN_ADDRESS_ATTEMPTS)
}

func (p *Pages) staffLocks(w http.ResponseWriter, r *http.Request, m *StaffMember) {
	locks, err := p.svc.Locks(r.Context())
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	page := locksPage{Attempts: p.svc.opts.AddressLimit.Attempts}
	for _, l := range locks {
		row := lockRow{Lock: l, Label: ScopeLabel(l.Scope), Who: l.Item, Until: fa.FormatDateTime(l.LockedUntil)}
		row.Who = p.svc.lockSubject(r.Context(), l)
		page.Locks = append(page.Locks, row)
	}
	p.web.Render(w, r, http.StatusOK, "identity/staff_locks", web.View{Title: titleLocks, Layout: "staff", Data: page})
}

// lockSubject names what is locked: the address, or the account's owner.
func (s *Service) lockSubject(ctx context.Context, l Lock) string {
	id, err := strconv.ParseInt(l.Item, 10, 64)
	if err != nil {
		if strings.HasPrefix(l.Item, "?") {
			return msgUnknownIdentifier(strings.TrimPrefix(l.Item, "?"))
		}
		return l.Item
	}
	switch l.Scope {
	case KindCustomer, scopeFactorCustomer:
		if c, err := getCustomer(ctx, s.db, id); err == nil {
			return c.FullName() + " (" + c.NationalCode + ")"
		}
	case KindStaff, scopeFactorStaff:
		if st, err := s.Staff(ctx, id); err == nil {
			return st.FullName + " (" + st.Username + ")"
		}
	}
	return l.Item
}

func (p *Pages) staffLift(w http.ResponseWriter, r *http.Request, m *StaffMember) {
	if !p.web.ParseForm(w, r) {
		return
	}
	scope, item := r.PostFormValue("scope"), strings.TrimSpace(r.PostFormValue("item"))
	if scope == scopeAddress || scope == scopeStaffAddress {
		addr, err := netip.ParseAddr(fa.LatinDigits(item))
		if err != nil {
			p.web.SetFlash(w, "error", msgBadIP)
			web.Redirect(w, r, "/staff/locks")
			return
		}
		item = addr.Unmap().String()
	}
	err := p.svc.Unlock(r.Context(), p.actor(r, m), scope, item)
	switch {
	case err == nil:
		p.web.SetFlash(w, "success", msgLockLifted(ScopeLabel(scope)))
	case errors.Is(err, ErrNotLocked):
		p.web.SetFlash(w, "info", ErrNotLocked.Message)
	default:
		if errors.Is(err, db.ErrNoRows) {
			p.web.SetFlash(w, "info", ErrNotLocked.Message)
			break
		}
		p.web.ServerError(w, r, err)
		return
	}
	web.Redirect(w, r, "/staff/locks")
}
