package identity

import (
	"context"
	"errors"
	"fmt"

	"pishkhan/internal/db"
)

// Load-test customers («pishkhan demo --scale»). The first is made
// through the service, so its password hash and security answers are
// real; the others are created by the path a first employees import
// takes (CreateCustomersTx) and copy them.

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
	answers, err := db.All(ctx, s.db, func(r db.Scanner) ([2]any, error) {
		var q int64
		var h string
		err := r.Scan(&q, &h)
		return [2]any{q, h}, err
	}, "SELECT question_id, answer_hash FROM security_answers WHERE person_id = $1", tmpl.ID)
	if err != nil {
		return nil, err
	}
	// The others are created as an import creates customers
	// (CreateCustomersTx, 500 to a transaction), then given the template's
	// password hash and answers: they can sign in at once.
	ids := make([]int64, len(people))
	ids[0] = tmpl.ID
	const chunk = 500
	for start := 1; start < len(people); start += chunk {
		part := people[start:min(start+chunk, len(people))]
		in := make([]NewCustomer, len(part))
		for i, p := range part {
			in[i] = NewCustomer{NationalCode: p.NationalCode, FirstName: p.FirstName, LastName: p.LastName, BirthDate: "1365/01/01",
				Mobile: p.Mobile, Username: p.Username}
		}
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			created, err := s.CreateCustomersTx(ctx, tx, Actor{}, in)
			if err != nil {
				return err
			}
			now := s.now()
			list := make([]any, len(created))
			var ans [][]any
			for i, c := range created {
				ids[start+i], list[i] = c.ID, c.ID
				for _, a := range answers {
					ans = append(ans, []any{c.ID, a[0], a[1], now})
				}
			}
			if _, err := tx.Exec(ctx, fmt.Sprintf(`UPDATE credentials SET password_hash = (SELECT password_hash FROM credentials
				WHERE subject_kind = 'customer' AND subject_id = %d), must_change = FALSE, expires_at = NULL
				WHERE subject_kind = 'customer' AND subject_id IN (%s)`, tmpl.ID, db.Placeholders(tx.Engine(), len(list), 1)), list...); err != nil {
				return err
			}
			return db.InsertRows(ctx, tx, "INSERT INTO security_answers (person_id, question_id, answer_hash, created_at)", "", ans, nil)
		})
		if err != nil {
			return nil, fmt.Errorf("identity: scale customers from %s: %w", part[0].NationalCode, err)
		}
	}
	return ids, nil
}
