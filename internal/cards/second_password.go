package cards

import (
	"context"
	"errors"
	"fmt"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/otp"
)

// «رمز دوم» (seed 003, issue 7): per card, the static second password,
// which dynamic methods are activated (SMS, authenticator), the internet
// password switch and "dynamic for every amount". The settings live in
// card_password_settings; a card without a row has the defaults.

// SecondPasswordSettings are one card's second-password settings.
type SecondPasswordSettings struct {
	// InternetPassword: card-not-present payments allowed (default on).
	InternetPassword bool
	// SMS: dynamic codes by SMS activated for the card.
	SMS bool
	// App: the card was added to the person's authenticator.
	App bool
	// AlwaysDynamic: the static password is refused for every amount.
	AlwaysDynamic bool
}

var defaultSettings = SecondPasswordSettings{InternetPassword: true}

// secondPasswordFormat is the refusal of a new static second password
// that breaks the card product's length rule (Card.SecondPasswordMin/Max:
// 5 to 10 digits, exactly 10 on the welfare guide's Tavana card).
func secondPasswordFormat(c *Card) *fa.Error {
	if c.SecondPasswordMin == c.SecondPasswordMax {
		return ErrSecondPasswordFormat.Saying(msgSecondPasswordLength(c.SecondPasswordMax))
	}
	return ErrSecondPasswordFormat.Saying(msgSecondPasswordRange(c.SecondPasswordMin, c.SecondPasswordMax))
}

var (
	ErrSecondPasswordFormat = fa.Refusal("cards", "second_password_format", msgSecondPasswordFormat)
	ErrSecondPasswordRepeat = fa.Refusal("cards", "second_password_repeat", msgSecondPasswordRepeat)
	ErrSecondPasswordWrong  = fa.Refusal("cards", "second_password_wrong", msgSecondPasswordWrong)
	ErrSecondPasswordSame   = fa.Refusal("cards", "second_password_same", msgSecondPasswordSame)
	ErrNoConfirmedMobile    = fa.Refusal("cards", "no_confirmed_mobile", msgNoConfirmedMobile)
	ErrNoAuthenticator      = fa.Refusal("cards", "no_authenticator", msgNoAuthenticator)
	ErrNoDynamicMethod      = fa.Refusal("cards", "no_dynamic_method", msgNoDynamicMethod)
	ErrDynamicUnavailable   = fa.Refusal("cards", "dynamic_unavailable", msgDynamicUnavailable)
)

// Settings returns a card's second-password settings.
func (s *Service) Settings(ctx context.Context, cardID int64) (SecondPasswordSettings, error) {
	return s.settings(ctx, s.db, cardID)
}

func (s *Service) settings(ctx context.Context, q db.Querier, cardID int64) (SecondPasswordSettings, error) {
	var internet, sms, app, always int
	err := q.QueryRow(ctx, `SELECT internet_password_enabled, dynamic_sms, dynamic_app, always_dynamic
		FROM card_password_settings WHERE card_id = $1`, cardID).Scan(&internet, &sms, &app, &always)
	if errors.Is(err, db.ErrNoRows) {
		return defaultSettings, nil
	}
	if err != nil {
		return SecondPasswordSettings{}, fmt.Errorf("cards: read second-password settings of card %d: %w", cardID, err)
	}
	return SecondPasswordSettings{InternetPassword: internet != 0, SMS: sms != 0, App: app != 0, AlwaysDynamic: always != 0}, nil
}

// setSetting writes one flag of a card's settings (an upsert: the row is
// created with the defaults on first change) and the holder's audit entry,
// both in q's transaction.
func (s *Service) setSetting(ctx context.Context, q db.Querier, customerID int64, c *Card, column string, on bool) error {
	labels, ok := settingLabels[column]
	if !ok {
		return fmt.Errorf("cards: unknown second-password setting %q", column)
	}
	v := 0
	if on {
		v = 1
	}
	_, err := q.Exec(ctx, `INSERT INTO card_password_settings (card_id, `+column+`, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (card_id) DO UPDATE SET `+column+` = excluded.`+column+`, updated_at = excluded.updated_at`,
		c.ID, v, s.now())
	if err != nil {
		return fmt.Errorf("cards: set %s of card %d: %w", column, c.ID, err)
	}
	s.log.Info("card second-password setting", "card", c.ID, "setting", column, "on", on)
	return s.auditHolder(ctx, q, customerID, ActionPasswordSetting, auditSetting(labels[v], c.Masked))
}

