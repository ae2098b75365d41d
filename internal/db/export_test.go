package db

// TxRuns reports how many statements SQLite transactions have run, and
// how many of those ran prepared.
func TxRuns() (all, prepared int64) { return txRuns.Load(), txRunsPrepared.Load() }
