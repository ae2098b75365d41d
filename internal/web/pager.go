package web

import (
	"math"
	"net/http"
	"net/url"
	"strconv"
)

// Pager is one page of a long list, as the guides' tables show it:
// «نمایش ۱ - ۱۰ از ۲۵», first / previous / next / last, and a choice of
// rows per page. Handlers build it with NewPager and pass it to the
// "pager" template.
type Pager struct {
	Page, PerPage, Total int
	base                 url.Values
	path                 string
}

// PerPageChoices are the page sizes offered, as in the ISP guide's tables.
var PerPageChoices = []int{10, 15, 20}

// NewPager reads ?page= and ?per= from the request (bad values fall back
// to the first page and 10 rows).
func NewPager(r *http.Request, total int) Pager {
	q := r.URL.Query()
	per, _ := strconv.Atoi(q.Get("per"))
	valid := false
	for _, c := range PerPageChoices {
		valid = valid || c == per
	}
	if !valid {
		per = PerPageChoices[0]
	}
	page, _ := strconv.Atoi(q.Get("page"))
	p := Pager{PerPage: per, Total: total, base: q, path: r.URL.Path}
	p.Page = min(max(page, 1), p.Pages())
	return p
}

// Offset is the number of rows before this page, for SQL's OFFSET.
func (p Pager) Offset() int { return (p.Page - 1) * p.PerPage }

// Pages is the number of pages (at least one).
func (p Pager) Pages() int { return max(1, (p.Total+p.PerPage-1)/p.PerPage) }

// First and Last are the row numbers shown on this page (1-based).
func (p Pager) First() int { return min(p.Offset()+1, p.Total) }
func (p Pager) Last() int  { return min(p.Offset()+p.PerPage, p.Total) }

// URL links to page n with the same filters.
func (p Pager) URL(n int) string {
	q := url.Values{}
	for k, v := range p.base {
		q[k] = v
	}
	q.Set("page", strconv.Itoa(n))
	q.Set("per", strconv.Itoa(p.PerPage))
	return p.path + "?" + q.Encode()
}

// PerURL links to the first page with n rows per page.
func (p Pager) PerURL(n int) string {
	p.PerPage = n
	return p.URL(1)
}

func (p Pager) Choices() []int { return PerPageChoices }

// PageOf fetches the page a request asks for (?page=, ?per=) with list,
// which returns one page of items and how many there are in all. Only a
// page past the end (a stale link) costs a second call, for the last page.
func PageOf[T any](r *http.Request, list func(offset, limit int) ([]T, int, error)) ([]T, Pager, error) {
	asked := NewPager(r, math.MaxInt32)
	items, total, err := list(asked.Offset(), asked.PerPage)
	if err != nil {
		return nil, Pager{}, err
	}
	pager := NewPager(r, total)
	if pager.Offset() != asked.Offset() {
		if items, _, err = list(pager.Offset(), pager.PerPage); err != nil {
			return nil, Pager{}, err
		}
	}
	return items, pager, nil
}