// auditHolder writes an audit entry of the card holder acting on their
// own card, in q's transaction.
func (s *Service) auditHolder(ctx context.Context, q db.Querier, customerID int64, action, detail string) error {
	return s.ids.Audit(ctx, q, identity.AuditRecord{ActorKind: identity.KindCustomer, ActorID: customerID,
		Action: action, TargetKind: identity.KindCustomer, TargetID: customerID, Detail: detail})
}

// ownActiveCard is customerID's card, which must be active (another
// customer's card is ErrNotFound).
func (s *Service) ownActiveCard(ctx context.Context, q db.Querier, customerID, cardID int64) (*Card, error) {
	c, err := s.card(ctx, q, cardID)
	if err != nil {
		return nil, err
	}
	if c.CustomerID != customerID {
		return nil, ErrNotFound
	}
	if c.Status != StatusActive {
		return nil, ErrNotActive
	}
	return c, nil
}

// CardPasswordState is one card on the «رمز دوم» page.
type CardPasswordState struct {
	Card
	Settings    SecondPasswordSettings
	StaticSpent int64 // today's static-password total
	StaticCap   int64
}

// SecondPasswordStates lists customerID's cards with their settings.
func (s *Service) SecondPasswordStates(ctx context.Context, customerID int64) ([]CardPasswordState, error) {
	list, err := s.Cards(ctx, customerID)
	if err != nil {
		return nil, err
	}
	out := make([]CardPasswordState, 0, len(list))
	for _, c := range list {
		st, err := s.settings(ctx, s.db, c.ID)
		if err != nil {
			return nil, err
		}
		spent, err := s.StaticSpent(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, CardPasswordState{Card: c, Settings: st, StaticSpent: spent, StaticCap: s.opts.StaticDailyCap})
	}
	return out, nil
}

// ChangeSecondPassword is «تغییر رمز دوم»: the current static second
// password, then the new one twice, as long as the card's product allows
// (secondPasswordFormat). Digits may be typed in any script.
func (s *Service) ChangeSecondPassword(ctx context.Context, customerID, cardID int64, oldPW, newPW, repeat string) error {
	oldPW, newPW, repeat = clean(oldPW), clean(newPW), clean(repeat)
	var result error
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.ownActiveCard(ctx, tx, customerID, cardID)
		if err != nil {
			return err
		}
		if len(newPW) < c.SecondPasswordMin || len(newPW) > c.SecondPasswordMax || !fa.AllDigits(newPW) {
			return secondPasswordFormat(c)
		}
		if newPW != repeat {
			return ErrSecondPasswordRepeat
		}
		var pwMAC string
		var failed int
		if err := tx.QueryRow(ctx, "SELECT password_mac, failed_pins FROM cards WHERE id = $1"+db.ForUpdate(tx), c.ID).Scan(&pwMAC, &failed); err != nil {
			return fmt.Errorf("cards: read second password: %w", err)
		}
		if !s.keys.check(macPassword, c.ID, oldPW, pwMAC) {
			// Wrong secrets of a card share one counter with the PIN
			// change: three wrong in a row block the card (staff unblock).
			// The failure is committed, then reported, so it is never
			// rolled back with the refusal.
			failed++
			to := StatusActive
			result = ErrSecondPasswordWrong
			if failed >= MaxFailedPINs {
				to, result = StatusBlocked, ErrCardBlocked
			}
			_, err := tx.Exec(ctx, "UPDATE cards SET failed_pins = $1, status = $2, updated_at = $3 WHERE id = $4",
				failed, to, s.now(), c.ID)
			return err
		}
		if oldPW == newPW {
			result = ErrSecondPasswordSame
			return nil
		}
		if _, err := tx.Exec(ctx, "UPDATE cards SET password_mac = $1, failed_pins = 0, updated_at = $2 WHERE id = $3",
			s.keys.mac(macPassword, c.ID, newPW), s.now(), c.ID); err != nil {
			return fmt.Errorf("cards: store second password: %w", err)
		}
		s.log.Info("card second password changed", "card", c.ID)
		return s.auditHolder(ctx, tx, customerID, ActionSecondPassword, cardDetail(c.Masked))
	})
	if err != nil {
		return err
	}
	return result
}

// SetInternetPassword turns the card's internet (second) password on or
// off («غیر فعال سازی رمز اینترنتی»). Off declines every card-not-present
// payment of the card.
func (s *Service) SetInternetPassword(ctx context.Context, customerID, cardID int64, on bool) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.ownActiveCard(ctx, tx, customerID, cardID)
		if err != nil {
			return err
		}
		return s.setSetting(ctx, tx, customerID, c, "internet_password_enabled", on)
	})
}

