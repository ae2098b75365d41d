package identity

import (
	"context"
	"errors"
	"fmt"

	"pishkhan/internal/db"
)

// Load-test customers («pishkhan demo --scale»). The first is made
// through the service, so its password hash and security answers are
// real; the others copy them and are written in batches.

// ScaleCustomer is one customer to add for load tests.
type ScaleCustomer struct {
	NationalCode, FirstName, LastName, Mobile, Username string
}

// ErrScaleSeeded refuses a second scale seed.
var ErrScaleSeeded = errors.New("identity: scale data is there already (its first username exists); use a fresh database")

// SeedScale adds the customers, each able to sign in with password and
// with the security questions answered, and returns their IDs in order.
func (s *Service) SeedScale(ctx context.Context, people []ScaleCustomer, password string) ([]int64, error) {
	if len(people) == 0 {
		return nil, nil
	}
	var n int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM login_identifiers WHERE kind = $1 AND value = $2", IdentUsername, people[0].Username).Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, ErrScaleSeeded
	}
	first := people[0]
	tmpl, err := s.CreateCustomer(ctx, Actor{}, NewCustomer{NationalCode: first.NationalCode, FirstName: first.FirstName,
		LastName: first.LastName, Mobile: first.Mobile, Username: first.Username})
	if err != nil {
		return nil, fmt.Errorf("template customer: %w", err)
	}
	if err := s.ChangePassword(ctx, tmpl.ID, "", password, password); err != nil {
		return nil, fmt.Errorf("template password: %w", err)
	}
	if err := s.SetSecurityAnswers(ctx, tmpl.ID, map[int]string{2: "tehran", 3: "rex", 4: "amir"}); err != nil {
		return nil, fmt.Errorf("template answers: %w", err)
	}
	cred, err := getCredential(ctx, s.db, KindCustomer, tmpl.ID)
	if err != nil {
		return nil, err
	}
	answers, err := db.All(ctx, s.db, func(r db.Scanner) ([2]any, error) {
		var q int64
		var h string
		err := r.Scan(&q, &h)
		return [2]any{q, h}, err
	}, "SELECT question_id, answer_hash FROM security_answers WHERE person_id = $1", tmpl.ID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	cust := db.NewBatch(ctx, s.db, "customers", "national_code", "first_name", "last_name", "birth_date", "mobile", "created_at", "updated_at")
	for _, p := range people[1:] {
		if err := cust.Add(p.NationalCode, p.FirstName, p.LastName, "1365/01/01", p.Mobile, now, now); err != nil {
			return nil, err
		}
	}
	if err := cust.Flush(); err != nil {
		return nil, err
	}
	ids := make([]int64, len(people))
	ids[0] = tmpl.ID
	byCode := map[string]int{}
	for i, p := range people {
		byCode[p.NationalCode] = i
	}
	rows, err := s.db.Query(ctx, "SELECT id, national_code FROM customers WHERE created_at = $1", now)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			rows.Close()
			return nil, err
		}
		if i, ok := byCode[code]; ok && i > 0 {
			ids[i] = id
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ident := db.NewBatch(ctx, s.db, "login_identifiers", "kind", "value", "person_id", "created_at")
	creds := db.NewBatch(ctx, s.db, "credentials", "subject_kind", "subject_id", "password_hash", "must_change", "changed_at")
	ans := db.NewBatch(ctx, s.db, "security_answers", "person_id", "question_id", "answer_hash", "created_at")
	for i, p := range people[1:] {
		id := ids[i+1]
		if id == 0 {
			return nil, fmt.Errorf("identity: scale customer %s was not written", p.NationalCode)
		}
		for _, err := range []error{
			ident.Add(IdentUsername, p.Username, id, now),
			ident.Add(IdentNationalCode, p.NationalCode, id, now),
			creds.Add(KindCustomer, id, cred.hash, false, now),
		} {
			if err != nil {
				return nil, err
			}
		}
		for _, a := range answers {
			if err := ans.Add(id, a[0], a[1], now); err != nil {
				return nil, err
			}
		}
	}
	for _, b := range []*db.Batch{ident, creds, ans} {
		if err := b.Flush(); err != nil {
			return nil, err
		}
	}
	return ids, nil
}
