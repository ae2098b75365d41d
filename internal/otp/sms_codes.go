package otp

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/notify"
)

// IssueSMSCode sends a 6-digit code for r.Purpose and r.Binding to
// r.Mobile. The code is valid for CodeTTL, once, and replaces any earlier
// code of the same person, purpose and binding. A second request of the
// same purpose within ResendCooldown returns an ErrCooldown naming the
// seconds left. The code is stored only as an HMAC; the SMS is queued in
// the same transaction, so a failed issue sends nothing.
func (s *Service) IssueSMSCode(ctx context.Context, r CodeRequest) error {
	if r.PersonID == 0 || strings.TrimSpace(r.Purpose) == "" || strings.TrimSpace(r.Binding) == "" {
		return ErrBadRequest
	}
	code, err := randomDigits(smsDigits)
	if err != nil {
		return wrap("draw code", err)
	}
	reason := r.Reason
	if reason == "" {
		reason = reasonCode
	}
	now := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := s.cooldown(ctx, tx, r.PersonID, "sms:"+r.Purpose, now); err != nil {
			return err
		}
		mac := s.codeMAC("sms", strconv.FormatInt(r.PersonID, 10), r.Purpose, r.Binding, code)
		if _, err := tx.Exec(ctx, `DELETE FROM otp_sms_codes WHERE person_id = $1 AND purpose = $2 AND binding = $3`,
			r.PersonID, r.Purpose, r.Binding); err != nil {
			return wrap("replace code", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO otp_sms_codes (person_id, purpose, binding, code_mac, issued_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6)`,
			r.PersonID, r.Purpose, r.Binding, mac, now, now.Add(s.opts.CodeTTL)); err != nil {
			return wrap("store code", err)
		}
		_, err := s.sms.Queue(ctx, tx, notify.Message{
			PersonID: r.PersonID, RecipientName: r.RecipientName, To: r.Mobile, Reason: reason,
			Text:     smsText(code, s.opts.CodeTTL, r.Approves),
			Template: "otp", Tokens: []string{code}, Sensitive: true,
		})
		if err != nil {
			return wrap("queue SMS", err)
		}
		return nil
	})
}

// VerifySMSCode checks code for purpose and binding. It returns:
//
//   - true, nil: the code is right; it is now used and never accepted again.
//   - false, nil: the code is wrong and tries remain.
//   - false, ErrCodeExpired: there is no live code for this binding — it
//     expired (valid while now < issued + CodeTTL), was used, or was burned
//     by MaxWrong wrong tries (this wrong try included). A new one must be
//     requested.
//
// A code sent for another binding (another amount or merchant) never
// matches.
func (s *Service) VerifySMSCode(ctx context.Context, purpose, binding string, personID int64, code string) (bool, error) {
	now := s.now()
	code = normaliseCode(code)
	var ok, wrongTry bool
	var outcome error
	err := s.guarded(ctx, identity.KindCustomer, personID, func() (bool, bool, error) {
		err := s.verifySMSCode(ctx, purpose, binding, personID, code, now, &ok, &wrongTry, &outcome)
		return ok && err == nil, wrongTry && err == nil, err
	})
	if err != nil {
		return false, err
	}
	return ok, outcome
}

// verifySMSCode is VerifySMSCode's check in one transaction; wrongTry
// reports a code compared and found wrong (counted, and perhaps burned).
func (s *Service) verifySMSCode(ctx context.Context, purpose, binding string, personID int64, code string, now time.Time, ok, wrongTry *bool, outcome *error) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		*ok, *wrongTry, *outcome = false, false, nil
		var (
			id               int64
			mac              string
			wrong            int
			expires          time.Time
			usedAt, burnedAt *time.Time
		)
		err := tx.QueryRow(ctx, `SELECT id, code_mac, wrong, expires_at, used_at, burned_at FROM otp_sms_codes
			WHERE person_id = $1 AND purpose = $2 AND binding = $3`+db.ForUpdate(tx),
			personID, purpose, binding).Scan(&id, &mac, &wrong, &expires, &usedAt, &burnedAt)
		if errors.Is(err, db.ErrNoRows) {
			*outcome = ErrCodeExpired
			return nil
		}
		if err != nil {
			return wrap("read code", err)
		}
		if usedAt != nil || burnedAt != nil || wrong >= s.opts.MaxWrong || !now.Before(expires) {
			*outcome = ErrCodeExpired
			return nil
		}
		if macEqual(mac, s.codeMAC("sms", strconv.FormatInt(personID, 10), purpose, binding, code)) {
			res, err := tx.Exec(ctx, `UPDATE otp_sms_codes SET used_at = $1
				WHERE id = $2 AND used_at IS NULL AND burned_at IS NULL`, now, id)
			if err != nil {
				return wrap("use code", err)
			}
			if res.RowsAffected != 1 {
				*outcome = ErrCodeExpired
				return nil
			}
			*ok = true
			return nil
		}
		// Wrong: count it, and burn the code at MaxWrong. Committed, so
		// the count survives.
		*wrongTry = true
		wrong++
		var burned any
		if wrong >= s.opts.MaxWrong {
			burned = now
			*outcome = ErrCodeExpired
		}
		if _, err := tx.Exec(ctx, `UPDATE otp_sms_codes SET wrong = wrong + 1, burned_at = $1 WHERE id = $2`,
			burned, id); err != nil {
			return wrap("count wrong code", err)
		}
		return nil
	})
}

// normaliseCode accepts Persian, Arabic-Indic and Latin digits and drops
// spaces and dashes a customer may type between groups.
func normaliseCode(code string) string {
	return strings.NewReplacer(" ", "", "-", "", "\u200c", "").Replace(fa.LatinDigits(code))
}
