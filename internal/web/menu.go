package web

import (
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

// Menu collects the items of every layout.
type Menu struct {
	mu    sync.RWMutex
	items []MenuItem
}

// Add registers an item.
func (m *Menu) Add(items ...MenuItem) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.items = append(m.items, items...)
	slices.SortStableFunc(m.items, func(a, b MenuItem) int { return a.Order - b.Order })
}

// For returns the items of one layout that this request may see.
func (m *Menu) For(r *http.Request, layout string) []MenuItem {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []MenuItem
	for _, it := range m.items {
		if it.Layout == layout && (it.Show == nil || it.Show(r)) {
			out = append(out, it)
		}
	}
	return out
}
