package otp

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"image/png"
	"strconv"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"pishkhan/internal/db"
	"pishkhan/internal/identity"
)

// Staff two-factor (issue 7): a staff member enrols an authenticator at
// their first sign-in and gives a code of it at every sign-in after the
// password. Unlike a customer's «برنامک رمزساز», the enrolment needs no
// SMS activation code: the QR is shown only inside a session that has
// just passed the staff password, and staff have no confirmed mobile.
// identity asks StaffEnrolled which stage a fresh staff session starts
// in; the pages in staff_signin_pages.go finish it.

// ActionStaffDeviceReset is the audit action of an admin resetting a
// colleague's authenticator (lost phone), or of the CLI doing so.
const ActionStaffDeviceReset = "otp_staff_device_reset"

// StaffEnrolment is what the enrolment page shows: the QR code, the
// otpauth:// URI and the secret for typing by hand.
type StaffEnrolment struct {
	Enrolment
	Secret string
}

// StaffEnrolled reports whether the staff member has an active
// authenticator (identity.StaffTwoFactor).
func (s *Service) StaffEnrolled(ctx context.Context, staffID int64) (bool, error) {
	var n int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM otp_staff_devices WHERE staff_id = $1 AND status = $2`,
		staffID, statusActive).Scan(&n); err != nil {
		return false, wrap("read staff device", err)
	}
	return n > 0, nil
}

// StartStaffEnrolment draws a new secret for the staff member as a
// pending device (replacing an earlier pending one) and returns what the
// page shows. A staff member who already has an active device cannot
// start another here: an admin resets the old one first.
func (s *Service) StartStaffEnrolment(ctx context.Context, staffID int64, username string) (StaffEnrolment, error) {
	if staffID == 0 || username == "" {
		return StaffEnrolment{}, ErrBadRequest
	}
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer: Issuer + staffIssuerSuffix, AccountName: username, Period: totpPeriod, SecretSize: 20,
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1, Rand: rand.Reader,
	})
	if err != nil {
		return StaffEnrolment{}, wrap("generate TOTP key", err)
	}
	img, err := key.Image(qrSize, qrSize)
	if err != nil {
		return StaffEnrolment{}, wrap("draw QR code", err)
	}
	var qr bytes.Buffer
	if err := png.Encode(&qr, img); err != nil {
		return StaffEnrolment{}, wrap("encode QR code", err)
	}
	now := s.now()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var active int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM otp_staff_devices WHERE staff_id = $1 AND status = $2`,
			staffID, statusActive).Scan(&active); err != nil {
			return wrap("read staff device", err)
		}
		if active > 0 {
			return ErrAlreadyEnrolled
		}
		if _, err := tx.Exec(ctx, `UPDATE otp_staff_devices SET status = $1, ended_at = $2, ended_by = 'restarted'
			WHERE staff_id = $3 AND status = $4`, statusFailed, now, staffID, statusPending); err != nil {
			return wrap("drop earlier staff enrolment", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO otp_staff_devices (staff_id, status, seed_sealed, created_at)
			VALUES ($1, $2, $3, $4)`, staffID, statusPending, s.seal(key.Secret()), now); err != nil {
			return wrap("store pending staff device", err)
		}
		return nil
	})
	if err != nil {
		return StaffEnrolment{}, err
	}
	return StaffEnrolment{Enrolment: Enrolment{URI: key.URL(), QRPNG: qr.Bytes()}, Secret: key.Secret()}, nil
}

// ConfirmStaffEnrolment activates the pending device with a current code
// of it. Wrong codes count in the one-minute window, as at sign-in.
func (s *Service) ConfirmStaffEnrolment(ctx context.Context, staffID int64, code string) error {
	var outcome error
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		id, ok, out, err := s.checkDeviceCode(ctx, tx, staffDevices, staffID, statusPending, code)
		if err != nil {
			return err
		}
		switch {
		case errors.Is(out, ErrNoDevice):
			outcome = ErrNoStaffEnrolment
			return nil
		case out != nil:
			outcome = out
			return nil
		case !ok:
			outcome = ErrStaffCodeWrong
			return nil
		}
		_, err = tx.Exec(ctx, `UPDATE otp_staff_devices SET status = $1, activated_at = $2, totp_wrong = 0 WHERE id = $3`,
			statusActive, s.now(), id)
		if err != nil {
			return wrap("activate staff device", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if outcome == nil {
		s.log.Info("otp: staff authenticator enrolled", "staff", staffID)
	}
	return outcome
}

// VerifyStaffCode checks a code of the staff member's active device at
// sign-in: nil when accepted, ErrStaffCodeWrong for a wrong or replayed
// code, ErrTooManyTries when the window is full, ErrNoDevice when there is
// no active device.
func (s *Service) VerifyStaffCode(ctx context.Context, staffID int64, code string) error {
	var outcome error
	err := s.guarded(ctx, identity.KindStaff, staffID, func() (bool, bool, error) {
		var ok bool
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			var out error
			var err error
			_, ok, out, err = s.checkDeviceCode(ctx, tx, staffDevices, staffID, statusActive, code)
			if err != nil {
				return err
			}
			if out == nil && !ok {
				out = ErrStaffCodeWrong
			}
			outcome = out
			return nil
		})
		return ok && err == nil, err == nil && errors.Is(outcome, ErrStaffCodeWrong), err
	})
	if err != nil {
		return err
	}
	return outcome
}

// ResetStaffDevice ends the staff member's device (active or pending), so
// that their next sign-in enrols a new one: the lost-phone path. byStaffID
// is the admin doing it (0 for the command line); the reset is audited
// in the same transaction.
func (s *Service) ResetStaffDevice(ctx context.Context, staffID, byStaffID int64, reason string) error {
	reason, err := cleanReason(reason)
	if err != nil {
		return err
	}
	if s.ids == nil {
		return errors.New("otp: audit log not wired: call Service.UseAudit")
	}
	now := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE otp_staff_devices SET status = $1, ended_at = $2, ended_by = $3
			WHERE staff_id = $4 AND status IN ($5, $6)`, statusDisabled, now, "staff:"+strconv.FormatInt(byStaffID, 10),
			staffID, statusActive, statusPending)
		if err != nil {
			return wrap("reset staff device", err)
		}
		if res.RowsAffected == 0 {
			return ErrNoDevice
		}
		actor := identity.KindStaff
		if byStaffID == 0 {
			actor = "system"
		}
		return s.ids.Audit(ctx, tx, identity.AuditRecord{ActorKind: actor, ActorID: byStaffID,
			Action: ActionStaffDeviceReset, TargetKind: identity.KindStaff, TargetID: staffID,
			Detail: auditStaffDeviceReset(reason)})
	})
}
