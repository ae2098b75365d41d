package cards

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// MaxFailedPINs wrong attempts block the card (staff unblock).
const MaxFailedPINs = 3

// ChangePIN is «تغییر رمز کارت»: the old PIN, the second identifier on
// the card («شناسه دوم مشتری») and the expiry year and month printed on
// it must all match. Any mismatch counts as one failed attempt (counting
// only the PIN would let someone who has the card guess the details
// freely); the third blocks the card. Digits may be typed in any script.
func (s *Service) ChangePIN(ctx context.Context, customerID, cardID int64, oldPIN, secondID string, expYear, expMonth int, newPIN, repeat string) error {
	oldPIN, secondID = clean(oldPIN), clean(secondID)
	newPIN, repeat = clean(newPIN), clean(repeat)
	// Form problems are the holder's typing, not a guess: no attempt used.
	if len(newPIN) != 4 || !fa.AllDigits(newPIN) {
		return ErrPINFormat
	}
	if newPIN != repeat {
		return ErrPINRepeat
	}
	var result error
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		result = nil
		var owner int64
		var status, pinMAC, secondMAC string
		var year, month, failed int
		err := tx.QueryRow(ctx, "SELECT customer_id, status, pin_mac, second_id_mac, exp_year, exp_month, failed_pins FROM cards WHERE id = $1"+db.ForUpdate(tx),
			cardID).Scan(&owner, &status, &pinMAC, &secondMAC, &year, &month, &failed)
		if errors.Is(err, db.ErrNoRows) || (err == nil && owner != customerID) {
			result = ErrNotFound
			return nil
		}
		if err != nil {
			return fmt.Errorf("cards: read card for PIN change: %w", err)
		}
		if status != StatusActive || expired(year, month, s.today()) {
			result = ErrNotActive
			return nil
		}
		ok := s.keys.check(macPIN, cardID, oldPIN, pinMAC) &&
			s.keys.check(macSecondID, cardID, secondID, secondMAC) &&
			expYear == year%100 && expMonth == month
		if !ok {
			// The failure is committed (we return nil) and only then
			// reported, so a wrong attempt is never rolled back.
			failed++
			to := status
			result = ErrWrongDetails
			if failed >= MaxFailedPINs {
				to, result = StatusBlocked, ErrCardBlocked
			}
			_, err := tx.Exec(ctx, "UPDATE cards SET failed_pins = $1, status = $2, updated_at = $3 WHERE id = $4",
				failed, to, s.now(), cardID)
			return err
		}
		if oldPIN == newPIN {
			result = ErrPINSame
			return nil
		}
		_, err = tx.Exec(ctx, "UPDATE cards SET pin_mac = $1, failed_pins = 0, updated_at = $2 WHERE id = $3",
			s.keys.mac(macPIN, cardID, newPIN), s.now(), cardID)
		return err
	})
	if err != nil {
		return err
	}
	return result
}

// clean turns any digits to Latin and drops spaces.
func clean(s string) string {
	return strings.ReplaceAll(strings.TrimSpace(fa.NormalizeInput(s)), " ", "")
}
