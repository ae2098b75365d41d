package cards

import (
	"context"
	"errors"
	"fmt"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// CardSecrets are the chosen values of a card issued by IssueCardWith.
type CardSecrets struct {
	Number         string // 16 digits, Luhn-valid (any prefix, not only the BIN)
	Serial         string // 16 digits
	PIN            string // 4 digits
	SecondID       string // 16 digits; the first 8 are the customer code
	CVV2           string // 3 or 4 digits
	SecondPassword string // 4 to 6 digits (static second password)
	ExpYear        int    // full Jalali year, e.g. 1410
	ExpMonth       int
}

// ErrBadSecrets is returned by IssueCardWith for values that are not
// well formed, a number or serial already in use, or a second identifier
// whose first 8 digits differ from the customer's code on earlier cards.
var ErrBadSecrets = errors.New("cards: invalid or taken card values")

// IssueCardWith is IssueCard with chosen values instead of drawn ones (the
// demo seed, so the guide's serial and known secrets can be shown). The
// checks on the account and the stored form (encrypted number, HMACs
// bound to the card id, customer code registered with identity) are
// IssueCard's, and so is the audit entry (ActionCardIssue, actor from
// WithStaff). The customer code is the second identifier's first 8
// digits: registered if the customer has no card yet, otherwise it must
// be the code of their cards.
func (s *Service) IssueCardWith(ctx context.Context, customerID, accountID int64, w CardSecrets) (*IssuedCard, error) {
	if err := w.check(s.today()); err != nil {
		return nil, err
	}
	var ic *IssuedCard
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		acct, err := s.account(ctx, tx, accountID)
		if err != nil {
			return err
		}
		if acct.CustomerID != customerID {
			return ErrNotFound
		}
		if !acct.Credit {
			return ErrNoCreditAcct
		}
		code := w.SecondID[:8]
		var have string
		switch err := tx.QueryRow(ctx, "SELECT customer_code FROM cards WHERE customer_id = $1 ORDER BY id LIMIT 1",
			customerID).Scan(&have); {
		case errors.Is(err, db.ErrNoRows):
			if err := s.ids.AddIdentifier(ctx, tx, customerID, IdentCustomerID, code); err != nil {
				return fmt.Errorf("cards: customer code %s: %w", code, err)
			}
		case err != nil:
			return fmt.Errorf("cards: read customer code: %w", err)
		case have != code:
			return fmt.Errorf("%w: second identifier does not start with the customer code %s", ErrBadSecrets, have)
		}
		var taken int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM cards WHERE number_mac = $1 OR serial = $2",
			s.keys.mac(macNumber, 0, w.Number), w.Serial).Scan(&taken); err != nil {
			return fmt.Errorf("cards: check card number: %w", err)
		}
		if taken > 0 {
			return fmt.Errorf("%w: number or serial in use", ErrBadSecrets)
		}
		ic = &IssuedCard{Number: w.Number, SecondID: w.SecondID, CVV2: w.CVV2, PIN: w.PIN, SecondPassword: w.SecondPassword}
		ic.Serial = w.Serial
		c, err := s.storeCard(ctx, tx, customerID, accountID, code, ic, w.ExpYear, w.ExpMonth, acct.OpenedOn)
		if err != nil {
			return err
		}
		ic.Card = *c
		return s.auditStaff(ctx, tx, staffOf(ctx), ActionIssue, customerID,
			auditCardOnAccount(c.Masked, acct.Number))
	})
	return ic, err
}

// check validates the values; the expiry month must not be past.
func (w CardSecrets) check(today fa.Date) error {
	digits := func(v string, lo, hi int) bool { return len(v) >= lo && len(v) <= hi && fa.AllDigits(v) }
	switch {
	case !digits(w.Number, 16, 16) || luhnComplete(w.Number[:15]) != w.Number:
		return fmt.Errorf("%w: card number", ErrBadSecrets)
	case !digits(w.Serial, 16, 16):
		return fmt.Errorf("%w: serial", ErrBadSecrets)
	case !digits(w.PIN, 4, 4):
		return fmt.Errorf("%w: PIN", ErrBadSecrets)
	case !digits(w.SecondID, 16, 16):
		return fmt.Errorf("%w: second identifier", ErrBadSecrets)
	case !digits(w.CVV2, 3, 4):
		return fmt.Errorf("%w: CVV2", ErrBadSecrets)
	case !digits(w.SecondPassword, 4, 6):
		return fmt.Errorf("%w: second password", ErrBadSecrets)
	case w.ExpMonth < 1 || w.ExpMonth > 12 || w.ExpYear < 1000 || expired(w.ExpYear, w.ExpMonth, today):
		return fmt.Errorf("%w: expiry", ErrBadSecrets)
	}
	return nil
}
