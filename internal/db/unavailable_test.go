package db

import (
	"errors"
	"fmt"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// Connection trouble is "unavailable" (pages answer 503 and the pool
// reconnects); a query's own failure is not.
func TestIsUnavailable(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"refused", fmt.Errorf("query: %w", syscall.ECONNREFUSED), true},
		{"reset", fmt.Errorf("query: %w", syscall.ECONNRESET), true},
		{"connection exception", &pgconn.PgError{Code: "08006"}, true},
		{"shutting down", &pgconn.PgError{Code: "57P01"}, true},
		{"unique violation", &pgconn.PgError{Code: "23505"}, false},
		{"no rows", ErrNoRows, false},
		{"plain", errors.New("bad argument"), false},
	} {
		if got := IsUnavailable(c.err); got != c.want {
			t.Errorf("%s: IsUnavailable = %v, want %v", c.name, got, c.want)
		}
	}
}
