package db_test

import (
	"context"
	"errors"
	"testing"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
)

// TestReadBatchRunsEachReadInOrder: both reads' rows reach their
// functions, in order, on both engines; an error in a read or in a row
// function is returned and the batch is closed (the pool stays usable).
func TestReadBatchRunsEachReadInOrder(t *testing.T) {
	dbtest.Each(t, nil, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.Exec(ctx, "CREATE TABLE rb (n INTEGER NOT NULL, word TEXT NOT NULL)"); err != nil {
			t.Fatal(err)
		}
		for i, w := range []string{"یک", "دو", "سه"} {
			if _, err := d.Exec(ctx, "INSERT INTO rb (n, word) VALUES ($1, $2)", i+1, w); err != nil {
				t.Fatal(err)
			}
		}
		var ns []int
		var words []string
		err := d.ReadBatch(ctx,
			db.Read{Query: "SELECT n FROM rb WHERE n >= $1 ORDER BY n", Args: []any{2}, Row: func(r db.Scanner) error {
				var n int
				err := r.Scan(&n)
				ns = append(ns, n)
				return err
			}},
			db.Read{Query: "SELECT word FROM rb ORDER BY n DESC", Row: func(r db.Scanner) error {
				var w string
				err := r.Scan(&w)
				words = append(words, w)
				return err
			}})
		if err != nil || len(ns) != 2 || ns[0] != 2 || ns[1] != 3 || len(words) != 3 || words[0] != "سه" {
			t.Fatalf("ReadBatch: %v, %v, %v", ns, words, err)
		}
		stop := errors.New("stop")
		err = d.ReadBatch(ctx,
			db.Read{Query: "SELECT n FROM rb", Row: func(db.Scanner) error { return stop }},
			db.Read{Query: "SELECT word FROM rb", Row: func(db.Scanner) error { return nil }})
		if !errors.Is(err, stop) {
			t.Fatalf("a row function's error: %v", err)
		}
		if err := d.ReadBatch(ctx, db.Read{Query: "SELECT nope FROM rb", Row: func(db.Scanner) error { return nil }}); err == nil {
			t.Fatal("a bad query gave no error")
		}
		var n int
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM rb").Scan(&n); err != nil || n != 3 {
			t.Fatalf("after the failed batches: %d, %v", n, err)
		}
	})
}
