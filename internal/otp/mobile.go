package otp

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
)

// Audit actions written by this package (identity's ActionLabel shows the
// raw code until identity gains labels for them).
const (
	ActionMobileConfirm = "otp_mobile_confirm"
	ActionMobileRevoke  = "otp_mobile_revoke"
	ActionDeviceDisable = "otp_device_disable"
)

const (
	checkMaxLength  = 200
	reasonMaxLength = 500
)

var (
	ErrMobileInvalid  = fa.Refusal("otp", "mobile_invalid", fa.MsgMobile)
	ErrCheckRequired  = fa.Refusal("otp", "identity_check_required", msgCheckRequired)
	ErrReasonRequired = fa.Refusal("otp", "reason_required", msgReasonRequired)
	ErrNoMobile       = fa.Refusal("otp", "no_mobile", msgNoMobile)
	ErrNoStaff        = fa.Refusal("otp", "no_staff", msgNoStaff)
)

// UseAudit sets the identity service whose audit log records staff
// actions on confirmed mobiles and devices. Call it at start-up, before
// serving: ConfirmMobile, RevokeMobile and StaffDisableDevice fail
// without it rather than act unrecorded.
func (s *Service) UseAudit(ids *identity.Service) { s.ids = ids }

func (s *Service) audit(ctx context.Context, q db.Querier, staffID int64, action string, personID int64, detail string) error {
	if s.ids == nil {
		return errors.New("otp: audit log not wired: call Service.UseAudit")
	}
	err := s.ids.Audit(ctx, q, identity.AuditRecord{ActorKind: identity.KindStaff, ActorID: staffID,
		Action: action, TargetKind: identity.KindCustomer, TargetID: personID, Detail: detail})
	if err != nil {
		return wrap("write audit entry", err)
	}
	return nil
}

