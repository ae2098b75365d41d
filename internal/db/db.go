package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// Engine names a database engine.
type Engine string

const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// ErrNoRows is returned by Row.Scan when a query selected nothing, on both
// engines.
var ErrNoRows = errors.New("db: no rows in result set")

// DB is an open database of either engine.
//
// On SQLite it keeps two pools: one connection for writes (transactions
// begin IMMEDIATE, so a transaction that reads and then writes never fails
// with SQLITE_BUSY half-way) and several read-only connections, which WAL
// lets run alongside the writer. Serialising writers in Go instead of in
// SQLite's lock loop is both faster and fairer under load.
type DB struct {
	engine Engine

	write *sql.DB // SQLite: the single writer
	read  *sql.DB // SQLite: query_only readers

	writeStmts, readStmts *stmtCache // SQLite: prepared statements per pool
	sqliteBase            string     // SQLite: the file's URL with our settings (BackupTo)

	pool *pgxpool.Pool // PostgreSQL
}

// Open opens the database named by url: "postgres://…" or "postgresql://…"
// selects PostgreSQL; anything else is an SQLite file path, optionally
// written "sqlite:path" or "file:path". The folder of an SQLite file is
// created when missing.
func Open(ctx context.Context, url string) (*DB, error) {
	switch {
	case isPostgresURL(url):
		return openPostgres(ctx, url)
	case url == "":
		return nil, errors.New("db: empty database URL")
	default:
		return openSQLite(ctx, url)
	}
}

func openPostgres(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("db: parse PostgreSQL URL: %w", err)
	}
	if cfg.MaxConns < 8 {
		cfg.MaxConns = int32(max(8, 4*runtime.NumCPU()))
	}
	// Every query here is a small indexed one. PostgreSQL compiles a query
	// with its JIT when the planner's cost estimate passes jit_above_cost,
	// which stale statistics make happen by surprise: after the penalty
	// job wrote two million violations, the purchase list was compiled on
	// every request (10 ms, and 1,600 pages/s fell to 170) until ANALYZE.
	// A URL that sets jit itself keeps its choice.
	if _, set := cfg.ConnConfig.RuntimeParams["jit"]; !set {
		cfg.ConnConfig.RuntimeParams["jit"] = "off"
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("db: open PostgreSQL: %w", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.Ping(pingCtx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("db: connect to PostgreSQL at %s: %w", redact(url), err)
	}
	return &DB{engine: Postgres, pool: pool}, nil
}

func isPostgresURL(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// IsSQLiteURL reports whether Open would take url as an SQLite file.
func IsSQLiteURL(url string) bool { return url != "" && !isPostgresURL(url) }

// sqliteFileURL is the driver's URL of an SQLite file, before settings.
func sqliteFileURL(path string) string { return "file:" + (&url.URL{Path: path}).EscapedPath() }

// SQLitePath is the file an SQLite URL names ("sqlite:path", "file:path?…"
// or a plain path).
func SQLitePath(url string) string {
	path := strings.TrimPrefix(strings.TrimPrefix(url, "sqlite:"), "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i] // settings are ours to choose, not the URL's
	}
	return path
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	path = SQLitePath(path)
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("db: create folder for %s: %w", path, err)
		}
	}
	// WAL lets readers run beside the writer; busy_timeout covers the rare
	// wait on another process; synchronous(NORMAL) is safe under WAL (a
	// power cut may lose the last commits, never corrupt); foreign keys are
	// off by default in SQLite and on in PostgreSQL, so turn them on.
	// _time_format=sqlite stores times as "2006-01-02 15:04:05.999999999-07:00",
	// which sorts correctly as text when every time is UTC.
	base := sqliteFileURL(path) +
		"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)" +
		"&_pragma=foreign_keys(ON)&_time_format=sqlite"
	write, err := sql.Open("sqlite", base+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("db: open SQLite %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("db: open SQLite %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("db: open SQLite %s: %w", path, err)
	}
	n := max(4, runtime.NumCPU())
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	read.SetConnMaxIdleTime(0)
	return &DB{engine: SQLite, write: write, read: read, writeStmts: newStmtCache(write), readStmts: newStmtCache(read), sqliteBase: base}, nil
}

// redact hides a password in a database URL before it reaches a log line.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// Engine tells which engine this database runs on.
func (d *DB) Engine() Engine { return d.engine }

// Close closes every pool.
func (d *DB) Close() error {
	if d.pool != nil {
		d.pool.Close()
		return nil
	}
	d.readStmts.close()
	d.writeStmts.close()
	return errors.Join(d.read.Close(), d.write.Close())
}

// Ping checks that the database answers a query (not only that a
// connection exists), for /healthz.
func (d *DB) Ping(ctx context.Context) error {
	var one int
	if err := d.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil {
		return err
	}
	if one != 1 {
		return errors.New("db: SELECT 1 returned something else")
	}
	return nil
}

// SQLDB gives the SQLite writer pool to code that must have a *sql.DB (the
// jobs runner's SQLite driver). Nil on PostgreSQL.
func (d *DB) SQLDB() *sql.DB { return d.write }

// PgxPool gives the PostgreSQL pool to code that must have it (the jobs
// runner's PostgreSQL driver). Nil on SQLite.
func (d *DB) PgxPool() *pgxpool.Pool { return d.pool }

// IsUniqueViolation reports whether err is a unique or primary-key
// constraint failure on either engine: the signal that an idempotency key
// or a natural key was already used.
func IsUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	var coder interface{ Code() int }
	if errors.As(err, &coder) {
		// SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555).
		return coder.Code() == 2067 || coder.Code() == 1555
	}
	return false
}

// isRetryable reports PostgreSQL errors after which the whole transaction
// may simply be run again.
func isRetryable(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "40001" || pgErr.Code == "40P01" // serialization_failure, deadlock_detected
	}
	return false
}

func normaliseNoRows(err error) error {
	if errors.Is(err, sql.ErrNoRows) || errors.Is(err, pgx.ErrNoRows) {
		return ErrNoRows
	}
	return err
}
