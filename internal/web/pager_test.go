package web

import (
	"net/http/httptest"
	"testing"
)

func TestPager(t *testing.T) {
	cases := []struct {
		query                          string
		total                          int
		page, per, first, last, offset int
	}{
		{"", 25, 1, 10, 1, 10, 0},
		{"?page=3", 25, 3, 10, 21, 25, 20},
		{"?page=99&per=15", 25, 2, 15, 16, 25, 15},
		{"?page=-1&per=1000", 25, 1, 10, 1, 10, 0},
		{"?page=abc", 0, 1, 10, 0, 0, 0},
	}
	for _, c := range cases {
		p := NewPager(httptest.NewRequest("GET", "/messages"+c.query, nil), c.total)
		if p.Page != c.page || p.PerPage != c.per || p.First() != c.first || p.Last() != c.last || p.Offset() != c.offset {
			t.Errorf("%s of %d: page %d per %d rows %d-%d offset %d", c.query, c.total, p.Page, p.PerPage, p.First(), p.Last(), p.Offset())
		}
	}
	p := NewPager(httptest.NewRequest("GET", "/messages?status=sent&page=2", nil), 30)
	if got := p.URL(3); got != "/messages?page=3&per=10&status=sent" {
		t.Errorf("URL keeps filters: %s", got)
	}
}

func TestPageOfFallsBackToTheLastPage(t *testing.T) {
	rows := make([]int, 25)
	for i := range rows {
		rows[i] = i + 1
	}
	calls := 0
	list := func(offset, limit int) ([]int, int, error) {
		calls++
		end := min(offset+limit, len(rows))
		if offset >= len(rows) {
			return nil, len(rows), nil
		}
		return rows[offset:end], len(rows), nil
	}
	got, p, err := PageOf(httptest.NewRequest("GET", "/x?page=2", nil), list)
	if err != nil || calls != 1 || p.Page != 2 || len(got) != 10 || got[0] != 11 {
		t.Fatalf("page 2: %v %+v %v calls=%d", got, p, err, calls)
	}
	calls = 0
	got, p, _ = PageOf(httptest.NewRequest("GET", "/x?page=9", nil), list)
	if calls != 2 || p.Page != 3 || len(got) != 5 || got[0] != 21 {
		t.Fatalf("stale page 9: %v %+v calls=%d", got, p, calls)
	}
}
