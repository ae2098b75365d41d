package web

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// MemberOf makes a menu's Show for an area's pages: signed-in customers
// with no step pending who use the area (uses says whether they do, e.g.
// "has a credit account"), so a customer sees the areas they are a
// customer of, not all five. The menu is on every page, so the answer is
// kept a second per instance, like the session (a new account shows in
// the menu a second later at most). On an error the items show: better a
// page that says "nothing here" than a menu that hides a customer's own
// card.
func (s *Server) MemberOf(area, customerKind string, uses func(ctx context.Context, customerID int64) (bool, error)) func(*http.Request) bool {
	type answer struct {
		yes bool
		at  time.Time
	}
	var mu sync.Mutex
	cache := map[int64]answer{}
	ttl := s.Sessions.cache.ttl
	memoKey := "member:" + area
	ask := func(r *http.Request) bool {
		sess := s.Session(r)
		if sess == nil || sess.Kind != customerKind || sess.Stage != "" {
			return false
		}
		now := s.now()
		mu.Lock()
		a, ok := cache[sess.SubjectID]
		mu.Unlock()
		if ok && now.Sub(a.at) < ttl && !now.Before(a.at) {
			return a.yes
		}
		yes, err := uses(r.Context(), sess.SubjectID)
		if err != nil {
			return true
		}
		mu.Lock()
		if len(cache) >= 100_000 {
			clear(cache) // a bound on memory; it only saves work
		}
		cache[sess.SubjectID] = answer{yes, now}
		mu.Unlock()
		return yes
	}
	// An area has several menu items with this filter: ask once per
	// request.
	return func(r *http.Request) bool {
		yes, _ := Memo(r, memoKey, func() (bool, error) { return ask(r), nil })
		return yes
	}
}
