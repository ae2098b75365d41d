package cards

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
)

// IssueCard issues a card on a credit account of the customer: a new
// Luhn-valid number under the configured BIN, a serial number, the
// customer's second identifier (its first 8 digits are the customer code,
// the same for all of a customer's cards, registered with identity as a
// sign-in identifier in the same transaction), CVV2, PIN and static second
// password. The secrets are returned once, for the card mailer.
func (s *Service) IssueCard(ctx context.Context, customerID, accountID int64) (*IssuedCard, error) {
	var ic *IssuedCard
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		ic, err = s.issueCard(ctx, tx, customerID, accountID)
		if err != nil {
			return err
		}
		acct, err := s.account(ctx, tx, accountID)
		if err != nil {
			return err
		}
		if err := s.sendSecrets(ctx, tx, ic); err != nil {
			return err
		}
		return s.auditStaff(ctx, tx, staffOf(ctx), ActionIssue, customerID,
			auditCardOnAccount(ic.Masked, acct.Number))
	})
	return ic, err
}

func (s *Service) issueCard(ctx context.Context, tx *db.Tx, customerID, accountID int64) (*IssuedCard, error) {
	acct, err := s.account(ctx, tx, accountID)
	if err != nil {
		return nil, err
	}
	if acct.CustomerID != customerID {
		return nil, ErrNotFound
	}
	if !acct.Credit {
		return nil, ErrNoCreditAcct
	}
	code, err := s.customerCode(ctx, tx, customerID)
	if err != nil {
		return nil, err
	}
	var pwMin, pwMax int
	if err := tx.QueryRow(ctx, "SELECT second_password_min, second_password_max FROM card_account_types WHERE code = $1",
		acct.TypeCode).Scan(&pwMin, &pwMax); err != nil {
		return nil, fmt.Errorf("cards: second-password rule of %s: %w", acct.TypeCode, err)
	}
	now := s.now()
	today := fa.JalaliOf(now)
	exp := today.AddMonths(s.opts.CardLifeMonths)
	ic := &IssuedCard{
		SecondID:       code + randomDigits(8),
		CVV2:           randomDigits(4),
		PIN:            randomDigits(4),
		SecondPassword: randomDigits(min(max(6, pwMin), pwMax)),
	}
	// A random number can collide with an existing card (or a serial);
	// the unique indexes say so, and we draw again. On PostgreSQL a failed
	// INSERT would abort the transaction, so the number is checked first.
	for attempt := 0; ; attempt++ {
		if attempt == 20 {
			return nil, errNoUniqueNumber
		}
		number := luhnComplete(s.opts.BIN + randomDigits(9))
		serial := randomDigits(16)
		var taken int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM cards WHERE number_mac = $1 OR serial = $2",
			s.keys.mac(macNumber, 0, number), serial).Scan(&taken); err != nil {
			return nil, fmt.Errorf("cards: check card number: %w", err)
		}
		if taken > 0 {
			continue
		}
		ic.Number, ic.Serial = number, serial
		break
	}
	c, err := s.storeCard(ctx, tx, customerID, accountID, code, ic, exp.Year, exp.Month, acct.OpenedOn)
	if err != nil {
		return nil, err
	}
	ic.Card = *c
	return ic, nil
}

