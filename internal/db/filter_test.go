package db_test

import (
	"context"
	"slices"
	"testing"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
)

func TestFilterNumbersPlaceholdersInOrder(t *testing.T) {
	var f db.Filter
	if f.Clause() != "" || len(f.Args()) != 0 {
		t.Fatalf("empty filter: %q %v", f.Clause(), f.Args())
	}
	f.Where("a = ?", 1).Where("(b LIKE ? OR c LIKE ?)", "x", "x").Where("d IS NULL")
	if got, want := f.Clause(), " WHERE (a = $1) AND ((b LIKE $2 OR c LIKE $3)) AND (d IS NULL)"; got != want {
		t.Fatalf("clause %q, want %q", got, want)
	}
	page, args := f.Page(20, -5)
	if page != " LIMIT $4 OFFSET $5" || !slices.Equal(args, []any{1, "x", "x", int64(20), int64(0)}) {
		t.Fatalf("page %q %v", page, args)
	}
	if len(f.Args()) != 3 {
		t.Fatalf("Page changed the filter's arguments: %v", f.Args())
	}
	// Page must not write into the filter's backing array either: a second
	// condition after a page query keeps its own value.
	f.Where("e = ?", "later")
	if args[3] != int64(20) {
		t.Fatalf("Page's arguments overwritten by a later condition: %v", args)
	}
}

func TestFilterPanicsOnMiscountedValues(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("two placeholders with one value did not panic")
		}
	}()
	var f db.Filter
	f.Where("a = ? AND b = ?", 1)
}

// The clause and its arguments run on both engines, a value with quotes
// and a LIKE pattern travelling as arguments.
func TestFilterRunsOnBothEngines(t *testing.T) {
	dbtest.Each(t, nil, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.Exec(ctx, "CREATE TABLE filter_probe (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"); err != nil {
			t.Fatal(err)
		}
		for i, n := range []string{"a'b", "abc", "xyz"} {
			if _, err := d.Exec(ctx, "INSERT INTO filter_probe (id, name) VALUES ($1, $2)", i+1, n); err != nil {
				t.Fatal(err)
			}
		}
		var f db.Filter
		f.Where("name LIKE ? OR name = ?", "a%", "xyz").Where("id > ?", 1)
		var count int
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM filter_probe"+f.Clause(), f.Args()...).Scan(&count); err != nil {
			t.Fatal(err)
		}
		if count != 2 {
			t.Fatalf("count %d, want 2 (abc, xyz)", count)
		}
		page, args := f.Page(1, 1)
		var name string
		if err := d.QueryRow(ctx, "SELECT name FROM filter_probe"+f.Clause()+" ORDER BY id"+page, args...).Scan(&name); err != nil {
			t.Fatal(err)
		}
		if name != "xyz" {
			t.Fatalf("second page %q, want xyz", name)
		}
	})
}

// A % or _ a person typed matches itself, not any text.
func TestContainsEscapesWildcards(t *testing.T) {
	dbtest.Each(t, nil, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.Exec(ctx, "CREATE TABLE like_probe (name TEXT NOT NULL)"); err != nil {
			t.Fatal(err)
		}
		for _, n := range []string{"۵۰% تخفیف", "۵۰۰ تخفیف", `a\b`, "a_b", "axb"} {
			if _, err := d.Exec(ctx, "INSERT INTO like_probe (name) VALUES ($1)", n); err != nil {
				t.Fatal(err)
			}
		}
		for typed, want := range map[string]int{"۵۰%": 1, "a_b": 1, `a\b`: 1, "تخفیف": 2} {
			var n int
			if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM like_probe WHERE name LIKE $1 ESCAPE '\\'", db.Contains(typed)).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != want {
				t.Errorf("%q matched %d rows, want %d", typed, n, want)
			}
		}
	})
}
