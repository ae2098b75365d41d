package idp

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"pishkhan/internal/db"
)

// Registry answers the two questions the sign-in pages ask the civil
// registry: who is this national code, and is this mobile theirs. The
// embedded default is the registry tables (DBRegistry); a deployment may
// plug in an inquiry provider over HTTP (HTTPRegistry).
type Registry interface {
	// Person returns the person with the national code, or ErrNotFound.
	Person(ctx context.Context, nationalCode string) (*Person, error)
	// MobileMatches reports whether the mobile is registered to the
	// national code (the operators' «شاهکار» question).
	MobileMatches(ctx context.Context, nationalCode, mobile string) (bool, error)
}

// DBRegistry is the registry kept in Pishkhan's database, filled by
// `pishkhan import registry` and the demo.
type DBRegistry struct {
	DB  *db.DB
	Now func() time.Time
}

// Person implements Registry.
func (r *DBRegistry) Person(ctx context.Context, nationalCode string) (*Person, error) {
	return loadPerson(ctx, r.DB, nationalCode)
}

// MobileMatches implements Registry.
func (r *DBRegistry) MobileMatches(ctx context.Context, nationalCode, mobile string) (bool, error) {
	var owner string
	err := r.DB.QueryRow(ctx, "SELECT national_code FROM idp_person_mobiles WHERE mobile = $1", mobile).Scan(&owner)
	if errors.Is(err, db.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("idp: mobile owner: %w", err)
	}
	return owner == nationalCode, nil
}

func loadPerson(ctx context.Context, q db.Querier, nationalCode string) (*Person, error) {
	p := &Person{}
	err := q.QueryRow(ctx, `SELECT national_code, first_name, last_name, father_name, birth_date, certificate_number,
		certificate_place, certificate_date, gender FROM idp_persons WHERE national_code = $1`, nationalCode).Scan(
		&p.NationalCode, &p.FirstName, &p.LastName, &p.FatherName, &p.BirthDate, &p.CertificateNumber,
		&p.CertificatePlace, &p.CertificateDate, &p.Gender)
	if errors.Is(err, db.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("idp: load person: %w", err)
	}
	mobiles, err := db.All(ctx, q, func(s db.Scanner) (string, error) {
		var m string
		return m, s.Scan(&m)
	}, "SELECT mobile FROM idp_person_mobiles WHERE national_code = $1 ORDER BY is_primary DESC, mobile", nationalCode)
	if err != nil {
		return nil, fmt.Errorf("idp: load mobiles: %w", err)
	}
	p.Mobiles = mobiles
	return p, nil
}

// putPerson stores p (already validated) inside tx and reports whether
// anything changed: a person stored again with the same data is left as
// it was, so a second import of the same file changes nothing.
func putPerson(ctx context.Context, tx *db.Tx, p *Person, now time.Time) (changed bool, err error) {
	old, err := loadPerson(ctx, tx, p.NationalCode)
	switch {
	case errors.Is(err, ErrNotFound):
		if _, err := tx.Exec(ctx, `INSERT INTO idp_persons (national_code, first_name, last_name, father_name, birth_date,
			certificate_number, certificate_place, certificate_date, gender, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			p.NationalCode, p.FirstName, p.LastName, p.FatherName, p.BirthDate, p.CertificateNumber,
			p.CertificatePlace, p.CertificateDate, p.Gender, now); err != nil {
			return false, fmt.Errorf("idp: add person: %w", err)
		}
	case err != nil:
		return false, err
	default:
		same := old.FirstName == p.FirstName && old.LastName == p.LastName && old.FatherName == p.FatherName &&
			old.BirthDate == p.BirthDate && old.CertificateNumber == p.CertificateNumber && old.CertificatePlace == p.CertificatePlace &&
			old.CertificateDate == p.CertificateDate && old.Gender == p.Gender && slices.Equal(old.Mobiles, p.Mobiles)
		if same {
			return false, nil
		}
		if _, err := tx.Exec(ctx, `UPDATE idp_persons SET first_name = $2, last_name = $3, father_name = $4, birth_date = $5,
			certificate_number = $6, certificate_place = $7, certificate_date = $8, gender = $9, updated_at = $10
			WHERE national_code = $1`,
			p.NationalCode, p.FirstName, p.LastName, p.FatherName, p.BirthDate, p.CertificateNumber,
			p.CertificatePlace, p.CertificateDate, p.Gender, now); err != nil {
			return false, fmt.Errorf("idp: update person: %w", err)
		}
	}
	if _, err := tx.Exec(ctx, "DELETE FROM idp_person_mobiles WHERE national_code = $1", p.NationalCode); err != nil {
		return false, fmt.Errorf("idp: replace mobiles: %w", err)
	}
	for i, m := range p.Mobiles {
		// A number re-registered to this person leaves its former owner:
		// the registry is the newer truth.
		if _, err := tx.Exec(ctx, "DELETE FROM idp_person_mobiles WHERE mobile = $1", m); err != nil {
			return false, fmt.Errorf("idp: move mobile: %w", err)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO idp_person_mobiles (mobile, national_code, is_primary) VALUES ($1, $2, $3)",
			m, p.NationalCode, i == 0); err != nil {
			return false, fmt.Errorf("idp: add mobile: %w", err)
		}
	}
	return true, nil
}
