package otp

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"image/png"
	"strconv"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"pishkhan/internal/db"
	"pishkhan/internal/notify"
)

const qrSize = 256

// StartEnrolment begins enrolling an authenticator («برنامک رمزساز») for
// person: a new TOTP secret (SHA-1, 6 digits, 30 s, issuer Pishkhan),
// stored encrypted as a pending device, and a 4-digit activation code sent
// by SMS to mobile (the number staff confirmed). An earlier pending
// enrolment is dropped; an active device keeps working until the new one
// is confirmed. The activation SMS shares the resend cool-down.
func (s *Service) StartEnrolment(ctx context.Context, personID int64, accountName, mobile string) (Enrolment, error) {
	if personID == 0 || accountName == "" {
		return Enrolment{}, ErrBadRequest
	}
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer: Issuer, AccountName: accountName, Period: totpPeriod, SecretSize: 20,
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1, Rand: rand.Reader,
	})
	if err != nil {
		return Enrolment{}, wrap("generate TOTP key", err)
	}
	img, err := key.Image(qrSize, qrSize)
	if err != nil {
		return Enrolment{}, wrap("draw QR code", err)
	}
	var qr bytes.Buffer
	if err := png.Encode(&qr, img); err != nil {
		return Enrolment{}, wrap("encode QR code", err)
	}
	code, err := randomDigits(actDigits)
	if err != nil {
		return Enrolment{}, wrap("draw activation code", err)
	}
	now := s.now()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := s.cooldown(ctx, tx, personID, "enrol", now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE otp_devices SET status = $1, ended_at = $2, ended_by = 'restarted'
			WHERE person_id = $3 AND status = $4`, statusFailed, now, personID, statusPending); err != nil {
			return wrap("drop earlier enrolment", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO otp_devices (person_id, status, account_name, seed_sealed,
			activation_mac, activation_expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			personID, statusPending, accountName, s.seal(key.Secret()),
			s.activationMAC(personID, code), now.Add(s.opts.ActivationTTL), now); err != nil {
			return wrap("store pending device", err)
		}
		_, err := s.sms.Queue(ctx, tx, notify.Message{
			PersonID: personID, To: mobile, Reason: labelActivation,
			Text:     activationText(code, s.opts.ActivationTTL),
			Template: "otp-activation", Tokens: []string{code}, Sensitive: true,
		})
		if err != nil {
			return wrap("queue activation SMS", err)
		}
		return nil
	})
	if err != nil {
		return Enrolment{}, err
	}
	return Enrolment{URI: key.URL(), QRPNG: qr.Bytes()}, nil
}

func (s *Service) activationMAC(personID int64, code string) string {
	return s.codeMAC("activation", strconv.FormatInt(personID, 10), code)
}

// ConfirmEnrolment activates the pending device when BOTH the 4-digit SMS
// activation code and a current code from the app are right. Each failed
// confirmation counts; at ActivationMaxWrong, or after ActivationTTL, the
// enrolment ends and must be started again. On success the device becomes
// the person's only active device: an earlier one is marked replaced, so
// its codes stop working for every card.
func (s *Service) ConfirmEnrolment(ctx context.Context, personID int64, activationCode, totpCode string) error {
	now := s.now()
	activationCode, totpCode = normaliseCode(activationCode), normaliseCode(totpCode)
	var outcome error
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		outcome = nil
		var (
			id      int64
			sealed  []byte
			mac     string
			wrong   int
			expires time.Time
		)
		err := tx.QueryRow(ctx, `SELECT id, seed_sealed, activation_mac, activation_wrong, activation_expires_at
			FROM otp_devices WHERE person_id = $1 AND status = $2`+db.ForUpdate(tx), personID, statusPending).
			Scan(&id, &sealed, &mac, &wrong, &expires)
		if errors.Is(err, db.ErrNoRows) {
			outcome = ErrNoEnrolment
			return nil
		}
		if err != nil {
			return wrap("read pending device", err)
		}
		if !now.Before(expires) {
			outcome = ErrActivationExpired
			_, err := tx.Exec(ctx, `UPDATE otp_devices SET status = $1, ended_at = $2, ended_by = 'expired' WHERE id = $3`,
				statusFailed, now, id)
			return err
		}
		secret, err := s.open(sealed)
		if err != nil {
			return wrap("open seed", err)
		}
		step, err := matchStep(secret, totpCode, s.phoneTime())
		if err != nil {
			return err
		}
		if !macEqual(mac, s.activationMAC(personID, activationCode)) || step == 0 {
			wrong++
			outcome = ErrActivationWrong
			if wrong >= s.opts.ActivationMaxWrong {
				outcome = ErrActivationExpired
				_, err = tx.Exec(ctx, `UPDATE otp_devices SET activation_wrong = activation_wrong + 1, status = $1,
					ended_at = $2, ended_by = 'tries' WHERE id = $3`, statusFailed, now, id)
			} else {
				_, err = tx.Exec(ctx, `UPDATE otp_devices SET activation_wrong = activation_wrong + 1 WHERE id = $1`, id)
			}
			if err != nil {
				return wrap("count wrong activation", err)
			}
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE otp_devices SET status = $1, ended_at = $2, ended_by = 'replaced'
			WHERE person_id = $3 AND status = $4`, statusReplaced, now, personID, statusActive); err != nil {
			return wrap("replace earlier device", err)
		}
		// The code used to confirm is spent: last_step guards its replay.
		if _, err := tx.Exec(ctx, `UPDATE otp_devices SET status = $1, activated_at = $2, activation_mac = '',
			last_step = $3 WHERE id = $4`, statusActive, now, step, id); err != nil {
			return wrap("activate device", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return outcome
}

// RemoveDevice is the customer removing their authenticator (and any
// pending enrolment).
func (s *Service) RemoveDevice(ctx context.Context, personID int64) error {
	return s.endDevice(ctx, personID, statusRemoved, "customer")
}

// DisableDevice is staff disabling a lost phone's authenticator (guide
// answer 30), or the device of a person whose mobile number changed
// (answer 7: the app must be enrolled again).
func (s *Service) DisableDevice(ctx context.Context, personID int64) error {
	err := s.endDevice(ctx, personID, statusDisabled, "staff")
	if err == nil {
		s.log.Info("otp: staff disabled authenticator", "person", personID)
	}
	return err
}

func (s *Service) endDevice(ctx context.Context, personID int64, status, by string) error {
	now := s.now()
	var n int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE otp_devices SET status = $1, ended_at = $2, ended_by = $3
			WHERE person_id = $4 AND status IN ($5, $6)`, status, now, by, personID, statusActive, statusPending)
		n = res.RowsAffected
		return err
	})
	if err != nil {
		return wrap("end device", err)
	}
	if n == 0 {
		return ErrNoDevice
	}
	return nil
}

// HasDevice reports whether the person has an active authenticator.
func (s *Service) HasDevice(ctx context.Context, personID int64) (bool, error) {
	var n int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM otp_devices WHERE person_id = $1 AND status = $2`,
		personID, statusActive).Scan(&n); err != nil {
		return false, wrap("read device", err)
	}
	return n > 0, nil
}