// storeCard inserts a card with its number encrypted and its secrets as
// keyed MACs. The secrets are bound to the card id, known only after the
// insert, hence the second statement.
func (s *Service) storeCard(ctx context.Context, tx *db.Tx, customerID, accountID int64, code string, ic *IssuedCard, expYear, expMonth int, openedOn string) (*Card, error) {
	now := s.now()
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO cards (customer_id, account_id, number_enc, number_mac, masked, serial,
		customer_code, second_id_mac, cvv2_mac, pin_mac, password_mac, exp_year, exp_month, status, opened_on,
		created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, '', '', '', '', $8, $9, $10, $11, $12, $12) RETURNING id`,
		customerID, accountID, s.keys.encrypt(ic.Number), s.keys.mac(macNumber, 0, ic.Number), fa.MaskCard(ic.Number),
		ic.Serial, code, expYear, expMonth, StatusActive, openedOn, now).Scan(&id)
	if err != nil {
		return nil, fmt.Errorf("cards: insert card: %w", err)
	}
	_, err = tx.Exec(ctx, `UPDATE cards SET second_id_mac = $1, cvv2_mac = $2, pin_mac = $3, password_mac = $4 WHERE id = $5`,
		s.keys.mac(macSecondID, id, ic.SecondID), s.keys.mac(macCVV2, id, ic.CVV2),
		s.keys.mac(macPIN, id, ic.PIN), s.keys.mac(macPassword, id, ic.SecondPassword), id)
	if err != nil {
		return nil, fmt.Errorf("cards: store card secrets: %w", err)
	}
	return s.card(ctx, tx, id)
}

// customerCode is the customer's 8-digit code: the one on their earlier
// cards, or a new one registered with identity (drawn again if another
// person has it).
func (s *Service) customerCode(ctx context.Context, tx *db.Tx, customerID int64) (string, error) {
	var code string
	err := tx.QueryRow(ctx, "SELECT customer_code FROM cards WHERE customer_id = $1 ORDER BY id LIMIT 1", customerID).Scan(&code)
	if err == nil {
		return code, nil
	}
	if !errors.Is(err, db.ErrNoRows) {
		return "", fmt.Errorf("cards: read customer code: %w", err)
	}
	for range 20 {
		code = randomDigits(8)
		err := s.ids.AddIdentifier(ctx, tx, customerID, IdentCustomerID, code)
		if errors.Is(err, identity.ErrIdentifierTaken) {
			continue
		}
		return code, err
	}
	return "", errNoUniqueNumber
}

const cardColumns = `c.id, c.customer_id, c.account_id, a.number, c.masked, c.serial, c.customer_code,
	c.exp_year, c.exp_month, c.status, c.failed_pins, c.opened_on, COALESCE(c.replaced_by, 0),
	t.second_password_min, t.second_password_max
	FROM cards c JOIN card_accounts a ON a.id = c.account_id JOIN card_account_types t ON t.code = a.type_code`

// scanCard reads a card; an active card past its expiry month is shown
// (and treated) as expired.
func (s *Service) scanCard(r db.Scanner) (Card, error) {
	var c Card
	err := r.Scan(&c.ID, &c.CustomerID, &c.AccountID, &c.AccountNumber, &c.Masked, &c.Serial, &c.CustomerCode,
		&c.ExpYear, &c.ExpMonth, &c.Status, &c.FailedPINs, &c.OpenedOn, &c.ReplacedBy,
		&c.SecondPasswordMin, &c.SecondPasswordMax)
	if err == nil && c.Status == StatusActive && expired(c.ExpYear, c.ExpMonth, s.today()) {
		c.Status = StatusExpired
	}
	c.ExpYear %= 100
	return c, err
}

// expired: a card is valid through the last day of its expiry month.
func expired(year, month int, today fa.Date) bool {
	return today.Year > year || (today.Year == year && today.Month > month)
}

func (s *Service) card(ctx context.Context, q db.Querier, id int64) (*Card, error) {
	c, err := s.scanCard(q.QueryRow(ctx, "SELECT "+cardColumns+" WHERE c.id = $1", id))
	if errors.Is(err, db.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("cards: read card %d: %w", id, err)
	}
	return &c, nil
}

// Cards is «وضعیت کارت»: the customer's cards, oldest first.
func (s *Service) Cards(ctx context.Context, customerID int64) ([]Card, error) {
	return db.All(ctx, s.db, s.scanCard, "SELECT "+cardColumns+" WHERE c.customer_id = $1 ORDER BY c.id", customerID)
}

// CardNumber decrypts a card's full number (staff and the card mailer).
func (s *Service) CardNumber(ctx context.Context, cardID int64) (string, error) {
	var sealed []byte
	if err := s.db.QueryRow(ctx, "SELECT number_enc FROM cards WHERE id = $1", cardID).Scan(&sealed); err != nil {
		return "", fmt.Errorf("cards: read card number: %w", err)
	}
	return s.keys.decrypt(sealed)
}

// setStatus moves a card from one status to another with a conditional
// update: a card already moved by someone else is not moved again.
func setStatus(ctx context.Context, q db.Querier, cardID int64, from, to string, now time.Time, extra string) (bool, error) {
	res, err := q.Exec(ctx, "UPDATE cards SET status = $1, updated_at = $2"+extra+" WHERE id = $3 AND status = $4",
		to, now, cardID, from)
	if err != nil {
		return false, fmt.Errorf("cards: set card %d %s: %w", cardID, to, err)
	}
	return res.RowsAffected == 1, nil
}

// ReportLost is «اعلام مفقودی کارت»: the holder (already confirmed on the
// page) turns an active card of theirs into a lost one. A lost card is
// refused by purchases and authorizations; only staff can replace it.
func (s *Service) ReportLost(ctx context.Context, customerID, cardID int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.card(ctx, tx, cardID)
		if err != nil {
			return err
		}
		if c.CustomerID != customerID {
			return ErrNotFound
		}
		ok, err := setStatus(ctx, tx, cardID, StatusActive, StatusLost, s.now(), "")
		if err != nil {
			return err
		}
		if !ok {
			return ErrNotActive
		}
		return s.ids.Audit(ctx, tx, identity.AuditRecord{ActorKind: identity.KindCustomer, ActorID: customerID,
			Action: ActionLost, TargetKind: identity.KindCustomer, TargetID: customerID, Detail: cardDetail(c.Masked)})
	})
}

// Block is staff blocking an active card.
func (s *Service) Block(ctx context.Context, cardID int64) error {
	return s.staffSetStatus(ctx, cardID, StatusActive, StatusBlocked, "", ErrNotActive, ActionBlock)
}

// Unblock is staff lifting a block (after three wrong PINs or a Block);
// the failed PIN counter starts again.
func (s *Service) Unblock(ctx context.Context, cardID int64) error {
	return s.staffSetStatus(ctx, cardID, StatusBlocked, StatusActive, ", failed_pins = 0", ErrNotBlocked, ActionUnblock)
}

// staffSetStatus moves a card for staff (errNotFrom when it is not in
// from) and audits it in the same transaction.
func (s *Service) staffSetStatus(ctx context.Context, cardID int64, from, to, extra string, errNotFrom error, action string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		ok, err := setStatus(ctx, tx, cardID, from, to, s.now(), extra)
		if err != nil {
			return err
		}
		if !ok {
			return errNotFrom
		}
		c, err := s.card(ctx, tx, cardID)
		if err != nil {
			return err
		}
		return s.auditStaff(ctx, tx, staffOf(ctx), action, c.CustomerID, cardDetail(c.Masked))
	})
}

// Replace is staff issuing a new card on the same account for a lost one;
// the lost card is retired (StatusReplaced, pointing at the new card) in
// the same transaction.
func (s *Service) Replace(ctx context.Context, lostCardID int64) (*IssuedCard, error) {
	var ic *IssuedCard
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := s.card(ctx, tx, lostCardID)
		if err != nil {
			return err
		}
		if old.Status != StatusLost {
			return ErrNotLost
		}
		if ic, err = s.issueCard(ctx, tx, old.CustomerID, old.AccountID); err != nil {
			return err
		}
		ok, err := setStatus(ctx, tx, lostCardID, StatusLost, StatusReplaced, s.now(),
			", replaced_by = "+strconv.FormatInt(ic.ID, 10))
		if err != nil {
			return err
		}
		if !ok {
			return ErrNotLost
		}
		if err := s.sendSecrets(ctx, tx, ic); err != nil {
			return err
		}
		return s.auditStaff(ctx, tx, staffOf(ctx), ActionReplace, old.CustomerID,
			auditCardReplacing(ic.Masked, old.Masked))
	})
	return ic, err
}

// cardByNumber finds one of our cards by its number's HMAC.
func (s *Service) cardByNumber(ctx context.Context, q db.Querier, number string) (*Card, error) {
	n, err := fa.ParseCardNumber(number)
	if err != nil {
		return nil, ErrNotFound
	}
	c, err := s.scanCard(q.QueryRow(ctx, "SELECT "+cardColumns+" WHERE c.number_mac = $1", s.keys.mac(macNumber, 0, n)))
	if errors.Is(err, db.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("cards: find card: %w", err)
	}
	return &c, nil
}
