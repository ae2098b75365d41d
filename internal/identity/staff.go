package identity

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// staffPasswordLen is the length of generated one-time staff passwords:
// above the 12-character floor, so the policy never refuses one.
const staffPasswordLen = 14

func (st *StaffMember) passwordContext() PasswordContext {
	return PasswordContext{Staff: true, Username: st.Username, FullName: st.FullName}
}

func validRoles(roles []string) ([]string, error) {
	var out []string
	for _, r := range roles {
		if !slices.Contains(AllRoles(), r) {
			return nil, ErrRole
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil, ErrNoRole
	}
	slices.Sort(out)
	return out, nil
}

// CreateStaff adds a staff member and returns their one-time password,
// which must be changed at the first sign-in (`pishkhan staff add` prints
// it). by is zero when the command line creates the first staff.
func (s *Service) CreateStaff(ctx context.Context, by Actor, username, fullName string, roles []string) (*StaffMember, string, error) {
	u, err := ParseUsername(username)
	if err != nil {
		return nil, "", err
	}
	fullName = strings.TrimSpace(fa.NormalizeInput(fullName))
	if fullName == "" {
		return nil, "", ErrFullName
	}
	if utf8.RuneCountInString(fullName) > 100 {
		return nil, "", ErrTooLong.OnField("full_name")
	}
	roles, err = validRoles(roles)
	if err != nil {
		return nil, "", err
	}
	st := &StaffMember{Username: u, FullName: fullName, Roles: roles, MustChange: true, CreatedAt: s.now()}
	var password string
	for {
		password = randomPassword(staffPasswordLen)
		if CheckPassword(password, st.passwordContext()) == nil {
			break
		}
	}
	hash, err := s.hash(ctx, password)
	if err != nil {
		return nil, "", err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRow(ctx, "INSERT INTO staff (username, full_name, disabled, created_at) VALUES ($1, $2, FALSE, $3) RETURNING id",
			u, fullName, st.CreatedAt).Scan(&st.ID)
		if db.IsUniqueViolation(err) {
			return ErrUsernameTaken
		}
		if err != nil {
			return fmt.Errorf("identity: create staff: %w", err)
		}
		if err := setStaffRoles(ctx, tx, st.ID, roles); err != nil {
			return err
		}
		// No expiry: a staff one-time password reaches its owner in person.
		if err := setCredential(ctx, tx, KindStaff, st.ID, hash, true, nil, st.CreatedAt); err != nil {
			return err
		}
		return s.audit(ctx, tx, auditEntry{actorKind: cond(by.StaffID != 0, KindStaff, actorSystem), actorID: by.StaffID, ip: by.IP,
			action: ActionStaffCreate, targetKind: KindStaff, targetID: st.ID, detail: u + " " + strings.Join(roles, ",")})
	})
	if err != nil {
		return nil, "", err
	}
	return st, password, nil
}

func setStaffRoles(ctx context.Context, q db.Querier, id int64, roles []string) error {
	if _, err := q.Exec(ctx, "DELETE FROM staff_roles WHERE staff_id = $1", id); err != nil {
		return fmt.Errorf("identity: clear staff roles: %w", err)
	}
	for _, r := range roles {
		if _, err := q.Exec(ctx, "INSERT INTO staff_roles (staff_id, role) VALUES ($1, $2)", id, r); err != nil {
			return fmt.Errorf("identity: add staff role: %w", err)
		}
	}
	return nil
}

// SetStaffRoles replaces a staff member's roles. Audited.
func (s *Service) SetStaffRoles(ctx context.Context, by Actor, staffID int64, roles []string) error {
	roles, err := validRoles(roles)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := getStaff(ctx, tx, staffID); err != nil {
			return err
		}
		if err := setStaffRoles(ctx, tx, staffID, roles); err != nil {
			return err
		}
		return s.audit(ctx, tx, auditEntry{actorKind: KindStaff, actorID: by.StaffID, ip: by.IP, action: ActionStaffRoles,
			targetKind: KindStaff, targetID: staffID, detail: strings.Join(roles, ",")})
	})
}

// SetStaffDisabled disables (or enables again) a staff account; a
// disabled account's sessions end at once. Audited.
func (s *Service) SetStaffDisabled(ctx context.Context, by Actor, staffID int64, disabled bool) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, "UPDATE staff SET disabled = $1 WHERE id = $2", disabled, staffID)
		if err != nil {
			return fmt.Errorf("identity: disable staff: %w", err)
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		if disabled {
			if err := s.endSessions(ctx, tx, KindStaff, staffID, 0); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, auditEntry{actorKind: KindStaff, actorID: by.StaffID, ip: by.IP, action: ActionStaffDisable,
			targetKind: KindStaff, targetID: staffID, detail: cond(disabled, auditDisabled, auditEnabled)})
	})
}

const staffColumns = "id, username, full_name, disabled, created_at"

func scanStaff(r db.Scanner) (*StaffMember, error) {
	var st StaffMember
	if err := r.Scan(&st.ID, &st.Username, &st.FullName, &st.Disabled, &st.CreatedAt); err != nil {
		return nil, err
	}
	return &st, nil
}

func loadStaff(ctx context.Context, q db.Querier, where string, arg any) (*StaffMember, error) {
	st, err := scanStaff(q.QueryRow(ctx, "SELECT "+staffColumns+" FROM staff WHERE "+where, arg))
	if errors.Is(err, db.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("identity: load staff: %w", err)
	}
	st.Roles, err = db.All(ctx, q, func(r db.Scanner) (string, error) {
		var role string
		return role, r.Scan(&role)
	}, "SELECT role FROM staff_roles WHERE staff_id = $1 ORDER BY role", st.ID)
	if err != nil {
		return nil, fmt.Errorf("identity: load staff roles: %w", err)
	}
	var must bool
	err = q.QueryRow(ctx, "SELECT must_change FROM credentials WHERE subject_kind = $1 AND subject_id = $2", KindStaff, st.ID).Scan(&must)
	if err != nil && !errors.Is(err, db.ErrNoRows) {
		return nil, fmt.Errorf("identity: load staff password state: %w", err)
	}
	st.MustChange = must
	return st, nil
}

func getStaff(ctx context.Context, q db.Querier, id int64) (*StaffMember, error) {
	return loadStaff(ctx, q, "id = $1", id)
}

func getStaffByUsername(ctx context.Context, q db.Querier, username string) (*StaffMember, error) {
	return loadStaff(ctx, q, "username = $1", username)
}

// Staff returns one staff member with roles: the back office loads it for
// every request of a staff session, to check roles with HasRole.
func (s *Service) Staff(ctx context.Context, id int64) (*StaffMember, error) {
	return getStaff(ctx, s.db, id)
}

// ListStaff returns every staff account, by username.
func (s *Service) ListStaff(ctx context.Context) ([]*StaffMember, error) {
	list, err := db.All(ctx, s.db, scanStaff, "SELECT "+staffColumns+" FROM staff ORDER BY username")
	if err != nil {
		return nil, fmt.Errorf("identity: list staff: %w", err)
	}
	for _, st := range list {
		full, err := getStaff(ctx, s.db, st.ID)
		if err != nil {
			return nil, err
		}
		*st = *full
	}
	return list, nil
}

// HasRole reports whether staff member id holds role (admins hold all),
// for pages that have only the session's subject id.
func (s *Service) HasRole(ctx context.Context, staffID int64, role string) (bool, error) {
	st, err := getStaff(ctx, s.db, staffID)
	if err != nil {
		return false, err
	}
	return !st.Disabled && st.HasRole(role), nil
}
