package db

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
)

// stmtCache keeps prepared statements of one SQLite pool. Parsing and
// planning a statement costs SQLite more than running a simple lookup by
// key, and database/sql would otherwise prepare on every call; a prepared
// *sql.Stmt is re-prepared lazily on each pooled connection and then
// reused. (pgx caches statements per connection by itself.)
//
// The cache is bounded: queries assembled at run time (filters, IN lists)
// could otherwise grow it without end; past the bound they are simply not
// cached.
type stmtCache struct {
	pool  *sql.DB
	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

const maxCachedStatements = 1000

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, stmts: map[string]*sql.Stmt{}}
}

// get returns a prepared statement for query, or nil when the cache is
// full (the caller then runs the query unprepared).
func (c *stmtCache) get(ctx context.Context, query string) (*sql.Stmt, error) {
	c.mu.RLock()
	st, ok := c.stmts[query]
	full := len(c.stmts) >= maxCachedStatements
	c.mu.RUnlock()
	if ok || full {
		return st, nil
	}
	// Prepared without the lock: preparing on the writer waits for its
	// connection, which a transaction may hold while it looks here
	// (txStmts.get).
	st, err := c.pool.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.stmts[query]; ok {
		st.Close() // prepared meanwhile by another caller
		return old, nil
	}
	c.stmts[query] = st
	return st, nil
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts = map[string]*sql.Stmt{}
}

// cached returns the statement already prepared for query, or nil,
// without preparing it (a transaction holding the writer's only
// connection cannot wait for the pool to prepare one).
func (c *stmtCache) cached(query string) (st *sql.Stmt, full bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.stmts[query], len(c.stmts) >= maxCachedStatements
}

// txStmts are the statements of one SQLite transaction. The writer pool
// has one connection, which the transaction holds, so the pool cannot
// prepare a statement meanwhile: a statement the writer's cache has is
// bound to the transaction (database/sql reuses the connection's prepared
// one); one it lacks is prepared on the transaction, reused for the rest
// of it, and given to the cache once the transaction has ended (prepare).
// Before this every statement in a transaction was parsed again.
//
// The driver runs a prepared statement on one SQLite handle, so it must
// not run again while rows of its last run are still being read (a loop
// over a query that runs the same query inside): such a run goes
// unprepared.
type txStmts struct {
	cache  *stmtCache
	stmts  map[string]*txStmt
	missed []string
}

// txRuns counts statements run in SQLite transactions, and how many of
// them ran prepared (tests hold the cache to account with them).
var txRuns, txRunsPrepared atomic.Int64

type txStmt struct {
	st   *sql.Stmt
	busy bool // its rows are open
}

// maxTxStatements bounds the statements one transaction keeps prepared
// (queries built at run time could otherwise open one per call).
const maxTxStatements = 200

// get returns the transaction's statement for query, or nil to run it
// unprepared. A statement returned for a query is marked busy until its
// rows are closed (done).
func (t *txStmts) get(ctx context.Context, tx *sql.Tx, query string) (ts *txStmt, err error) {
	txRuns.Add(1)
	defer func() {
		if ts != nil {
			txRunsPrepared.Add(1)
		}
	}()
	if t.cache == nil {
		return nil, nil
	}
	if ts, ok := t.stmts[query]; ok {
		if ts.busy {
			return nil, nil
		}
		return ts, nil
	}
	if len(t.stmts) >= maxTxStatements {
		return nil, nil
	}
	parent, full := t.cache.cached(query)
	var st *sql.Stmt
	if parent != nil {
		st = tx.StmtContext(ctx, parent)
	} else {
		var err error
		if st, err = tx.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
		if !full {
			t.missed = append(t.missed, query)
		}
	}
	if t.stmts == nil {
		t.stmts = map[string]*txStmt{}
	}
	ts = &txStmt{st: st}
	t.stmts[query] = ts
	return ts, nil
}

// prepare gives the statements the transaction lacked to the writer's
// cache, now that its connection is free. A failure only means they are
// prepared again next time.
func (t *txStmts) prepare(ctx context.Context) {
	for _, q := range t.missed {
		if _, err := t.cache.get(ctx, q); err != nil {
			return
		}
	}
	t.missed = nil
}
