package idp

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// RegistryColumns is the header of a registry CSV file, in order.
// mobiles holds one or more numbers separated by spaces or «;», the
// primary first.
var RegistryColumns = []string{"national_code", "first_name", "last_name", "father_name", "birth_date",
	"certificate_number", "certificate_place", "certificate_date", "gender", "mobiles"}

// ImportResult counts what an import did.
type ImportResult struct {
	Added, Updated, Unchanged int
}

// LineError is a bad row of an import file: its line number and why.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// ImportRegistry reads a registry CSV (UTF-8, header row RegistryColumns)
// and stores every person in one transaction: a bad row is reported with
// its line number and nothing of the file is stored. Importing the same
// file again changes nothing.
func (s *Service) ImportRegistry(ctx context.Context, r io.Reader) (ImportResult, error) {
	var res ImportResult
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return res, &LineError{Line: 1, Err: fmt.Errorf("no header: %w", err)}
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff") // a BOM from spreadsheet programs
	}
	if !slices.Equal(trimAll(header), RegistryColumns) {
		return res, &LineError{Line: 1, Err: fmt.Errorf("header must be %s", strings.Join(RegistryColumns, ","))}
	}
	var persons []*Person
	var lines []int
	seenCode := map[string]int{}
	seenMobile := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return res, &LineError{Line: line, Err: err}
		}
		if len(rec) != len(RegistryColumns) {
			return res, &LineError{Line: line, Err: fmt.Errorf("%d columns, want %d", len(rec), len(RegistryColumns))}
		}
		p, err := parsePerson(rec)
		if err != nil {
			return res, &LineError{Line: line, Err: err}
		}
		if first, ok := seenCode[p.NationalCode]; ok {
			return res, &LineError{Line: line, Err: fmt.Errorf("national code %s repeats line %d", p.NationalCode, first)}
		}
		seenCode[p.NationalCode] = line
		for _, m := range p.Mobiles {
			if first, ok := seenMobile[m]; ok {
				return res, &LineError{Line: line, Err: fmt.Errorf("mobile %s is also on line %d", m, first)}
			}
			seenMobile[m] = line
		}
		persons = append(persons, p)
		lines = append(lines, line)
	}
	now := s.now()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		res = ImportResult{}
		for i, p := range persons {
			existed, err := personExists(ctx, tx, p.NationalCode)
			if err != nil {
				return &LineError{Line: lines[i], Err: err}
			}
			changed, err := putPerson(ctx, tx, p, now)
			if err != nil {
				return &LineError{Line: lines[i], Err: err}
			}
			switch {
			case !existed:
				res.Added++
			case changed:
				res.Updated++
			default:
				res.Unchanged++
			}
		}
		return nil
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// PutPerson validates and stores one person (the demo, the admin).
func (s *Service) PutPerson(ctx context.Context, p Person) error {
	rec := []string{p.NationalCode, p.FirstName, p.LastName, p.FatherName, p.BirthDate, p.CertificateNumber,
		p.CertificatePlace, p.CertificateDate, p.Gender, strings.Join(p.Mobiles, " ")}
	clean, err := parsePerson(rec)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := putPerson(ctx, tx, clean, s.now())
		return err
	})
}

func personExists(ctx context.Context, q db.Querier, code string) (bool, error) {
	var n int
	err := q.QueryRow(ctx, "SELECT COUNT(*) FROM idp_persons WHERE national_code = $1", code).Scan(&n)
	return n > 0, err
}

func trimAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(strings.TrimSpace(s))
	}
	return out
}

// parsePerson validates one row: a valid national code, names in
// Persian, Jalali dates, a known gender, valid mobiles.
func parsePerson(rec []string) (*Person, error) {
	for i := range rec {
		rec[i] = fa.NormalizeInput(rec[i])
	}
	p := &Person{FirstName: rec[1], LastName: rec[2], FatherName: rec[3], CertificateNumber: rec[5], CertificatePlace: rec[6]}
	var err error
	if p.NationalCode, err = fa.ParseNationalCode(rec[0]); err != nil {
		return nil, fmt.Errorf("national_code %q: %w", rec[0], err)
	}
	for _, f := range []struct{ name, v string }{{"first_name", p.FirstName}, {"last_name", p.LastName}} {
		if f.v == "" {
			return nil, fmt.Errorf("%s is empty", f.name)
		}
	}
	for _, f := range []struct{ name, v string }{{"first_name", p.FirstName}, {"last_name", p.LastName}, {"father_name", p.FatherName}, {"certificate_place", p.CertificatePlace}} {
		if utf8.RuneCountInString(f.v) > 60 {
			return nil, fmt.Errorf("%s is longer than 60 characters", f.name)
		}
		if f.v != "" && !fa.IsPersianText(f.v) {
			return nil, fmt.Errorf("%s %q is not in Persian letters", f.name, f.v)
		}
	}
	if p.CertificateNumber != "" && (len(p.CertificateNumber) > 10 || strings.Trim(p.CertificateNumber, "0123456789") != "") {
		return nil, fmt.Errorf("certificate_number %q must be up to 10 digits", p.CertificateNumber)
	}
	d, err := fa.ParseDate(rec[4])
	if err != nil {
		return nil, fmt.Errorf("birth_date %q: %w", rec[4], err)
	}
	p.BirthDate = d.String()
	if rec[7] != "" {
		d, err := fa.ParseDate(rec[7])
		if err != nil {
			return nil, fmt.Errorf("certificate_date %q: %w", rec[7], err)
		}
		p.CertificateDate = d.String()
	}
	switch rec[8] {
	case "", GenderMale, GenderFemale:
		p.Gender = rec[8]
	case importGenderMale:
		p.Gender = GenderMale
	case importGenderFemale:
		p.Gender = GenderFemale
	default:
		return nil, fmt.Errorf("gender %q must be male or female", rec[8])
	}
	for _, raw := range strings.FieldsFunc(rec[9], func(r rune) bool { return r == ';' || r == ' ' || r == ',' }) {
		m, err := fa.ParseMobile(raw)
		if err != nil {
			return nil, fmt.Errorf("mobile %q: %w", raw, err)
		}
		if slices.Contains(p.Mobiles, m) {
			return nil, fmt.Errorf("mobile %s given twice", m)
		}
		p.Mobiles = append(p.Mobiles, m)
	}
	if len(p.Mobiles) > 1 {
		// Stored order: the primary, then the rest sorted (as loaded).
		slices.Sort(p.Mobiles[1:])
	}
	return p, nil
}
