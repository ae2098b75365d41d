package web

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"pishkhan/internal/fa"
)

//go:embed templates/*.html
var kitTemplates embed.FS

// View is what every page template receives. Handlers fill Title, Data
// and, for forms, Form; Render fills the rest.
type View struct {
	Title  string
	Layout string // "portal" (default), "staff", or "bare" (error, print and bank pages)
	Data   any
	Form   *Form

	CSRF     string
	Flash    *Flash
	Session  *Session
	UserName string
	Menu     []MenuItem
	Account  AccountLinks // the layout's password and sign-out links
	// MenuHTML is Menu as its <li> items, written once in Go: the menu
	// has some thirty items and is on every page, and writing it through
	// the template's escapers cost about half of a small page's time.
	MenuHTML template.HTML
	Now      time.Time
	SiteName string     // the brand's name
	Brand    *BrandView // the brand as the layouts show it
	// HelpBoxes are the help pages registered for this page's path.
	HelpBoxes []HelpBox
	Today     string // the long Jalali date of Now, for the header
	Path      string
	Status    int
}

// Value and Err let templates write {{$.Value "mobile"}} and {{$.Err "mobile"}}
// without caring whether a form was submitted.
func (v View) Value(field string) string {
	if v.Form == nil {
		return ""
	}
	return v.Form.Get(field)
}

func (v View) Err(field string) string {
	if v.Form == nil {
		return ""
	}
	return v.Form.Errors[field]
}

// Renderer holds every page template, parsed once at start-up: a page that
// does not parse stops the program before it serves anything.
type Renderer struct {
	s     *Server
	base  *template.Template // layouts and partials
	mu    sync.RWMutex
	pages map[string]*template.Template
}

// Funcs are the template functions every page may use.
func Funcs() template.FuncMap {
	return template.FuncMap{
		"digits":    digits,
		"rials":     fa.Rials,
		"amount":    fa.Amount,
		"jdate":     fa.FormatDate,
		"jdatetime": fa.FormatDateTime,
		"jlongdate": fa.FormatLongDate,
		"add":       func(a, b int) int { return a + b },
	}
}

// digits writes a number or a string with Persian digits. The common
// types skip fmt: tables call it for every cell.
func digits(v any) string {
	switch x := v.(type) {
	case string:
		return fa.Digits(x)
	case int:
		return fa.Digits(strconv.Itoa(x))
	case int64:
		return fa.Digits(strconv.FormatInt(x, 10))
	}
	return fa.Digits(fmt.Sprint(v))
}

func newRenderer(s *Server) (*Renderer, error) {
	base, err := parseLayouts()
	if err != nil {
		return nil, fmt.Errorf("web: parse layouts: %w", err)
	}
	r := &Renderer{s: s, base: base, pages: map[string]*template.Template{}}
	if err := r.AddPages("web", mustSub(kitTemplates, "templates")); err != nil {
		return nil, err
	}
	return r, nil
}

// parseLayouts parses the layouts, once.
func parseLayouts() (*template.Template, error) {
	files, err := fs.Glob(kitTemplates, "templates/layout_*.html")
	if err != nil {
		return nil, err
	}
	base := template.New("").Funcs(Funcs())
	for _, f := range files {
		b, err := fs.ReadFile(kitTemplates, f)
		if err != nil {
			return nil, err
		}
		if _, err := base.New(path.Base(f)).Parse(string(b)); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
	}
	return base, nil
}

