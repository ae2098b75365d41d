package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The menu keeps its lists and HTML by the set of items shown and the
// page: each request must still get its own items, with its own page
// marked, however the requests interleave.
func TestMenuKeepsEachSetOfItemsApart(t *testing.T) {
	var m Menu
	m.Add(
		MenuItem{Layout: "portal", Label: "صفحه اصلی", Href: "/", Order: 0},
		MenuItem{Layout: "portal", Label: "کارت", Href: "/cards", Order: 1, Show: func(r *http.Request) bool { return r.Header.Get("X-Card") != "" }},
		MenuItem{Layout: "portal", Label: "اینترنت", Href: "/isp", Order: 2, Show: func(r *http.Request) bool { return r.Header.Get("X-Line") != "" }},
		MenuItem{Layout: "staff", Label: "کارکنان", Href: "/staff", Order: 0},
	)
	req := func(path string, headers ...string) *http.Request {
		r := httptest.NewRequest("GET", path, nil)
		for _, h := range headers {
			r.Header.Set(h, "1")
		}
		return r
	}
	labels := func(items []MenuItem) string {
		var s []string
		for _, it := range items {
			s = append(s, it.Label)
		}
		return strings.Join(s, ",")
	}
	for range 2 { // the second round is answered from what the first kept
		for _, c := range []struct {
			r      *http.Request
			layout string
			want   string
			marked string
		}{
			{req("/", "X-Card"), "portal", "صفحه اصلی,کارت", `href="/" aria-current="page"`},
			{req("/cards", "X-Card"), "portal", "صفحه اصلی,کارت", `href="/cards" aria-current="page"`},
			{req("/isp", "X-Line"), "portal", "صفحه اصلی,اینترنت", `href="/isp" aria-current="page"`},
			{req("/", "X-Card", "X-Line"), "portal", "صفحه اصلی,کارت,اینترنت", `href="/" aria-current="page"`},
			{req("/staff"), "staff", "کارکنان", `href="/staff" aria-current="page"`},
		} {
			items, html := m.forPage(c.r, c.layout, c.r.URL.Path)
			if got := labels(items); got != c.want {
				t.Errorf("%s %v: items %s, want %s", c.r.URL.Path, c.r.Header, got, c.want)
			}
			if strings.Count(string(html), "<li>") != len(items) || strings.Count(string(html), "aria-current") != 1 || !strings.Contains(string(html), c.marked) {
				t.Errorf("%s %v: menu HTML %s", c.r.URL.Path, c.r.Header, html)
			}
		}
	}
	// An item added later is seen at once: what was kept is dropped.
	m.Add(MenuItem{Layout: "portal", Label: "پشتیبانی", Href: "/support", Order: 3})
	if got := labels(m.For(req("/"), "portal")); got != "صفحه اصلی,پشتیبانی" {
		t.Errorf("after Add: %s", got)
	}
}
