package support

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/identity"
)

// Staff is a staff member as support sees them: their account and the
// departments they work in.
type Staff struct {
	*identity.StaffMember
	Departments []int64
}

// Admin reports whether the staff member sees every department.
func (st *Staff) Admin() bool { return st.HasRole(identity.RoleAdmin) }

// Serves reports whether the staff member may work on department id's
// tickets.
func (st *Staff) Serves(id int64) bool { return st.Admin() || slices.Contains(st.Departments, id) }

// HasDesk reports whether the staff member has any queue at all.
func (st *Staff) HasDesk() bool { return st.Admin() || len(st.Departments) > 0 }

// StaffFor loads the departments of a staff member.
func (s *Service) StaffFor(ctx context.Context, m *identity.StaffMember) (*Staff, error) {
	ids, err := db.All(ctx, s.db, func(r db.Scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, "SELECT department_id FROM support_department_staff WHERE staff_id = $1 ORDER BY department_id", m.ID)
	if err != nil {
		return nil, fmt.Errorf("support: departments of staff %d: %w", m.ID, err)
	}
	return &Staff{StaffMember: m, Departments: ids}, nil
}

func scanDepartment(r db.Scanner) (Department, error) {
	var d Department
	return d, r.Scan(&d.ID, &d.Code, &d.Name)
}

// Departments lists every department in the order the forms show them.
func (s *Service) Departments(ctx context.Context) ([]Department, error) {
	out, err := db.All(ctx, s.db, scanDepartment, "SELECT id, code, name FROM support_departments ORDER BY position, id")
	if err != nil {
		return nil, fmt.Errorf("support: list departments: %w", err)
	}
	return out, nil
}

// Department returns one department.
func (s *Service) Department(ctx context.Context, id int64) (*Department, error) {
	d, err := scanDepartment(s.db.QueryRow(ctx, "SELECT id, code, name FROM support_departments WHERE id = $1", id))
	if errors.Is(err, db.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("support: department %d: %w", id, err)
	}
	return &d, nil
}

// DepartmentByCode returns a department by its code ("technical").
func (s *Service) DepartmentByCode(ctx context.Context, code string) (*Department, error) {
	d, err := scanDepartment(s.db.QueryRow(ctx, "SELECT id, code, name FROM support_departments WHERE code = $1", code))
	if errors.Is(err, db.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("support: department %s: %w", code, err)
	}
	return &d, nil
}

// Member is a staff member of a department, for the assign select and the
// departments page.
type Member struct {
	ID       int64
	FullName string
	Username string
}

// Members lists the staff of a department.
func (s *Service) Members(ctx context.Context, departmentID int64) ([]Member, error) {
	ids, err := db.All(ctx, s.db, func(r db.Scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, `SELECT staff_id FROM support_department_staff WHERE department_id = $1`, departmentID)
	if err != nil {
		return nil, fmt.Errorf("support: members of department %d: %w", departmentID, err)
	}
	// The staff members are identity's: their names, and whether they
	// are still enabled, are asked of it in one query.
	names, err := identity.NamesOf(ctx, s.db, nil, ids)
	if err != nil {
		return nil, fmt.Errorf("support: members of department %d: %w", departmentID, err)
	}
	var out []Member
	for _, id := range ids {
		if n, ok := names.Staff[id]; ok && !n.Disabled {
			out = append(out, Member{ID: id, FullName: n.FullName, Username: n.Username})
		}
	}
	slices.SortFunc(out, func(a, b Member) int {
		return cmp.Or(strings.Compare(a.FullName, b.FullName), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// AddMember puts a staff member in a department (again is no error).
func (s *Service) AddMember(ctx context.Context, departmentID, staffID int64) error {
	if _, err := s.Department(ctx, departmentID); err != nil {
		return err
	}
	if _, err := s.ids.Staff(ctx, staffID); err != nil {
		return ErrNotFound
	}
	_, err := s.db.Exec(ctx, `INSERT INTO support_department_staff (department_id, staff_id) VALUES ($1, $2)
		ON CONFLICT (department_id, staff_id) DO NOTHING`, departmentID, staffID)
	if err != nil {
		return fmt.Errorf("support: add staff %d to department %d: %w", staffID, departmentID, err)
	}
	return nil
}

// RemoveMember takes a staff member out of a department.
func (s *Service) RemoveMember(ctx context.Context, departmentID, staffID int64) error {
	_, err := s.db.Exec(ctx, "DELETE FROM support_department_staff WHERE department_id = $1 AND staff_id = $2", departmentID, staffID)
	if err != nil {
		return fmt.Errorf("support: remove staff %d from department %d: %w", staffID, departmentID, err)
	}
	return nil
}

// Targets lists the service target of every priority, highest priority
// first.
func (s *Service) Targets(ctx context.Context) ([]Target, error) {
	byPriority, err := s.targets(ctx, s.db)
	if err != nil {
		return nil, err
	}
	var out []Target
	for i := len(Priorities) - 1; i >= 0; i-- {
		if t, ok := byPriority[Priorities[i]]; ok {
			out = append(out, t)
		}
	}
	return out, nil
}

func (s *Service) targets(ctx context.Context, q db.Querier) (map[string]Target, error) {
	list, err := db.All(ctx, q, func(r db.Scanner) (Target, error) {
		var t Target
		var first, res int64
		err := r.Scan(&t.Priority, &first, &res)
		t.FirstAnswer, t.Resolution = time.Duration(first)*time.Minute, time.Duration(res)*time.Minute
		return t, err
	}, "SELECT priority, first_answer_minutes, resolution_minutes FROM support_targets")
	if err != nil {
		return nil, fmt.Errorf("support: read targets: %w", err)
	}
	out := map[string]Target{}
	for _, t := range list {
		out[t.Priority] = t
	}
	return out, nil
}

// SetTarget changes one priority's target (whole minutes); open tickets
// keep the due times they were given.
func (s *Service) SetTarget(ctx context.Context, t Target) error {
	if !slices.Contains(Priorities, t.Priority) {
		return ErrPriority
	}
	if t.FirstAnswer < time.Minute || t.Resolution < t.FirstAnswer {
		return ErrTarget
	}
	_, err := s.db.Exec(ctx, `INSERT INTO support_targets (priority, first_answer_minutes, resolution_minutes) VALUES ($1, $2, $3)
		ON CONFLICT (priority) DO UPDATE SET first_answer_minutes = excluded.first_answer_minutes, resolution_minutes = excluded.resolution_minutes`,
		t.Priority, int64(t.FirstAnswer/time.Minute), int64(t.Resolution/time.Minute))
	if err != nil {
		return fmt.Errorf("support: set target %s: %w", t.Priority, err)
	}
	return nil
}
