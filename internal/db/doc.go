// Package db opens Pishkhan's database — an SQLite file (the embedded
// default, pure Go through modernc.org/sqlite) or PostgreSQL (pgx) — and
// hides the few places where the two engines differ, so that area SQL is
// written once.
//
// Conventions every area follows:
//
//   - Placeholders are $1, $2, … (both engines accept them).
//   - Times are passed as time.Time and stored in UTC (the wrappers convert
//     every time.Time argument to UTC, so SQLite's text timestamps compare
//     correctly as strings).
//   - Money is int64 rials.
//   - Work that must be atomic runs inside DB.InTx; store helpers take a
//     Querier so they compose inside one transaction.
//   - Inside an InTx function use the *Tx, never the *DB: on SQLite all
//     writes go through one connection, and reaching for the DB from inside
//     a transaction would wait for itself.
package db
