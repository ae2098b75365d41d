package identity

import (
	"context"
	"fmt"

	"pishkhan/internal/db"
)

// CreateCustomersTx is CreateCustomerTx for many customers at once, inside
// the caller's transaction, for imports (the welfare employees file) and
// the load-test seed: the same checks, the same rows and the same audit
// entry per customer, written with multi-row statements. Each one's
// initial password is their national code (NationalCodePassword: no
// hash), so a first import pays no argon2id hash per employee
// (BenchmarkEmployeesImport: 100,000 rows at the production cost). Customers asking for a random
// password go through CreateCustomerTx one by one.
//
// The national codes must not be stored yet (callers look them up first):
// one that is gives ErrNationalCode, and nothing of the batch should then
// be kept (the caller's transaction rolls back). The result is in the
// order of in.
func (s *Service) CreateCustomersTx(ctx context.Context, tx *db.Tx, by Actor, in []NewCustomer) ([]*Customer, error) {
	now := s.now()
	out := make([]*Customer, len(in))
	byCode := make(map[string]int, len(in))
	var rows [][]any
	var batched []int // indexes of in written below, in order
	for i, n := range in {
		c, err := s.newCustomer(n, now)
		if err != nil {
			return nil, err
		}
		if n.RandomPassword {
			if out[i], err = s.insertCustomer(ctx, tx, by, n, c, now); err != nil {
				return nil, err
			}
			continue
		}
		if _, dup := byCode[c.NationalCode]; dup {
			return nil, ErrNationalCode
		}
		out[i], byCode[c.NationalCode] = c, i
		batched = append(batched, i)
		rows = append(rows, []any{c.NationalCode, c.FirstName, c.LastName, c.FatherName, c.BirthDate, c.Gender, c.Mobile, now, now})
	}
	if len(rows) == 0 {
		return out, nil
	}
	written := 0
	err := db.InsertRows(ctx, tx, "INSERT INTO customers (national_code, first_name, last_name, father_name, birth_date, gender, mobile, created_at, updated_at)",
		" RETURNING id, national_code", rows, func(r db.Scanner) error {
			var id int64
			var code string
			if err := r.Scan(&id, &code); err != nil {
				return err
			}
			out[byCode[code]].ID = id
			written++
			return nil
		})
	if db.IsUniqueViolation(err) {
		return nil, ErrNationalCode
	}
	if err != nil {
		return nil, fmt.Errorf("identity: create customers: %w", err)
	}
	if written != len(rows) {
		return nil, fmt.Errorf("identity: create customers: %d of %d written", written, len(rows))
	}

	expires := now.Add(s.opts.InitialPasswordTTL)
	actorKind := cond(by.StaffID != 0, KindStaff, actorSystem)
	codes, mobiles, usernames := make([][]any, 0, len(rows)), make([][]any, 0, len(rows)), [][]any(nil)
	creds, audits := make([][]any, 0, len(rows)), make([][]any, 0, len(rows))
	ip := by.IP
	if ip == "" {
		ip = clientOf(ctx).IP
	}
	for _, i := range batched {
		c := out[i]
		codes = append(codes, []any{IdentNationalCode, c.NationalCode, c.ID, now})
		if c.Username != "" {
			usernames = append(usernames, []any{IdentUsername, c.Username, c.ID, now})
		}
		if c.Mobile != "" {
			mobiles = append(mobiles, []any{IdentMobile, c.Mobile, c.ID, now})
		}
		creds = append(creds, []any{KindCustomer, c.ID, NationalCodePassword, true, expires, now})
		audits = append(audits, []any{now, actorKind, by.StaffID, ActionCustomerCreate, KindCustomer, c.ID, ip, auditNationalCodePassword})
	}
	// A national code's identifier and a username are the customer's own:
	// one already taken (a national code by a customer whose code has
	// changed since) refuses the batch as it refuses CreateCustomerTx.
	for _, own := range []struct {
		rows  [][]any
		taken error
	}{{codes, ErrIdentifierTaken}, {usernames, ErrUsernameTaken}} {
		added := 0
		if err := db.InsertRows(ctx, tx, "INSERT INTO login_identifiers (kind, value, person_id, created_at)",
			" ON CONFLICT (kind, value) DO NOTHING RETURNING person_id", own.rows, func(r db.Scanner) error {
				added++
				var id int64
				return r.Scan(&id)
			}); err != nil {
			return nil, fmt.Errorf("identity: add identifiers: %w", err)
		}
		if added != len(own.rows) {
			return nil, own.taken
		}
	}
	// Relatives often share a phone: the first account keeps the number
	// as a sign-in identifier, the others sign in otherwise.
	for _, step := range []struct {
		head, tail string
		rows       [][]any
	}{
		{"INSERT INTO login_identifiers (kind, value, person_id, created_at)", " ON CONFLICT (kind, value) DO NOTHING", mobiles},
		{"INSERT INTO credentials (subject_kind, subject_id, password_hash, must_change, expires_at, changed_at)", "", creds},
		{"INSERT INTO audit_log (at, actor_kind, actor_id, action, target_kind, target_id, ip, detail)", "", audits},
	} {
		if err := db.InsertRows(ctx, tx, step.head, step.tail, step.rows, nil); err != nil {
			return nil, fmt.Errorf("identity: create customers: %w", err)
		}
	}
	return out, nil
}
