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
