package support

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

// customer wraps a handler only a signed-in customer may reach; anyone
// else is sent to sign in and brought back afterwards.
func (p *Pages) customer(next func(w http.ResponseWriter, r *http.Request, customerID int64)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess := p.web.Session(r)
		if sess == nil || sess.Kind != identity.KindCustomer {
			web.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()))
			return
		}
		next(w, r, sess.SubjectID)
	}
}

// staff wraps a back-office handler for staff holding one of roles (nil:
// any staff member); others get 403.
func (p *Pages) staff(roles []string, next func(w http.ResponseWriter, r *http.Request, st *Staff)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess := p.web.Session(r)
		if sess == nil || sess.Kind != identity.KindStaff {
			web.Redirect(w, r, "/staff/login?next="+url.QueryEscape(r.URL.RequestURI()))
			return
		}
		m := identity.CurrentStaff(p.web, p.svc.ids, r)
		if m == nil {
			_ = p.web.SignOut(w, r)
			web.Redirect(w, r, "/staff/login")
			return
		}
		if !hasRole(m, roles) {
			p.web.Error(w, r, http.StatusForbidden, "")
			return
		}
		st, err := p.svc.StaffFor(r.Context(), m)
		if err != nil {
			p.web.ServerError(w, r, err)
			return
		}
		next(w, r, st)
	}
}

// desk wraps the queue pages: staff who work in a department, and admins.
func (p *Pages) desk(next func(w http.ResponseWriter, r *http.Request, st *Staff)) http.HandlerFunc {
	return p.staff(nil, func(w http.ResponseWriter, r *http.Request, st *Staff) {
		if !st.HasDesk() {
			p.web.Error(w, r, http.StatusForbidden, msgNotInAnyDesk)
			return
		}
		next(w, r, st)
	})
}

func hasRole(m *identity.StaffMember, roles []string) bool {
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

// staffCan is a menu filter: staff holding one of roles.
func (p *Pages) staffCan(roles []string) func(r *http.Request) bool {
	return func(r *http.Request) bool {
		m := p.menuStaff(r)
		return m != nil && hasRole(m, roles)
	}
}

// staffHasDesk is a menu filter: staff with a queue.
func (p *Pages) staffHasDesk(r *http.Request) bool {
	m := p.menuStaff(r)
	if m == nil {
		return false
	}
	st, err := p.svc.StaffFor(r.Context(), m)
	return err == nil && st.HasDesk()
}

func (p *Pages) menuStaff(r *http.Request) *identity.StaffMember {
	return identity.CurrentStaff(p.web, p.svc.ids, r)
}

// pathID reads a positive number from the path; anything else is 404.
func (p *Pages) pathID(w http.ResponseWriter, r *http.Request, name string) (int64, bool) {
	id := web.PathID(r, name)
	if id == 0 {
		p.web.NotFound(w, r)
		return 0, false
	}
	return id, true
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

// fail answers a service error on a POST that has no form to show again:
// not found is 404, a domain error goes back as a flash, anything else is
// a 500.
func (p *Pages) fail(w http.ResponseWriter, r *http.Request, err error, back string) {
	var e *fa.Error
	switch {
	case errors.Is(err, ErrNotFound):
		p.web.NotFound(w, r)
	case errors.As(err, &e):
		p.web.SetFlash(w, "error", e.Message)
		web.Redirect(w, r, back)
	default:
		p.web.ServerError(w, r, err)
	}
}

// readForm parses a form that may carry files (multipart) and returns its
// values and the files in field "files". Reading stops one byte past the
// size limit, so an oversized file is refused without holding it whole.
func (p *Pages) readForm(w http.ResponseWriter, r *http.Request) (*web.Form, []Upload, bool) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "multipart/form-data" {
		if !p.web.ParseForm(w, r) {
			return nil, nil, false
		}
		return web.NewForm(r.PostForm), nil, true
	}
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			p.web.Error(w, r, http.StatusRequestEntityTooLarge, web.MsgBodyTooLarge)
		} else {
			p.web.Error(w, r, http.StatusBadRequest, web.MsgUnreadable)
		}
		return nil, nil, false
	}
	f := web.NewForm(r.MultipartForm.Value)
	var files []Upload
	for _, fh := range r.MultipartForm.File["files"] {
		up, err := readUpload(fh, p.svc.opts.MaxFileBytes)
		if err != nil {
			p.web.Error(w, r, http.StatusBadRequest, web.MsgUnreadable)
			return nil, nil, false
		}
		files = append(files, up)
	}
	return f, files, true
}

func readUpload(fh *multipart.FileHeader, limit int) (Upload, error) {
	file, err := fh.Open()
	if err != nil {
		return Upload{}, err
	}
	defer file.Close()
	b, err := io.ReadAll(io.LimitReader(file, int64(limit)+1))
	return Upload{Name: fh.Filename, Content: b}, err
}

// serveAttachment sends a file as a download, never to be shown inline
// or sniffed as something else.
func serveAttachment(w http.ResponseWriter, a *AttachmentFile) {
	h := w.Header()
	h.Set("Content-Type", a.ContentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	disp := mime.FormatMediaType("attachment", map[string]string{"filename": a.FileName})
	if disp == "" {
		disp = "attachment; filename=\"attachment\""
	}
	h.Set("Content-Disposition", disp)
	h.Set("Content-Length", strconv.Itoa(len(a.Content)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(a.Content)
}
