package otp

import (
	"context"
	"errors"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"pishkhan/internal/db"
	"pishkhan/internal/identity"
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// matchStep returns the RFC 6238 time step within ±totpSkew of now whose
// code is code, or 0 when none is. Steps are tried newest last, so the
// step returned for a code is always the same one.
func matchStep(secret, code string, now time.Time) (int64, error) {
	if len(code) != totpDigits {
		return 0, nil
	}
	cur := now.Unix() / totpPeriod
	for step := cur - totpSkew; step <= cur+totpSkew; step++ {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*totpPeriod, 0), totpOpts)
		if err != nil {
			return 0, wrap("compute TOTP", err)
		}
		if macEqual(want, code) {
			return step, nil
		}
	}
	return 0, nil
}

// VerifyTOTP checks a code from the person's active authenticator:
// standard RFC 6238 (SHA-1, 6 digits, 30 s) with one step of clock skew
// either side. A code whose time step is not later than the last accepted
// one is refused (a replay, or an older code after a newer one). It
// returns:
//
//   - true, nil: accepted.
//   - false, nil: wrong (or replayed); the try counts.
//   - false, ErrTooManyTries: TOTPWrongPerMinute wrong codes within a
//     minute; every code is refused until the minute is over.
//   - false, ErrNoDevice: the person has no active device.
func (s *Service) VerifyTOTP(ctx context.Context, personID int64, code string) (bool, error) {
	var ok bool
	var outcome error
	err := s.guarded(ctx, identity.KindCustomer, personID, func() (bool, bool, error) {
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			var err error
			_, ok, outcome, err = s.checkDeviceCode(ctx, tx, customerDevices, personID, statusActive, code)
			return err
		})
		return ok, err == nil && !ok && outcome == nil, err
	})
	if err != nil {
		return false, err
	}
	return ok, outcome
}

// deviceTable names a table of authenticator devices and its owner
// column: customers' devices and staff's share the code check.
type deviceTable struct{ table, owner string }

var (
	customerDevices = deviceTable{"otp_devices", "person_id"}
	staffDevices    = deviceTable{"otp_staff_devices", "staff_id"}
)

// checkDeviceCode checks code against the owner's device in status, in
// tx, with the replay guard and the wrong-code window VerifyTOTP
// describes. It returns the device's id (0 when there is none), whether
// the code was accepted, and the outcome error (ErrNoDevice,
// ErrTooManyTries) for the caller to show.
func (s *Service) checkDeviceCode(ctx context.Context, tx *db.Tx, t deviceTable, ownerID int64, status, code string) (int64, bool, error, error) {
	now := s.now()
	code = normaliseCode(code)
	var (
		id         int64
		sealed     []byte
		lastStep   int64
		wrong      int
		wrongSince *time.Time
	)
	err := tx.QueryRow(ctx, `SELECT id, seed_sealed, last_step, totp_wrong, totp_wrong_since FROM `+t.table+`
		WHERE `+t.owner+` = $1 AND status = $2`+db.ForUpdate(tx), ownerID, status).
		Scan(&id, &sealed, &lastStep, &wrong, &wrongSince)
	if errors.Is(err, db.ErrNoRows) {
		return 0, false, ErrNoDevice, nil
	}
	if err != nil {
		return 0, false, nil, wrap("read device", err)
	}
	windowOpen := wrongSince != nil && now.Before(wrongSince.Add(time.Minute))
	if windowOpen && wrong >= s.opts.TOTPWrongPerMinute {
		return id, false, ErrTooManyTries, nil
	}
	secret, err := s.open(sealed)
	if err != nil {
		return id, false, nil, wrap("open seed", err)
	}
	step, err := matchStep(secret, code, s.phoneTime())
	if err != nil {
		return id, false, nil, err
	}
	if step > lastStep {
		res, err := tx.Exec(ctx, `UPDATE `+t.table+` SET last_step = $1 WHERE id = $2 AND last_step < $1`, step, id)
		if err != nil {
			return id, false, nil, wrap("record step", err)
		}
		if res.RowsAffected == 1 {
			return id, true, nil, nil
		}
	}
	// Wrong or replayed: count it in the current one-minute window.
	if windowOpen {
		_, err = tx.Exec(ctx, `UPDATE `+t.table+` SET totp_wrong = totp_wrong + 1 WHERE id = $1`, id)
		wrong++
	} else {
		_, err = tx.Exec(ctx, `UPDATE `+t.table+` SET totp_wrong = 1, totp_wrong_since = $1 WHERE id = $2`, now, id)
		wrong = 1
	}
	if err != nil {
		return id, false, nil, wrap("count wrong code", err)
	}
	if wrong >= s.opts.TOTPWrongPerMinute {
		s.log.Warn("otp: authenticator wrong-code limit reached", "table", t.table, "owner", ownerID)
	}
	return id, false, nil, nil
}
