package identity

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"pishkhan/internal/fa"
	"pishkhan/internal/web"
)

// customer wraps a handler that only a signed-in customer with full
// access may reach; anyone else is sent to the sign-in page and brought
// back afterwards. (Sessions with a step to finish never get here: the web
// kit's stage gate sends them to that step first.)
func (p *Pages) customer(next func(w http.ResponseWriter, r *http.Request, personID int64)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess := p.web.Session(r)
		if sess == nil || sess.Kind != KindCustomer {
			web.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()))
			return
		}
		next(w, r.WithContext(p.clientContext(r, sess)), sess.SubjectID)
	}
}

// staff wraps a back-office handler: a signed-in staff member holding one
// of roles (nil: any staff member). A staff member without the role gets
// 403, not a redirect: they are signed in, just not allowed.
func (p *Pages) staff(roles []string, next func(w http.ResponseWriter, r *http.Request, m *StaffMember)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess := p.web.Session(r)
		if sess == nil || sess.Kind != KindStaff {
			web.Redirect(w, r, "/staff/login?next="+url.QueryEscape(r.URL.RequestURI()))
			return
		}
		m, err := p.svc.staffOf(r, sess)
		if err != nil || m.Disabled {
			// A disabled account's sessions end at once.
			_ = p.web.SignOut(w, r)
			web.Redirect(w, r, "/staff/login")
			return
		}
		if !allowed(m, roles) {
			p.web.Error(w, r, http.StatusForbidden, "")
			return
		}
		next(w, r.WithContext(p.clientContext(r, sess)), m)
	}
}

func allowed(m *StaffMember, roles []string) bool {
	if len(roles) == 0 {
		return true
	}
	for _, role := range roles {
		if m.HasRole(role) {
			return true
		}
	}
	return false
}

// staffCan is a menu filter: the item shows to staff holding one of roles.
func (p *Pages) staffCan(roles []string) func(r *http.Request) bool {
	return func(r *http.Request) bool {
		m := CurrentStaff(p.web, p.svc, r)
		return m != nil && allowed(m, roles)
	}
}

// clientContext carries the request's address, browser and session into
// the service, for the audit log and for keeping this session when others
// are ended.
func (p *Pages) clientContext(r *http.Request, sess *web.Session) context.Context {
	c := Client{IP: p.web.ClientIP(r), UserAgent: r.UserAgent()}
	if sess != nil {
		c.SessionID = sess.ID
	}
	return WithClient(r.Context(), c)
}

func (p *Pages) actor(r *http.Request, m *StaffMember) Actor {
	return Actor{StaffID: m.ID, IP: p.web.ClientIP(r)}
}

// displayName names the signed-in person in the page header.
func (p *Pages) displayName(r *http.Request, sess *web.Session) string {
	switch sess.Kind {
	case KindCustomer:
		if c, err := p.svc.CustomerOf(r, sess.SubjectID); err == nil {
			return c.FullName()
		}
	case KindStaff:
		if m, err := p.svc.staffOf(r, sess); err == nil {
			return m.FullName
		}
	}
	return ""
}

// localPath accepts only a path on this site for ?next=, so the sign-in
// page cannot be used to send people to another site.
func localPath(next, fallback string) string {
	// Browsers drop tabs and newlines inside URLs and read "\\" as "/", so
	// "/\t/evil.example" would become "//evil.example": refuse them all.
	bad := strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' })
	if next == "" || bad || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return fallback
	}
	return next
}

// showError puts a service error on the form: next to its field when it
// names one, otherwise returned as the page-level message. Errors that are
// not the service's own are internal: the caller answers 500.
func showError(f *web.Form, err error) (pageMessage string, ok bool) {
	var e *fa.Error
	if !errors.As(err, &e) {
		return "", false
	}
	if e.Field != "" {
		f.Fail(e.Field, e.Message)
		return "", true
	}
	return e.Message, true
}

// CustomerOnly guards another area's customer page the way identity
// guards its own: a signed-in customer with full access, or a redirect to
// sign in and back.
func CustomerOnly(s *web.Server, next func(w http.ResponseWriter, r *http.Request, personID int64)) http.HandlerFunc {
	return (&Pages{web: s}).customer(next)
}

// StaffOnly guards another area's back-office page: a signed-in staff
// member holding one of roles (nil: any), or 403.
func StaffOnly(s *web.Server, svc *Service, roles []string, next func(w http.ResponseWriter, r *http.Request, m *StaffMember)) http.HandlerFunc {
	return (&Pages{web: s, svc: svc}).staff(roles, next)
}

// staffOf loads the session's staff member once per request: the guard,
// the header and each staff menu item's filter all ask.
// CustomerOf is Customer for pages: read once per request (the page and
// the header's name share it), and kept for a second per instance, like
// the session, because every page of a signed-in customer shows it. A
// change made on this instance is seen at once (forgetCustomer); one made
// on another instance within a second.
func (s *Service) CustomerOf(r *http.Request, id int64) (*Customer, error) {
	return web.Memo(r, "identity.customer."+strconv.FormatInt(id, 10), func() (*Customer, error) {
		if c := s.customers.get(id); c != nil {
			return c, nil
		}
		c, err := s.Customer(r.Context(), id)
		if err == nil {
			s.customers.put(id, c)
		}
		return c, err
	})
}

func (s *Service) staffOf(r *http.Request, sess *web.Session) (*StaffMember, error) {
	return web.Memo(r, "identity.staff", func() (*StaffMember, error) { return s.Staff(r.Context(), sess.SubjectID) })
}

// CurrentStaff is the signed-in staff member with full access (no forced
// step pending, not disabled), or nil.
func CurrentStaff(s *web.Server, svc *Service, r *http.Request) *StaffMember {
	sess := s.Session(r)
	if sess == nil || sess.Kind != KindStaff || sess.Stage != "" {
		return nil
	}
	m, err := svc.staffOf(r, sess)
	if err != nil || m.Disabled {
		return nil
	}
	return m
}

// StaffMenu is a menu filter for any area's back-office item: it shows to
// staff holding one of roles (admins hold every role).
func StaffMenu(s *web.Server, svc *Service, roles ...string) func(*http.Request) bool {
	return func(r *http.Request) bool {
		m := CurrentStaff(s, svc, r)
		return m != nil && allowed(m, roles)
	}
}
