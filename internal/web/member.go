package web

import (
	"context"
	"net/http"
	"strconv"
)

// MemberOf makes a menu's Show for an area's pages: signed-in customers
// with no step pending who use the area (uses says whether they do, e.g.
// "has a credit account"), so a customer sees the areas they are a
// customer of, not all five. The answer is read once per request per area.
// On an error the items show: better a page that says "nothing here" than
// a menu that hides a customer's own card.
func (s *Server) MemberOf(area, customerKind string, uses func(ctx context.Context, customerID int64) (bool, error)) func(*http.Request) bool {
	return func(r *http.Request) bool {
		sess := s.Session(r)
		if sess == nil || sess.Kind != customerKind || sess.Stage != "" {
			return false
		}
		ok, err := Memo(r, "member."+area+"."+strconv.FormatInt(sess.SubjectID, 10), func() (bool, error) {
			return uses(r.Context(), sess.SubjectID)
		})
		return ok || err != nil
	}
}
