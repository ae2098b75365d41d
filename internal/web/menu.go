package web

import (
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"sync"
)

// MenuItem is one entry of a layout's menu. Areas add theirs at start-up.
type MenuItem struct {
	Layout string // "portal" or "staff"
	Label  string
	Href   string
	Order  int // smaller first
	// Show, when set, decides per request (by role, by the customer's
	// products) whether the item appears.
	Show func(r *http.Request) bool
}

// maxMenuItems is how many items a Menu holds: which of them a request
// sees is a bit set of this size.
const maxMenuItems = 256

// menuMask says which items a request sees, bit i for item i.
type menuMask [maxMenuItems / 64]uint64

type menuPage struct {
	mask menuMask
	path string
}

// maxWrittenMenus bounds the written menus kept (paths carry IDs, so
// their number grows with use); when full the store starts again.
const maxWrittenMenus = 10_000

// Menu collects the items of every layout.
//
// The menu is on every page, and which items a request sees takes only
// a few answers (the session's kind and roles, the customer's areas),
// so the lists and their HTML are kept by the set of items shown: a
// page costs the Show calls and two map lookups, not a new list and
// thirty escaped links.
type Menu struct {
	mu    sync.RWMutex
	items []MenuItem

	cacheMu sync.RWMutex
	lists   map[menuMask][]MenuItem
	written map[menuPage]template.HTML
}

// Add registers an item.
func (m *Menu) Add(items ...MenuItem) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.items)+len(items) > maxMenuItems {
		panic(fmt.Sprintf("web: a menu holds at most %d items", maxMenuItems))
	}
	m.items = append(m.items, items...)
	slices.SortStableFunc(m.items, func(a, b MenuItem) int { return a.Order - b.Order })
	m.cacheMu.Lock()
	m.lists, m.written = nil, nil
	m.cacheMu.Unlock()
}

// mask asks each item of layout whether this request sees it.
func (m *Menu) mask(r *http.Request, layout string) menuMask {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var k menuMask
	for i := range m.items {
		it := &m.items[i]
		if it.Layout == layout && (it.Show == nil || it.Show(r)) {
			k[i/64] |= 1 << (i % 64)
		}
	}
	return k
}

// list returns the items a mask selects, shared between requests: the
// caller must not change it.
func (m *Menu) list(k menuMask) []MenuItem {
	m.cacheMu.RLock()
	l, ok := m.lists[k]
	m.cacheMu.RUnlock()
	if ok {
		return l
	}
	m.mu.RLock()
	for i := range m.items {
		if k[i/64]&(1<<(i%64)) != 0 {
			l = append(l, m.items[i])
		}
	}
	m.mu.RUnlock()
	m.cacheMu.Lock()
	if m.lists == nil || len(m.lists) >= maxWrittenMenus {
		m.lists = map[menuMask][]MenuItem{}
	}
	m.lists[k] = l
	m.cacheMu.Unlock()
	return l
}

// For returns the items of one layout that this request may see. The
// slice is shared: read it, do not change it.
func (m *Menu) For(r *http.Request, layout string) []MenuItem {
	return m.list(m.mask(r, layout))
}

// forPage returns the items this request sees and their <li> entries
// with path marked as the current page.
func (m *Menu) forPage(r *http.Request, layout, path string) ([]MenuItem, template.HTML) {
	k := m.mask(r, layout)
	items := m.list(k)
	pk := menuPage{k, path}
	m.cacheMu.RLock()
	h, ok := m.written[pk]
	m.cacheMu.RUnlock()
	if ok {
		return items, h
	}
	h = menuHTML(items, path)
	m.cacheMu.Lock()
	if m.written == nil || len(m.written) >= maxWrittenMenus {
		m.written = map[menuPage]template.HTML{}
	}
	m.written[pk] = h
	m.cacheMu.Unlock()
	return items, h
}
