package db

import (
	"strconv"
	"strings"
)

// Filter builds the WHERE clause of a list whose conditions are optional
// (a staff search, a log filter): each condition is written with ? for its
// values, and the filter numbers them $1, $2 … in the order they are added,
// the placeholder form both engines accept. Values always travel as
// arguments, never inside the SQL.
//
//	var f db.Filter
//	if status != "" {
//		f.Where("status = ?", status)
//	}
//	q.QueryRow(ctx, "SELECT COUNT(*) FROM orders"+f.Clause(), f.Args()...)
type Filter struct {
	conds []string
	args  []any
}

// Where adds a condition, joined to the others with AND. Each ? in cond
// takes the next of vals, so a value used twice is passed twice. A count
// of ? that differs from len(vals) is a bug in the caller and panics.
func (f *Filter) Where(cond string, vals ...any) *Filter {
	if n := strings.Count(cond, "?"); n != len(vals) {
		panic("db.Filter: " + strconv.Itoa(n) + " placeholders for " + strconv.Itoa(len(vals)) + " values in " + strconv.Quote(cond))
	}
	var b strings.Builder
	for _, v := range vals {
		i := strings.IndexByte(cond, '?')
		b.WriteString(cond[:i])
		f.args = append(f.args, v)
		b.WriteString("$" + strconv.Itoa(len(f.args)))
		cond = cond[i+1:]
	}
	b.WriteString(cond)
	f.conds = append(f.conds, b.String())
	return f
}

// Clause is " WHERE c1 AND c2 …", or "" when no condition was added.
// With several conditions each is put in parentheses, so that a condition
// with OR in it cannot swallow its neighbours (a OR b AND c is a OR (b AND c)).
func (f *Filter) Clause() string {
	switch len(f.conds) {
	case 0:
		return ""
	case 1:
		return " WHERE " + f.conds[0]
	}
	return " WHERE (" + strings.Join(f.conds, ") AND (") + ")"
}

// Args are the values of the conditions, in placeholder order.
func (f *Filter) Args() []any { return f.args }

// Page returns " LIMIT $n OFFSET $m" and the filter's arguments followed
// by limit and offset, for the page query after the count; the filter
// itself is unchanged, so Clause and Args still serve the count. A
// negative offset counts as 0.
func (f *Filter) Page(limit, offset int) (string, []any) {
	args := append(f.args[:len(f.args):len(f.args)], int64(limit), int64(max(offset, 0)))
	n := len(args)
	return " LIMIT $" + strconv.Itoa(n-1) + " OFFSET $" + strconv.Itoa(n), args
}
