package support

import (
	"context"
	"fmt"
	"html/template"
	"strconv"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/web"
)

// DepartmentOverdue is how many of a department's open tickets have
// missed a service target.
type DepartmentOverdue struct {
	Department
	Overdue int64
}

// OverdueByDepartment counts the overdue tickets of each department the
// staff member serves (every department for admins), in the departments'
// order, a department with none included. Overdue is Ticket.Overdue's
// rule written in SQL: not closed, and the first answer or the
// resolution is past its due time.
func (s *Service) OverdueByDepartment(ctx context.Context, st *Staff) ([]DepartmentOverdue, error) {
	all, err := s.Departments(ctx)
	if err != nil {
		return nil, err
	}
	type count struct {
		dept int64
		n    int64
	}
	counts, err := db.All(ctx, s.db, func(r db.Scanner) (count, error) {
		var c count
		return c, r.Scan(&c.dept, &c.n)
	}, `SELECT department_id, COUNT(*) FROM support_tickets WHERE status <> $1
		AND ((first_answered_at IS NULL AND first_answer_due < $2) OR resolution_due < $2) GROUP BY department_id`, StatusClosed, s.now())
	if err != nil {
		return nil, fmt.Errorf("support: overdue by department: %w", err)
	}
	byDept := make(map[int64]int64, len(counts))
	for _, c := range counts {
		byDept[c.dept] = c.n
	}
	var out []DepartmentOverdue
	for _, d := range all {
		if st.Serves(d.ID) {
			out = append(out, DepartmentOverdue{d, byDept[d.ID]})
		}
	}
	return out, nil
}

// overdueChart draws the queue's picture: overdue tickets per department,
// one bar each, so the department falling behind stands out.
func overdueChart(list []DepartmentOverdue) template.HTML {
	if len(list) == 0 {
		return ""
	}
	c := web.Chart{Title: titleOverdueChart}
	for _, d := range list {
		c.Bars = append(c.Bars, web.Bar{Label: d.Name, Value: d.Overdue, Text: msgTicketCount(fa.Digits(strconv.FormatInt(d.Overdue, 10)))})
	}
	return c.Meters()
}
