package identity

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// ProfileUpdate is what a customer may change on «ویرایش پروفایل». Every
// field is written as given ("" clears it), except BirthDate, which can
// only be set once: "" leaves it alone.
type ProfileUpdate struct {
	Email      string
	PostalCode string
	Address    string
	Education  string
	BirthDate  string
}

// UpdateProfile applies a customer's own edit. A birth date that is
// already set cannot be changed («تاریخ تولد قابل ویرایش نمی باشد»);
// sending the same date again is accepted, so a form that shows it does
// not fail.
func (s *Service) UpdateProfile(ctx context.Context, personID int64, u ProfileUpdate) (*Customer, error) {
	defer s.customers.forget(personID)
	var out *Customer
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := getCustomer(ctx, tx, personID)
		if err != nil {
			return err
		}
		if err := applyProfile(c, u); err != nil {
			return err
		}
		c.UpdatedAt = s.now()
		_, err = tx.Exec(ctx, `UPDATE customers SET email = $1, postal_code = $2, address = $3, education = $4, birth_date = $5, updated_at = $6
			WHERE id = $7`, c.Email, c.PostalCode, c.Address, c.Education, c.BirthDate, c.UpdatedAt, c.ID)
		if err != nil {
			return fmt.Errorf("identity: update profile: %w", err)
		}
		out = c
		return s.audit(ctx, tx, auditEntry{actorKind: KindCustomer, actorID: personID, action: ActionProfileUpdate,
			targetKind: KindCustomer, targetID: personID})
	})
	return out, err
}

func applyProfile(c *Customer, u ProfileUpdate) error {
	email := strings.TrimSpace(fa.NormalizeInput(u.Email))
	if email != "" {
		a, err := mail.ParseAddress(email)
		if err != nil || a.Address != email || len(email) > 254 {
			return ErrEmail
		}
	}
	c.Email = strings.ToLower(email)
	c.PostalCode = ""
	if strings.TrimSpace(u.PostalCode) != "" {
		pc, err := fa.ParsePostalCode(u.PostalCode)
		if err != nil {
			return fromFa(err, "postal_code")
		}
		c.PostalCode = pc
	}
	addr, err := cleanText(u.Address, 300, "address")
	if err != nil {
		return err
	}
	c.Address = addr
	edu := strings.TrimSpace(fa.NormalizeInput(u.Education))
	if edu != "" && !slices.Contains(Educations, edu) {
		return ErrEducation
	}
	c.Education = edu
	if strings.TrimSpace(u.BirthDate) != "" {
		d, err := fa.ParseDate(u.BirthDate)
		if err != nil {
			return fromFa(err, "birth_date")
		}
		switch {
		case c.BirthDate == "":
			c.BirthDate = d.String()
		case c.BirthDate != d.String():
			return ErrBirthDateSet
		}
	}
	return nil
}

// StaffCustomerUpdate is what only staff may change: names, national code,
// mobile, username, gender — and the birth date, even once set (a typo
// on the registration form).
type StaffCustomerUpdate struct {
	NationalCode string
	FirstName    string
	LastName     string
	FatherName   string
	Gender       string
	Mobile       string // "" clears it
	Username     string // "" removes it
	BirthDate    string // "" leaves it alone
}

// UpdateCustomer applies a staff edit and keeps the login identifiers in
// step with the national code, mobile and username. Audited.
func (s *Service) UpdateCustomer(ctx context.Context, by Actor, personID int64, u StaffCustomerUpdate) (*Customer, error) {
	defer s.customers.forget(personID)
	var out *Customer
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := getCustomer(ctx, tx, personID)
		if err != nil {
			return err
		}
		if c.NationalCode, err = fa.ParseNationalCode(u.NationalCode); err != nil {
			return fromFa(err, "national_code")
		}
		c.Mobile = ""
		if strings.TrimSpace(u.Mobile) != "" {
			if c.Mobile, err = fa.ParseMobile(u.Mobile); err != nil {
				return fromFa(err, "mobile")
			}
		}
		c.Username = ""
		if strings.TrimSpace(u.Username) != "" {
			if c.Username, err = ParseUsername(u.Username); err != nil {
				return err
			}
		}
		if u.Gender != "" && GenderLabel(u.Gender) == "" {
			return ErrGender
		}
		c.Gender = u.Gender
		if strings.TrimSpace(u.BirthDate) != "" {
			d, err := fa.ParseDate(u.BirthDate)
			if err != nil {
				return fromFa(err, "birth_date")
			}
			c.BirthDate = d.String()
		}
		for _, f := range []struct {
			dst   *string
			src   string
			field string
		}{{&c.FirstName, u.FirstName, "first_name"}, {&c.LastName, u.LastName, "last_name"}, {&c.FatherName, u.FatherName, "father_name"}} {
			if *f.dst, err = cleanText(f.src, 60, f.field); err != nil {
				return err
			}
		}
		now := s.now()
		c.UpdatedAt = now
		_, err = tx.Exec(ctx, `UPDATE customers SET national_code = $1, first_name = $2, last_name = $3, father_name = $4, gender = $5,
			mobile = $6, birth_date = $7, updated_at = $8 WHERE id = $9`,
			c.NationalCode, c.FirstName, c.LastName, c.FatherName, c.Gender, c.Mobile, c.BirthDate, now, c.ID)
		if db.IsUniqueViolation(err) {
			return ErrNationalCode
		}
		if err != nil {
			return fmt.Errorf("identity: update customer: %w", err)
		}
		if err := setSingleIdentifier(ctx, tx, c.ID, IdentNationalCode, c.NationalCode, now); err != nil {
			return err
		}
		if err := setSingleIdentifier(ctx, tx, c.ID, IdentUsername, c.Username, now); err != nil {
			return err
		}
		if err := setSingleIdentifier(ctx, tx, c.ID, IdentMobile, c.Mobile, now); err != nil && !errors.Is(err, ErrIdentifierTaken) {
			return err
		}
		out = c
		return s.audit(ctx, tx, auditEntry{actorKind: KindStaff, actorID: by.StaffID, ip: by.IP, action: ActionCustomerUpdate,
			targetKind: KindCustomer, targetID: c.ID})
	})
	return out, err
}

// Profile fields a customer is asked to complete.
const (
	FieldEmail      = "email"
	FieldPostalCode = "postal_code"
	FieldAddress    = "address"
	FieldEducation  = "education"
	FieldBirthDate  = "birth_date"
	FieldMobile     = "mobile"
)

// MissingFields lists the profile fields still empty, in form order. A
// non-empty list shows the ISP guide's prompt: «با توجه به اینکه اطلاعات
// شخصی شما ناقص می باشد ، لذا از شما خواهشمندیم که از منوی ویرایش
// پروفایل اطلاعات خود را به روز نمایید».
func (c *Customer) MissingFields() []string {
	var out []string
	for _, f := range []struct {
		name, value string
	}{{FieldMobile, c.Mobile}, {FieldEmail, c.Email}, {FieldPostalCode, c.PostalCode}, {FieldEducation, c.Education},
		{FieldBirthDate, c.BirthDate}, {FieldAddress, c.Address}} {
		if f.value == "" {
			out = append(out, f.name)
		}
	}
	return out
}