// ConfirmMobile records mobile as the number staff member staffID
// confirmed in person for personID, after the identity check described in
// check (required free text, e.g. «کارت ملی، ۴ رقم آخر ۵۶۷۸»). Dynamic
// passwords by SMS go only to this number. It replaces an earlier
// confirmation; when the number changed, the person's authenticator (and
// any pending enrolment) is disabled in the same transaction, since after
// a number change the app must be enrolled again (guide answer 7). The
// confirmation and the disabling are audited.
func (s *Service) ConfirmMobile(ctx context.Context, personID int64, mobile string, staffID int64, check string) error {
	if personID <= 0 {
		return ErrBadRequest
	}
	if staffID <= 0 {
		return ErrNoStaff
	}
	m, err := fa.ParseMobile(mobile)
	if err != nil {
		return ErrMobileInvalid
	}
	check = strings.TrimSpace(fa.NormalizeInput(check))
	if check == "" {
		return ErrCheckRequired
	}
	if utf8.RuneCountInString(check) > checkMaxLength {
		return ErrCheckRequired.Saying(msgCheckTooLong(checkMaxLength))
	}
	now := s.now()
	disabled := false
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		disabled = false
		var prev string
		err := tx.QueryRow(ctx, `SELECT mobile FROM otp_confirmed_mobiles WHERE person_id = $1`+db.ForUpdate(tx), personID).Scan(&prev)
		if err != nil && !errors.Is(err, db.ErrNoRows) {
			return wrap("read confirmed mobile", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO otp_confirmed_mobiles (person_id, mobile, identity_check, confirmed_by, confirmed_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (person_id) DO UPDATE SET mobile = excluded.mobile,
			identity_check = excluded.identity_check, confirmed_by = excluded.confirmed_by, confirmed_at = excluded.confirmed_at`,
			personID, m, check, staffID, now); err != nil {
			return wrap("store confirmed mobile", err)
		}
		detail := auditMobileConfirmed(m, check)
		if prev != "" && prev != m {
			detail = auditMobileChanged(prev, m, check)
			res, err := tx.Exec(ctx, `UPDATE otp_devices SET status = $1, ended_at = $2, ended_by = 'mobile_changed'
				WHERE person_id = $3 AND status IN ($4, $5)`, statusDisabled, now, personID, statusActive, statusPending)
			if err != nil {
				return wrap("disable device after mobile change", err)
			}
			if res.RowsAffected > 0 {
				disabled = true
				detail += auditDeviceEndedToo
			}
		}
		return s.audit(ctx, tx, staffID, ActionMobileConfirm, personID, detail)
	})
	if err != nil {
		return err
	}
	if disabled {
		s.log.Info("otp: mobile changed, authenticator disabled", "person", personID, "staff", staffID)
	}
	return nil
}

// ConfirmedMobile returns the mobile staff confirmed for personID (the
// canonical form of fa.ParseMobile) and whether there is one. Callers
// sending dynamic passwords by SMS use only this number.
func (s *Service) ConfirmedMobile(ctx context.Context, personID int64) (string, bool, error) {
	var m string
	err := s.db.QueryRow(ctx, `SELECT mobile FROM otp_confirmed_mobiles WHERE person_id = $1`, personID).Scan(&m)
	if errors.Is(err, db.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, wrap("read confirmed mobile", err)
	}
	return m, true, nil
}

// MobileConfirmation is the confirmed mobile with who confirmed it, when
// and how.
type MobileConfirmation struct {
	Mobile        string
	IdentityCheck string
	ConfirmedBy   int64
	ConfirmedAt   time.Time
}

// MobileConfirmation returns the full confirmation record, or ErrNoMobile.
func (s *Service) MobileConfirmation(ctx context.Context, personID int64) (*MobileConfirmation, error) {
	var c MobileConfirmation
	err := s.db.QueryRow(ctx, `SELECT mobile, identity_check, confirmed_by, confirmed_at FROM otp_confirmed_mobiles
		WHERE person_id = $1`, personID).Scan(&c.Mobile, &c.IdentityCheck, &c.ConfirmedBy, &c.ConfirmedAt)
	if errors.Is(err, db.ErrNoRows) {
		return nil, ErrNoMobile
	}
	if err != nil {
		return nil, wrap("read confirmed mobile", err)
	}
	return &c, nil
}

// RevokeMobile removes personID's confirmed mobile (SMS codes stop until
// staff confirm one again), audited with reason. ErrNoMobile when there is
// none.
func (s *Service) RevokeMobile(ctx context.Context, personID, staffID int64, reason string) error {
	if staffID <= 0 {
		return ErrNoStaff
	}
	reason, err := cleanReason(reason)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var prev string
		err := tx.QueryRow(ctx, `SELECT mobile FROM otp_confirmed_mobiles WHERE person_id = $1`+db.ForUpdate(tx), personID).Scan(&prev)
		if errors.Is(err, db.ErrNoRows) {
			return ErrNoMobile
		}
		if err != nil {
			return wrap("read confirmed mobile", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM otp_confirmed_mobiles WHERE person_id = $1`, personID); err != nil {
			return wrap("revoke confirmed mobile", err)
		}
		return s.audit(ctx, tx, staffID, ActionMobileRevoke, personID,
			auditMobileRevoked(prev, reason))
	})
}

// StaffDisableDevice is DisableDevice by a named staff member with a
// reason (a lost phone, guide answer 30), audited in the same transaction.
func (s *Service) StaffDisableDevice(ctx context.Context, personID, staffID int64, reason string) error {
	if staffID <= 0 {
		return ErrNoStaff
	}
	reason, err := cleanReason(reason)
	if err != nil {
		return err
	}
	now := s.now()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE otp_devices SET status = $1, ended_at = $2, ended_by = 'staff'
			WHERE person_id = $3 AND status IN ($4, $5)`, statusDisabled, now, personID, statusActive, statusPending)
		if err != nil {
			return wrap("end device", err)
		}
		if res.RowsAffected == 0 {
			return ErrNoDevice
		}
		return s.audit(ctx, tx, staffID, ActionDeviceDisable, personID, auditDeviceDisabled(reason))
	})
	if err == nil {
		s.log.Info("otp: staff disabled authenticator", "person", personID, "staff", staffID)
	}
	return err
}

func cleanReason(reason string) (string, error) {
	reason = strings.TrimSpace(fa.NormalizeInput(reason))
	if reason == "" {
		return "", ErrReasonRequired
	}
	if utf8.RuneCountInString(reason) > reasonMaxLength {
		return "", ErrReasonRequired.Saying(msgReasonTooLong(reasonMaxLength))
	}
	return reason, nil
}
