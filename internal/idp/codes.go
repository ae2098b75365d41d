package idp

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/notify"
)

// codeDigits is the length of «کد احراز امتا».
const codeDigits = 6

// SendCode sends a new «کد احراز امتا» to mobile, replacing any earlier
// one. Within ResendCooldown of the last code it refuses with ErrCooldown,
// and after MaxSendsPerHour codes in an hour with ErrTooManyCodes; the
// conditional upsert lets one of two racing requests send. The SMS is
// queued in the same transaction.
func (s *Service) SendCode(ctx context.Context, mobile string) error {
	now := s.now()
	code, err := randomCode()
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		windowOpen := now.Add(-time.Hour)
		res, err := tx.Exec(ctx, `INSERT INTO idp_sms_codes (mobile, code_mac, wrong, sent_at, expires_at, sends, window_start)
			VALUES ($1, $2, 0, $3, $4, 1, $3)
			ON CONFLICT (mobile) DO UPDATE SET code_mac = $2, wrong = 0, sent_at = $3, expires_at = $4, used_at = NULL,
				sends = CASE WHEN idp_sms_codes.window_start <= $6 THEN 1 ELSE idp_sms_codes.sends + 1 END,
				window_start = CASE WHEN idp_sms_codes.window_start <= $6 THEN $3 ELSE idp_sms_codes.window_start END
			WHERE idp_sms_codes.sent_at <= $5 AND (idp_sms_codes.window_start <= $6 OR idp_sms_codes.sends < $7)`,
			mobile, s.codeMAC(mobile, code), now, now.Add(s.opts.CodeTTL), now.Add(-s.opts.ResendCooldown), windowOpen, s.opts.MaxSendsPerHour)
		if err != nil {
			return fmt.Errorf("idp: store code: %w", err)
		}
		if res.RowsAffected != 1 {
			var sentAt time.Time
			if err := tx.QueryRow(ctx, "SELECT sent_at FROM idp_sms_codes WHERE mobile = $1", mobile).Scan(&sentAt); err != nil {
				return err
			}
			if sentAt.After(now.Add(-s.opts.ResendCooldown)) {
				return ErrCooldown
			}
			return ErrTooManyCodes
		}
		_, err = s.sms.Queue(ctx, tx, notify.Message{To: mobile, Reason: reasonCodeSMS, Sensitive: true,
			Text: smsCode(code, fa.Digits(strconv.Itoa(int(s.opts.CodeTTL/time.Second))))})
		return err
	})
}

// CheckCode verifies the code sent to mobile: nil when right (the code is
// then used up), ErrCodeWrong while tries remain, ErrCodeExpired when
// there is no live code: expired (good while now < sent + CodeTTL), used,
// or burned by MaxWrong wrong tries (this one included).
func (s *Service) CheckCode(ctx context.Context, mobile, code string) error {
	return s.checkCode(ctx, mobile, code, true)
}

// checkCode is CheckCode; with use false a right code is left live (the
// registry is asked next, and a mistyped birth date may be corrected
// within the code's life and tries).
func (s *Service) checkCode(ctx context.Context, mobile, code string, use bool) error {
	now := s.now()
	code = strings.NewReplacer(" ", "", "-", "").Replace(fa.LatinDigits(code))
	var outcome error
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		outcome = nil
		var mac string
		var wrong int
		var expires time.Time
		var used *time.Time
		err := tx.QueryRow(ctx, "SELECT code_mac, wrong, expires_at, used_at FROM idp_sms_codes WHERE mobile = $1"+db.ForUpdate(tx), mobile).Scan(
			&mac, &wrong, &expires, &used)
		if errors.Is(err, db.ErrNoRows) {
			outcome = ErrCodeExpired
			return nil
		}
		if err != nil {
			return fmt.Errorf("idp: read code: %w", err)
		}
		if used != nil || wrong >= s.opts.MaxWrong || !now.Before(expires) {
			outcome = ErrCodeExpired
			return nil
		}
		if hmac.Equal([]byte(mac), []byte(s.codeMAC(mobile, code))) {
			if !use {
				return nil
			}
			res, err := tx.Exec(ctx, "UPDATE idp_sms_codes SET used_at = $1 WHERE mobile = $2 AND used_at IS NULL", now, mobile)
			if err != nil {
				return err
			}
			if res.RowsAffected != 1 {
				outcome = ErrCodeExpired
			}
			return nil
		}
		outcome = ErrCodeWrong
		if wrong+1 >= s.opts.MaxWrong {
			outcome = ErrCodeExpired
		}
		_, err = tx.Exec(ctx, "UPDATE idp_sms_codes SET wrong = wrong + 1 WHERE mobile = $1", mobile)
		return err
	})
	if err != nil {
		return err
	}
	return outcome
}

// spendTry counts a try of mobile's code that matched no registry record,
// as a wrong code does: the code's MaxWrong bounds the guesses of a birth
// date as it bounds guesses of the code.
func (s *Service) spendTry(ctx context.Context, mobile string) error {
	_, err := s.db.Exec(ctx, "UPDATE idp_sms_codes SET wrong = wrong + 1 WHERE mobile = $1 AND used_at IS NULL", mobile)
	if err != nil {
		return fmt.Errorf("idp: count try: %w", err)
	}
	return nil
}

func (s *Service) codeMAC(mobile, code string) string {
	m := hmac.New(sha256.New, s.opts.Key)
	m.Write([]byte("emta-code\x00" + mobile + "\x00" + code))
	return hex.EncodeToString(m.Sum(nil))
}

func randomCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%0*d", codeDigits, n.Int64()), nil
}
