package db

import "testing"

func TestListFromNumbersFromItsFirstArgument(t *testing.T) {
	if got := ListFrom(Postgres, 3, 4); got != "$4, $5, $6" {
		t.Errorf("PostgreSQL: %q", got)
	}
	if got := ListFrom(SQLite, 3, 4); got != "?, ?, ?" {
		t.Errorf("SQLite: %q", got)
	}
}