// AddPages parses every *.html file in fsys (not layout_*.html) as a page
// named prefix/file-without-extension, e.g. "cards/status". Files named
// _*.html hold templates the area's pages share (their {{define}}s), and
// are not pages.
func (r *Renderer) AddPages(prefix string, fsys fs.FS) error {
	files, err := fs.Glob(fsys, "*.html")
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	// Files named _*.html are an area's partials: parsed into every page
	// of the area, never pages themselves.
	base := r.base
	partials, err := fs.Glob(fsys, "_*.html")
	if err != nil {
		return err
	}
	if len(partials) > 0 {
		if base, err = r.base.Clone(); err != nil {
			return err
		}
		if _, err := base.ParseFS(fsys, partials...); err != nil {
			return fmt.Errorf("web: parse partials of %s: %w", prefix, err)
		}
	}
	for _, f := range files {
		if strings.HasPrefix(f, "layout_") || strings.HasPrefix(f, "_") {
			continue
		}
		t, err := base.Clone()
		if err != nil {
			return err
		}
		if _, err := t.ParseFS(fsys, f); err != nil {
			return fmt.Errorf("web: parse page %s/%s: %w", prefix, f, err)
		}
		name := prefix + "/" + strings.TrimSuffix(path.Base(f), ".html")
		if _, dup := r.pages[name]; dup {
			return fmt.Errorf("web: page %s defined twice", name)
		}
		r.pages[name] = t
	}
	return nil
}

// Pages lists the names of every page, for tests that render each one.
func (r *Renderer) Pages() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []string
	for name := range r.pages {
		out = append(out, name)
	}
	return out
}

// Render writes page with v, completing v from the request. The page is
// rendered into a buffer first, so a template failure becomes a clean 500
// instead of half a page.
func (s *Server) Render(w http.ResponseWriter, r *http.Request, status int, page string, v View) {
	s.Renderer.mu.RLock()
	t, ok := s.Renderer.pages[page]
	s.Renderer.mu.RUnlock()
	if !ok {
		s.logger.Error("no such page", "page", page)
		http.Error(w, msgSystemError, http.StatusInternalServerError)
		return
	}
	if v.Layout == "" {
		v.Layout = "portal"
	}
	v.CSRF = s.CSRFToken(w, r)
	v.Flash = s.takeFlash(w, r)
	v.Now = s.now()
	v.Today = fa.FormatLongDate(v.Now)
	brand := s.BrandOf(r)
	v.Brand = &brand.View
	v.SiteName = brand.View.Name
	v.Path = r.URL.Path
	v.HelpBoxes = s.Help.boxesFor(r, v.Path)
	v.Status = status
	if v.Layout != "bare" {
		v.Session = s.Session(r)
		v.Menu, v.MenuHTML = s.Menu.forPage(r, v.Layout, v.Path)
		v.Account = s.AccountLinks[v.Layout]
		if v.Session != nil && s.DisplayName != nil {
			v.UserName = s.DisplayName(r, v.Session)
		}
	}
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer putPageBuffer(buf)
	if err := t.ExecuteTemplate(buf, "layout_"+v.Layout, v); err != nil {
		s.logger.Error("render failed", "page", page, "err", err)
		http.Error(w, msgSystemError, http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// The page is whole in the buffer: say its length, so it goes out
	// in one piece instead of chunks.
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// pageBuffers hold rendered pages between requests: a page is written
// whole into a buffer before it is sent, and growing a new buffer to a
// page's size on every request was a third of the bytes the server
// allocated.
var pageBuffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 16<<10)) }}

// putPageBuffer returns a buffer to the pool, unless one very large page
// made it too big to keep.
func putPageBuffer(b *bytes.Buffer) {
	if b.Cap() > 256<<10 {
		return
	}
	b.Reset()
	pageBuffers.Put(b)
}

// Redirect sends the browser to url with 303 See Other (after a POST, the
// next request is a GET, so a refresh never repeats the POST).
func Redirect(w http.ResponseWriter, r *http.Request, url string) {
	http.Redirect(w, r, url, http.StatusSeeOther)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// JSON writes v as a JSON response, for the APIs.
func JSON(w http.ResponseWriter, status int, v any) { writeJSON(w, status, v) }

// menuHTML writes the menu's items: each label and address escaped as
// html/template would escape text and a quoted attribute, the current
// page marked with aria-current.
func menuHTML(items []MenuItem, path string) template.HTML {
	var b strings.Builder
	for _, it := range items {
		b.WriteString(`<li><a href="`)
		b.WriteString(html.EscapeString(it.Href))
		b.WriteString(`"`)
		if it.Href == path {
			b.WriteString(` aria-current="page"`)
		}
		b.WriteString(`>`)
		b.WriteString(html.EscapeString(it.Label))
		b.WriteString(`</a></li>`)
	}
	return template.HTML(b.String())
}