// ActivateSMS activates (or, on false, deactivates) SMS dynamic codes for
// the card; activating needs a mobile staff confirmed for the customer.
func (s *Service) ActivateSMS(ctx context.Context, customerID, cardID int64, on bool) error {
	if on {
		if s.opts.Dynamic == nil {
			return ErrDynamicUnavailable
		}
		_, ok, err := s.opts.Dynamic.ConfirmedMobile(ctx, customerID)
		if err != nil {
			return fmt.Errorf("cards: read confirmed mobile: %w", err)
		}
		if !ok {
			return ErrNoConfirmedMobile
		}
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.ownActiveCard(ctx, tx, customerID, cardID)
		if err != nil {
			return err
		}
		return s.setSetting(ctx, tx, customerID, c, "dynamic_sms", on)
	})
}

// AddCardToApp is «افزودن کارت»: the card accepts the codes of the
// person's authenticator, which must be active. On false it is removed.
func (s *Service) AddCardToApp(ctx context.Context, customerID, cardID int64, on bool) error {
	if on {
		if s.opts.Dynamic == nil {
			return ErrDynamicUnavailable
		}
		has, err := s.opts.Dynamic.HasDevice(ctx, customerID)
		if err != nil {
			return fmt.Errorf("cards: read authenticator: %w", err)
		}
		if !has {
			return ErrNoAuthenticator
		}
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.ownActiveCard(ctx, tx, customerID, cardID)
		if err != nil {
			return err
		}
		return s.setSetting(ctx, tx, customerID, c, "dynamic_app", on)
	})
}

// RemoveAuthenticator is the holder removing their authenticator («حذف
// برنامک رمزساز», e.g. before changing phones): the device ends and no
// card of theirs accepts its codes any more. A new enrolment starts
// afresh with «افزودن کارت».
func (s *Service) RemoveAuthenticator(ctx context.Context, customerID int64) error {
	e := s.enroller()
	if e == nil {
		return ErrDynamicUnavailable
	}
	if err := e.RemoveDevice(ctx, customerID); err != nil {
		if errors.Is(err, otp.ErrNoDevice) {
			return ErrNoAuthenticator
		}
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE card_password_settings SET dynamic_app = 0, always_dynamic = CASE WHEN dynamic_sms = 1 THEN always_dynamic ELSE 0 END,
			updated_at = $1 WHERE dynamic_app = 1 AND card_id IN (SELECT id FROM cards WHERE customer_id = $2)`, s.now(), customerID); err != nil {
			return fmt.Errorf("cards: take cards off the authenticator: %w", err)
		}
		return s.auditHolder(ctx, tx, customerID, ActionPasswordSetting, auditAppRemovedEverywhere)
	})
}

// SetAlwaysDynamic makes the card require a dynamic password for every
// amount (the static one is then refused with 65). Turning it on needs an
// activated dynamic method.
func (s *Service) SetAlwaysDynamic(ctx context.Context, customerID, cardID int64, on bool) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.ownActiveCard(ctx, tx, customerID, cardID)
		if err != nil {
			return err
		}
		if on {
			st, err := s.settings(ctx, tx, c.ID)
			if err != nil {
				return err
			}
			if !st.SMS && !st.App {
				return ErrNoDynamicMethod
			}
		}
		return s.setSetting(ctx, tx, customerID, c, "always_dynamic", on)
	})
}

// BlockByHolder is the holder blocking an active card of theirs from the
// «رمز دوم» page; only staff can unblock it.
func (s *Service) BlockByHolder(ctx context.Context, customerID, cardID int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.ownActiveCard(ctx, tx, customerID, cardID)
		if err != nil {
			return err
		}
		ok, err := setStatus(ctx, tx, c.ID, StatusActive, StatusBlocked, s.now(), "")
		if err != nil {
			return err
		}
		if !ok {
			return ErrNotActive
		}
		return s.auditHolder(ctx, tx, customerID, ActionBlock, cardDetail(c.Masked))
	})
}

// Enroller is what the «رمز دوم» page needs to enrol an authenticator;
// the otp service implements it, and the page finds it on
// Options.Dynamic.
type Enroller interface {
	StartEnrolment(ctx context.Context, personID int64, accountName, mobile string) (otp.Enrolment, error)
	ConfirmEnrolment(ctx context.Context, personID int64, activationCode, totpCode string) error
	RemoveDevice(ctx context.Context, personID int64) error
}

// enroller is Options.Dynamic as an Enroller, or nil.
func (s *Service) enroller() Enroller {
	e, _ := s.opts.Dynamic.(Enroller)
	return e
}

// The otp service is what the application wires into Options.Dynamic.
var (
	_ DynamicPasswords = (*otp.Service)(nil)
	_ Enroller         = (*otp.Service)(nil)
)
