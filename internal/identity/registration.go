package identity

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// Audit actions of verified registration.
const (
	ActionRegister          = "register_verified"
	ActionPasswordSetVerify = "password_set_verified"
)

// Registration is an account whose identity an identity provider has
// verified (national code, names, birth date, mobile), completed by the
// person with a password of their choosing and the rest of their profile
// («تکمیل اطلاعات شخصی»).
type Registration struct {
	NationalCode string
	FirstName    string
	LastName     string
	FatherName   string
	BirthDate    string // Jalali
	Gender       string
	Mobile       string
	Education    string
	Address      string
	Password     string
	Repeat       string
}

// ErrAddressPersian: the registration guide asks for Persian.
var ErrAddressPersian = refusal("address_persian", MsgAddressPersian).OnField("address")

// PasswordRules checks a password and its repeat against the policy for
// the person in r, before anything is stored (the page shows every broken
// rule next to the field).
func PasswordRules(r Registration) error {
	pw, repeat := normalisePassword(r.Password), normalisePassword(r.Repeat)
	if problems := CheckPassword(pw, r.passwordContext()); len(problems) > 0 {
		return policyError(problems)
	}
	if pw != repeat {
		return ErrRepeatMismatch
	}
	return nil
}

func (r Registration) passwordContext() PasswordContext {
	return PasswordContext{NationalCode: r.NationalCode, Mobile: r.Mobile, FirstName: r.FirstName, LastName: r.LastName,
		FatherName: r.FatherName, BirthDate: r.BirthDate}
}

// CustomerByNationalCode returns the account with the national code, or
// ErrNotFound.
func (s *Service) CustomerByNationalCode(ctx context.Context, nationalCode string) (*Customer, error) {
	found, _, err := s.SearchCustomers(ctx, CustomerFilter{NationalCode: nationalCode, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(found) == 0 || found[0].NationalCode != nationalCode {
		return nil, ErrNotFound
	}
	return found[0], nil
}

// RegisterVerified creates the account of r, or — when the national code
// already has one — sets its password («تنظیم رمز»): the provider's
// verification of national code, birth date and mobile is the proof of
// ownership that an old password or recovery would otherwise give. The
// password is the person's choice and is not to be changed at the next
// sign-in. also runs inside the same transaction (the caller's own rows).
// It reports whether an account was created (false: password set).
func (s *Service) RegisterVerified(ctx context.Context, r Registration, also func(ctx context.Context, tx *db.Tx, c *Customer) error) (*Customer, bool, error) {
	if err := PasswordRules(r); err != nil {
		return nil, false, err
	}
	if r.Education != "" && !slices.Contains(Educations, r.Education) {
		return nil, false, ErrEducation
	}
	if r.Address != "" && !fa.IsPersianText(stripAddressMarks(r.Address)) {
		return nil, false, ErrAddressPersian
	}
	if len([]rune(r.Address)) > 300 {
		return nil, false, ErrTooLong.OnField("address")
	}
	hash, err := s.hash(ctx, normalisePassword(r.Password))
	if err != nil {
		return nil, false, err
	}
	now := s.now()
	var c *Customer
	var created bool
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		c, created = nil, false
		existing, err := s.customerIDByNationalCode(ctx, tx, r.NationalCode)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		if errors.Is(err, ErrNotFound) {
			c, err = s.CreateCustomerTx(ctx, tx, Actor{}, NewCustomer{NationalCode: r.NationalCode, FirstName: r.FirstName, LastName: r.LastName,
				FatherName: r.FatherName, BirthDate: r.BirthDate, Gender: r.Gender, Mobile: r.Mobile})
			if err != nil {
				return err
			}
			created = true
			if _, err := tx.Exec(ctx, "UPDATE customers SET education = $1, address = $2, updated_at = $3 WHERE id = $4",
				r.Education, r.Address, now, c.ID); err != nil {
				return fmt.Errorf("identity: registration profile: %w", err)
			}
			c.Education, c.Address = r.Education, r.Address
		} else {
			if c, err = getCustomer(ctx, tx, existing); err != nil {
				return err
			}
		}
		if err := setCredential(ctx, tx, KindCustomer, c.ID, hash, false, nil, now); err != nil {
			return err
		}
		if !created {
			// A new password ends every session and lock the old one had.
			if err := s.endSessions(ctx, tx, KindCustomer, c.ID, 0); err != nil {
				return err
			}
			if _, err := clearThrottle(ctx, tx, KindCustomer, idItem(c.ID)); err != nil {
				return err
			}
		}
		action := ActionPasswordSetVerify
		if created {
			action = ActionRegister
		}
		if err := s.audit(ctx, tx, auditEntry{actorKind: KindCustomer, actorID: c.ID, action: action, targetKind: KindCustomer, targetID: c.ID,
			detail: auditSSO}); err != nil {
			return err
		}
		if also != nil {
			return also(ctx, tx, c)
		}
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	return c, created, nil
}

func (s *Service) customerIDByNationalCode(ctx context.Context, q db.Querier, nationalCode string) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, "SELECT id FROM customers WHERE national_code = $1", nationalCode).Scan(&id)
	if errors.Is(err, db.ErrNoRows) {
		return 0, ErrNotFound
	}
	return id, err
}

// stripAddressMarks drops what a Persian address may carry besides
// letters: digits (plaque, unit, postal code) and punctuation.
func stripAddressMarks(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range fa.LatinDigits(s) {
		switch {
		case r >= '0' && r <= '9', r == ',', r == '/', r == '(', r == ')', r == ':', r == '؛':
			out = append(out, ' ')
		default:
			out = append(out, r)
		}
	}
	return string(out)
}
