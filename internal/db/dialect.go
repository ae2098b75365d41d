package db

import "strings"

// The few SQL fragments that differ between the engines. Areas call these
// instead of branching on the engine themselves.

// ForUpdate is appended to a SELECT that must lock its rows until the
// transaction ends. SQLite has no row locks and needs none: its writer
// transaction (BEGIN IMMEDIATE) already excludes every other writer.
func ForUpdate(q Querier) string {
	if q.Engine() == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// ILike is the case-insensitive LIKE operator: SQLite's LIKE already
// ignores ASCII case; PostgreSQL needs ILIKE.
func ILike(q Querier) string {
	if q.Engine() == Postgres {
		return "ILIKE"
	}
	return "LIKE"
}

// likeEscaper escapes LIKE's wildcards and its escape character, for a
// pattern used with ESCAPE '\'.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// Contains is the LIKE pattern (to use with ESCAPE '\') that matches any
// text containing s literally: a % or _ a person typed is not a wildcard.
func Contains(s string) string {
	return "%" + likeEscaper.Replace(s) + "%"
}
