package identity

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// credential is a stored password.
type credential struct {
	hash       string
	mustChange bool
	expiresAt  *time.Time
	changedAt  time.Time
}

func getCredential(ctx context.Context, q db.Querier, kind string, id int64) (credential, error) {
	var c credential
	err := q.QueryRow(ctx, `SELECT password_hash, must_change, expires_at, changed_at FROM credentials
		WHERE subject_kind = $1 AND subject_id = $2`, kind, id).Scan(&c.hash, &c.mustChange, &c.expiresAt, &c.changedAt)
	return c, err
}

// setCredential stores a password hash. A temporary password (mustChange)
// gets an expiry; a chosen one does not.
func setCredential(ctx context.Context, q db.Querier, kind string, id int64, hash string, mustChange bool, expiresAt *time.Time, now time.Time) error {
	_, err := q.Exec(ctx, `INSERT INTO credentials (subject_kind, subject_id, password_hash, must_change, expires_at, changed_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (subject_kind, subject_id) DO UPDATE SET password_hash = $3, must_change = $4, expires_at = $5, changed_at = $6`,
		kind, id, hash, mustChange, expiresAt, now)
	if err != nil {
		return fmt.Errorf("identity: store password: %w", err)
	}
	return nil
}

func scanCustomer(r db.Scanner) (*Customer, error) {
	var c Customer
	err := r.Scan(&c.ID, &c.NationalCode, &c.FirstName, &c.LastName, &c.FatherName, &c.BirthDate, &c.Gender, &c.Email,
		&c.PostalCode, &c.Address, &c.Education, &c.Mobile, &c.Username, &c.CreatedAt, &c.UpdatedAt)
	if err != nil {
		return nil, err
	}
	return &c, nil
}

const customerFrom = ` FROM customers c LEFT JOIN login_identifiers u ON u.person_id = c.id AND u.kind = 'username'`

func getCustomer(ctx context.Context, q db.Querier, id int64) (*Customer, error) {
	c, err := scanCustomer(q.QueryRow(ctx, "SELECT "+customerSelectColumns+customerFrom+" WHERE c.id = $1", id))
	if errors.Is(err, db.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("identity: load customer %d: %w", id, err)
	}
	return c, nil
}

// Customer returns one customer.
func (s *Service) Customer(ctx context.Context, id int64) (*Customer, error) {
	return getCustomer(ctx, s.db, id)
}

// passwordContext is what the policy knows about a customer.
func (c *Customer) passwordContext() PasswordContext {
	return PasswordContext{NationalCode: c.NationalCode, Username: c.Username, Mobile: c.Mobile,
		FirstName: c.FirstName, LastName: c.LastName, FatherName: c.FatherName, BirthDate: c.BirthDate}
}

// --- login identifiers ---

var usernameRE = regexp.MustCompile(`^[a-z][a-z0-9._-]{2,31}$`)

// ParseUsername validates a customer or staff username and returns it
// lower-case. It must start with a letter, which keeps usernames apart
// from the numeric identifiers (mobile, national code, card customer ID).
func ParseUsername(s string) (string, error) {
	u := strings.ToLower(fa.NormalizeInput(s))
	if !usernameRE.MatchString(u) {
		return "", ErrUsername
	}
	return u, nil
}

// ParseLineNumber validates a telephone line's number (4 to 11 digits,
// spaces and dashes allowed) and returns it without its leading zeros:
// «1132455123» and «0113-2455123» are one line.
func ParseLineNumber(s string) (string, error) {
	v := strings.NewReplacer(" ", "", "-", "").Replace(fa.NormalizeInput(s))
	if len(v) < 4 || len(v) > 11 || strings.Trim(v, "0123456789") != "" {
		return "", ErrLineNumber
	}
	if v = strings.TrimLeft(v, "0"); len(v) < 4 {
		return "", ErrLineNumber
	}
	return v, nil
}

// canonicalIdentifier returns the stored form of value for kind.
func canonicalIdentifier(kind, value string) (string, error) {
	switch kind {
	case IdentUsername:
		return ParseUsername(value)
	case IdentMobile:
		return fa.ParseMobile(value)
	case IdentNationalCode:
		return fa.ParseNationalCode(value)
	case IdentLineNumber:
		return ParseLineNumber(value)
	}
	if k, ok := areaIdentifier(kind); ok {
		return k.Parse(value)
	}
	return "", ErrUnknownKind
}

