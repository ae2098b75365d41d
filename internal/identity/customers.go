package identity

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/notify"
)

// customerPasswordLen is the length of random passwords sent to customers
// by SMS (random initial passwords and recovery).
const customerPasswordLen = 10

// NewCustomer is what staff, the importer and the demo give to create a
// customer.
type NewCustomer struct {
	NationalCode string // required, validated
	FirstName    string
	LastName     string
	FatherName   string
	BirthDate    string // Jalali, any digits; optional
	Gender       string
	Mobile       string // optional
	Username     string // optional
	// RandomPassword: instead of the national code, a random initial
	// password is sent to Mobile by SMS (the operator's choice).
	RandomPassword bool
}

// CreateCustomer creates a customer whose password is the national code
// (or a random one sent by SMS), to be changed at the first sign-in and
// valid for InitialPasswordTTL. by is zero for imports and the demo.
func (s *Service) CreateCustomer(ctx context.Context, by Actor, in NewCustomer) (*Customer, error) {
	var c *Customer
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		c, err = s.CreateCustomerTx(ctx, tx, by, in)
		return err
	})
	return c, err
}

// CreateCustomerTx is CreateCustomer inside the caller's transaction (the
// demo and importers create other rows with it).
func (s *Service) CreateCustomerTx(ctx context.Context, tx *db.Tx, by Actor, in NewCustomer) (*Customer, error) {
	now := s.now()
	c, err := s.newCustomer(in, now)
	if err != nil {
		return nil, err
	}
	return s.insertCustomer(ctx, tx, by, in, c, now)
}

// newCustomer validates in: the customer to insert, or the field's error.
func (s *Service) newCustomer(in NewCustomer, now time.Time) (*Customer, error) {
	c := &Customer{CreatedAt: now, UpdatedAt: now}
	var err error
	if c.NationalCode, err = fa.ParseNationalCode(in.NationalCode); err != nil {
		return nil, fromFa(err, "national_code")
	}
	if in.Mobile != "" {
		if c.Mobile, err = fa.ParseMobile(in.Mobile); err != nil {
			return nil, fromFa(err, "mobile")
		}
	}
	if in.Username != "" {
		if c.Username, err = ParseUsername(in.Username); err != nil {
			return nil, err
		}
	}
	if in.BirthDate != "" {
		d, err := fa.ParseDate(in.BirthDate)
		if err != nil {
			return nil, fromFa(err, "birth_date")
		}
		c.BirthDate = d.String()
	}
	if in.Gender != "" && GenderLabel(in.Gender) == "" {
		return nil, ErrGender
	}
	c.Gender = in.Gender
	for _, f := range []struct {
		dst   *string
		src   string
		field string
	}{{&c.FirstName, in.FirstName, "first_name"}, {&c.LastName, in.LastName, "last_name"}, {&c.FatherName, in.FatherName, "father_name"}} {
		if *f.dst, err = cleanText(f.src, 60, f.field); err != nil {
			return nil, err
		}
	}
	if in.RandomPassword && c.Mobile == "" {
		return nil, ErrNoMobile
	}
	if in.RandomPassword && s.sms == nil {
		return nil, errors.New("identity: random initial passwords need the SMS service")
	}
	return c, nil
}

