package welfare

import (
	"errors"
	"net/http"
	"strings"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

type staffEmployeesPage struct {
	Columns []string
	Result  *ImportResult
	Rows    []RowError
	More    bool
	Error   string
	Regions []Region
	Admin   bool
}

func (p *Pages) renderEmployees(w http.ResponseWriter, r *http.Request, status int, page staffEmployeesPage) {
	for _, k := range EmployeeColumns {
		page.Columns = append(page.Columns, EmployeeColumnName(k))
	}
	regions, err := p.svc.Regions(r.Context())
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	page.Regions = regions
	if m := identity.CurrentStaff(p.web, p.ids, r); m != nil {
		page.Admin = m.HasRole(identity.RoleAdmin)
	}
	p.web.Render(w, r, status, "welfare/staff_employees", web.View{Title: titleStaffEmployees, Layout: "staff", Data: page})
}

// staffEmployees is the upload of the employees file by the regions'
// administrative and financial staff.
func (p *Pages) staffEmployees(w http.ResponseWriter, r *http.Request, _ *identity.StaffMember) {
	p.renderEmployees(w, r, http.StatusOK, staffEmployeesPage{})
}

func (p *Pages) staffImportEmployees(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	file, _, ok := p.upload(w, r)
	if !ok {
		p.renderEmployees(w, r, http.StatusUnprocessableEntity, staffEmployeesPage{Error: msgChooseEmployeesFile})
		return
	}
	defer file.Close()
	regions, err := p.svc.StaffRegions(r.Context(), m)
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	res, err := p.svc.ImportRegionEmployees(r.Context(), identity.Actor{StaffID: m.ID, IP: p.web.ClientIP(r)}, regions, file)
	var ie *ImportError
	switch {
	case err == nil:
		p.renderEmployees(w, r, http.StatusOK, staffEmployeesPage{Result: res})
	case errors.As(err, &ie):
		p.renderEmployees(w, r, http.StatusUnprocessableEntity, staffEmployeesPage{Error: ie.UserMessage(), Rows: ie.Rows, More: ie.More})
	default:
		if msg, ok := failForm(web.NewForm(nil), err); ok && msg != "" {
			p.renderEmployees(w, r, http.StatusUnprocessableEntity, staffEmployeesPage{Error: msg})
			return
		}
		var we *fa.Error
		if errors.As(err, &we) {
			p.renderEmployees(w, r, http.StatusUnprocessableEntity, staffEmployeesPage{Error: we.Message})
			return
		}
		p.web.ServerError(w, r, err)
	}
}

// upload returns the file of field "file" of a multipart form (the CSRF
// check has parsed it already, within the body limit).
func (p *Pages) upload(w http.ResponseWriter, r *http.Request) (multipartFile, string, bool) {
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		return nil, "", false
	}
	f, h, err := r.FormFile("file")
	if err != nil || h.Size == 0 {
		return nil, "", false
	}
	return f, h.Filename, true
}

type multipartFile interface {
	Read([]byte) (int, error)
	Close() error
}

// staffAssignRegion (admin) makes a staff member, by username, one of a
// region's staff: they then see and act for that region only.
func (p *Pages) staffAssignRegion(w http.ResponseWriter, r *http.Request, m *identity.StaffMember) {
	if !p.web.ParseForm(w, r) {
		return
	}
	username := strings.TrimSpace(r.PostForm.Get("username"))
	list, err := p.ids.ListStaff(r.Context())
	if err != nil {
		p.web.ServerError(w, r, err)
		return
	}
	for _, st := range list {
		if st.Username == username {
			if err := p.svc.AssignStaffRegion(r.Context(), st.ID, web.PathID(r, "id")); err != nil {
				p.web.ServerError(w, r, err)
				return
			}
			p.web.SetFlash(w, "success", flashStaffAssigned(st.FullName))
			web.Redirect(w, r, "/staff/welfare/employees")
			return
		}
	}
	p.web.SetFlash(w, "error", msgNoStaffWithUsername)
	web.Redirect(w, r, "/staff/welfare/employees")
}