// candidates are the (kind, value) pairs a typed identifier could be, in
// order of preference. Kinds are disjoint by shape except numbers: an
// area's number (RegisterIdentifier) comes before a national code with
// dropped leading zeros, and any number is a telephone line's last (a
// mobile, an area's number or a national code is its person's own).
func candidates(input string) [][2]string {
	var out [][2]string
	kinds := []string{IdentUsername, IdentMobile}
	for _, k := range identifierKinds() {
		kinds = append(kinds, k.Kind)
	}
	for _, kind := range append(kinds, IdentNationalCode, IdentLineNumber) {
		if v, err := canonicalIdentifier(kind, input); err == nil {
			out = append(out, [2]string{kind, v})
		}
	}
	return out
}

// resolveIdentifier finds the person an identifier belongs to (0 when
// none). One query whatever the input, so timing says nothing either.
func resolveIdentifier(ctx context.Context, q db.Querier, input string) (int64, error) {
	cs := candidates(input)
	if len(cs) == 0 {
		return 0, nil
	}
	var conds []string
	var args []any
	for _, c := range cs {
		args = append(args, c[0], c[1])
		conds = append(conds, fmt.Sprintf("(kind = $%d AND value = $%d)", len(args)-1, len(args)))
	}
	rows, err := db.All(ctx, q, func(r db.Scanner) ([2]any, error) {
		var kind string
		var id int64
		err := r.Scan(&kind, &id)
		return [2]any{kind, id}, err
	}, "SELECT kind, person_id FROM login_identifiers WHERE "+strings.Join(conds, " OR "), args...)
	if err != nil {
		return 0, fmt.Errorf("identity: resolve identifier: %w", err)
	}
	for _, c := range cs { // preference order
		for _, r := range rows {
			if r[0] == c[0] {
				return r[1].(int64), nil
			}
		}
	}
	return 0, nil
}

// ResolveIdentifier returns the customer an identifier (in any digit
// script) belongs to, or ErrNotFound. For the back office; sign-in does
// its own lookup.
func (s *Service) ResolveIdentifier(ctx context.Context, identifier string) (int64, error) {
	id, err := resolveIdentifier(ctx, s.db, identifier)
	if err == nil && id == 0 {
		return 0, ErrNotFound
	}
	return id, err
}

// addIdentifier registers value as a login identifier of personID. It is
// idempotent for the same person; another person's value is refused.
func addIdentifier(ctx context.Context, q db.Querier, personID int64, kind, value string, now time.Time) error {
	res, err := q.Exec(ctx, `INSERT INTO login_identifiers (kind, value, person_id, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (kind, value) DO NOTHING`, kind, value, personID, now)
	if err != nil {
		return fmt.Errorf("identity: add %s identifier: %w", kind, err)
	}
	if res.RowsAffected == 1 {
		return nil
	}
	var owner int64
	if err := q.QueryRow(ctx, "SELECT person_id FROM login_identifiers WHERE kind = $1 AND value = $2", kind, value).Scan(&owner); err != nil {
		return fmt.Errorf("identity: check %s identifier: %w", kind, err)
	}
	if owner != personID {
		if kind == IdentUsername {
			return ErrUsernameTaken
		}
		return ErrIdentifierTaken
	}
	return nil
}

// setSingleIdentifier replaces a person's identifier of a kind that has
// one value per person (username, mobile, national code).
func setSingleIdentifier(ctx context.Context, q db.Querier, personID int64, kind, value string, now time.Time) error {
	if _, err := q.Exec(ctx, "DELETE FROM login_identifiers WHERE person_id = $1 AND kind = $2 AND value <> $3", personID, kind, value); err != nil {
		return fmt.Errorf("identity: replace %s identifier: %w", kind, err)
	}
	if value == "" {
		return nil
	}
	return addIdentifier(ctx, q, personID, kind, value, now)
}

// SetLineNumber makes a telephone line's number sign its subscriber in
// (a person has one line; a new number replaces the old one).
// ErrIdentifierTaken when it is another person's line. Areas call it
// inside the transaction that registers or changes the line.
func (s *Service) SetLineNumber(ctx context.Context, q db.Querier, personID int64, number string) error {
	v, err := ParseLineNumber(number)
	if err != nil {
		return err
	}
	if err := setSingleIdentifier(ctx, q, personID, IdentLineNumber, v, s.now()); err != nil {
		return err
	}
	return s.audit(ctx, q, auditEntry{actorKind: actorSystem, action: ActionIdentifierAdd,
		targetKind: KindCustomer, targetID: personID, detail: IdentLineNumber + " " + v})
}

// Identifiers lists a customer's login identifiers (kind, value).
func (s *Service) Identifiers(ctx context.Context, personID int64) ([][2]string, error) {
	return db.All(ctx, s.db, func(r db.Scanner) ([2]string, error) {
		var v [2]string
		err := r.Scan(&v[0], &v[1])
		return v, err
	}, "SELECT kind, value FROM login_identifiers WHERE person_id = $1 ORDER BY kind, value", personID)
}