// insertCustomer writes a validated customer (CreateCustomerTx).
func (s *Service) insertCustomer(ctx context.Context, tx *db.Tx, by Actor, in NewCustomer, c *Customer, now time.Time) (*Customer, error) {
	var err error
	// The national code needs no hash (NationalCodePassword); a random
	// password sent by SMS is a secret and gets one.
	password, hash := c.NationalCode, NationalCodePassword
	if in.RandomPassword {
		password = s.temporaryPassword(c.passwordContext())
		if hash, err = s.hash(ctx, password); err != nil {
			return nil, err
		}
	}

	err = tx.QueryRow(ctx, `INSERT INTO customers (national_code, first_name, last_name, father_name, birth_date, gender, mobile, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		c.NationalCode, c.FirstName, c.LastName, c.FatherName, c.BirthDate, c.Gender, c.Mobile, now, now).Scan(&c.ID)
	if db.IsUniqueViolation(err) {
		return nil, ErrNationalCode
	}
	if err != nil {
		return nil, fmt.Errorf("identity: create customer: %w", err)
	}
	if err := addIdentifier(ctx, tx, c.ID, IdentNationalCode, c.NationalCode, now); err != nil {
		return nil, err
	}
	if c.Username != "" {
		if err := addIdentifier(ctx, tx, c.ID, IdentUsername, c.Username, now); err != nil {
			return nil, err
		}
	}
	if c.Mobile != "" {
		// Relatives often share a phone: the first account keeps the
		// number as a sign-in identifier, the others sign in otherwise.
		if err := addIdentifier(ctx, tx, c.ID, IdentMobile, c.Mobile, now); err != nil && !errors.Is(err, ErrIdentifierTaken) {
			return nil, err
		}
	}
	expires := now.Add(s.opts.InitialPasswordTTL)
	if err := setCredential(ctx, tx, KindCustomer, c.ID, hash, true, &expires, now); err != nil {
		return nil, err
	}
	if in.RandomPassword {
		if _, err := s.sms.Queue(ctx, tx, notify.Message{PersonID: c.ID, RecipientName: c.FullName(), To: c.Mobile,
			Reason: initialPasswordReason, Sensitive: true,
			Text: smsInitialPassword(password)}); err != nil {
			return nil, err
		}
	}
	actorKind := cond(by.StaffID != 0, KindStaff, actorSystem)
	if err := s.audit(ctx, tx, auditEntry{actorKind: actorKind, actorID: by.StaffID, ip: by.IP, action: ActionCustomerCreate,
		targetKind: KindCustomer, targetID: c.ID, detail: cond(in.RandomPassword, auditRandomPassword, auditNationalCodePassword)}); err != nil {
		return nil, err
	}
	return c, nil
}

// temporaryPassword makes a random password that passes the policy for
// this person.
func (s *Service) temporaryPassword(pc PasswordContext) string {
	for {
		p := randomPassword(customerPasswordLen)
		if CheckPassword(p, pc) == nil {
			return p
		}
	}
}

// cleanText normalises a free-text field and bounds its length.
func cleanText(s string, max int, field string) (string, error) {
	s = strings.Join(strings.Fields(fa.NormalizeInput(s)), " ")
	if len([]rune(s)) > max {
		return "", ErrTooLong.OnField(field)
	}
	return s, nil
}

// CustomerFilter is the back office's customer search. Filled fields are
// combined with AND.
type CustomerFilter struct {
	NationalCode  string // exact, any digits
	Mobile        string // exact, any form
	Name          string // part of first or last name, or both as "first last"
	Identifier    string // a value of an area's identifier kind (RegisterIdentifier)
	Offset, Limit int
}

// SearchCustomers returns one page of matching customers by last name and
// how many match. A malformed national code or mobile gives its field
// error; an identifier no area's kind accepts matches nobody.
func (s *Service) SearchCustomers(ctx context.Context, f CustomerFilter) ([]*Customer, int, error) {
	var w db.Filter
	if f.NationalCode != "" {
		v, err := fa.ParseNationalCode(f.NationalCode)
		if err != nil {
			return nil, 0, fromFa(err, "national_code")
		}
		w.Where("c.national_code = ?", v)
	}
	if f.Mobile != "" {
		v, err := fa.ParseMobile(f.Mobile)
		if err != nil {
			return nil, 0, fromFa(err, "mobile")
		}
		w.Where("c.mobile = ?", v)
	}
	if f.Identifier != "" {
		var or []string
		var alts []any
		for _, k := range identifierKinds() {
			if v, err := k.Parse(f.Identifier); err == nil {
				or = append(or, "(kind = ? AND value = ?)")
				alts = append(alts, k.Kind, v)
			}
		}
		if len(or) == 0 {
			w.Where("1 = 0") // no area's kind of identifier accepts it
		} else {
			w.Where("c.id IN (SELECT person_id FROM login_identifiers WHERE "+strings.Join(or, " OR ")+")", alts...)
		}
	}
	if name := strings.Join(strings.Fields(fa.NormalizeInput(f.Name)), " "); name != "" {
		like := db.Contains(name)
		op := db.ILike(s.db)
		w.Where("c.first_name "+op+" ? ESCAPE '\\' OR c.last_name "+op+" ? ESCAPE '\\' OR c.first_name || ' ' || c.last_name "+op+" ? ESCAPE '\\'", like, like, like)
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*)"+customerFrom+w.Clause(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("identity: count customers: %w", err)
	}
	page, args := w.Page(pageSize(f.Limit), f.Offset)
	list, err := db.All(ctx, s.db, scanCustomer, "SELECT "+customerSelectColumns+customerFrom+w.Clause()+" ORDER BY c.last_name, c.first_name, c.id"+page, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("identity: search customers: %w", err)
	}
	return list, total, nil
}

// ResetPassword sets a customer's password back to the national code,
// forcing a change at the next sign-in, with a fresh initial-password
// expiry; their sessions end and their account lock is cleared. Audited.
func (s *Service) ResetPassword(ctx context.Context, by Actor, personID int64) error {
	c, err := getCustomer(ctx, s.db, personID)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := s.resetTx(ctx, tx, c.ID, NationalCodePassword); err != nil {
			return err
		}
		return s.audit(ctx, tx, auditEntry{actorKind: KindStaff, actorID: by.StaffID, ip: by.IP, action: ActionPasswordReset,
			targetKind: KindCustomer, targetID: c.ID, detail: auditNationalCodePassword})
	})
}

// resetTx stores a temporary password: must be changed, expires, every
// session ends, the account lock is lifted.
func (s *Service) resetTx(ctx context.Context, tx *db.Tx, personID int64, hash string) error {
	now := s.now()
	expires := now.Add(s.opts.InitialPasswordTTL)
	if err := setCredential(ctx, tx, KindCustomer, personID, hash, true, &expires, now); err != nil {
		return err
	}
	if err := s.endSessions(ctx, tx, KindCustomer, personID, 0); err != nil {
		return err
	}
	_, err := clearThrottle(ctx, tx, scopeCustomer, idItem(personID))
	return err
}

// PasswordState says where a customer's password stands, for the
// customer detail page.
type PasswordState struct {
	MustChange bool
	ExpiresAt  *time.Time
	ChangedAt  time.Time
	Locked     *time.Time // account locked until, or nil
}

// CustomerPasswordState returns a customer's password state.
func (s *Service) CustomerPasswordState(ctx context.Context, personID int64) (PasswordState, error) {
	var st PasswordState
	cred, err := getCredential(ctx, s.db, KindCustomer, personID)
	if errors.Is(err, db.ErrNoRows) {
		return st, ErrNotFound
	}
	if err != nil {
		return st, fmt.Errorf("identity: load password state: %w", err)
	}
	st.MustChange, st.ExpiresAt, st.ChangedAt = cred.mustChange, cred.expiresAt, cred.changedAt
	var until *time.Time
	err = s.db.QueryRow(ctx, "SELECT locked_until FROM signin_throttle WHERE scope = $1 AND item = $2", scopeCustomer, idItem(personID)).Scan(&until)
	if err != nil && !errors.Is(err, db.ErrNoRows) {
		return st, fmt.Errorf("identity: load account lock: %w", err)
	}
	if until != nil && until.After(s.now()) {
		st.Locked = until
	}
	return st, nil
}
