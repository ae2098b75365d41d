package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"pishkhan/internal/db"
)

// HelpPage is one help text an area offers its customers, keyed by the
// area and a slug, with the text the area ships (its guide's own words)
// and the pages that show it. An admin may rewrite it; the stored edit
// wins until it is reset to the default.
type HelpPage struct {
	Area, Slug string
	Title      string
	Body       string   // limited markup (HelpHTML)
	Paths      []string // the exact paths of the pages that show it in a box
}

// Key is "area/slug".
func (p HelpPage) Key() string { return p.Area + "/" + p.Slug }

// HelpEntry is a help page as it stands: the default, or an admin's edit.
type HelpEntry struct {
	HelpPage
	Default   HelpPage // as the area registered it
	Edited    bool
	UpdatedAt time.Time
}

// HelpBox is a help page shown on one of its pages.
type HelpBox struct {
	Area, Slug, Title string
	HTML              template.HTML
	Href              string // the help page of its own
}

// Help is the registry of help pages: areas register their defaults at
// start-up; the stored edits live in web_help.
type Help struct {
	db  *db.DB
	now func() time.Time

	mu     sync.RWMutex
	pages  map[string]HelpPage
	order  []string
	byPath map[string][]string
}

// NewHelp returns an empty registry over d (nil: defaults only).
func NewHelp(d *db.DB, now func() time.Time) *Help {
	if now == nil {
		now = time.Now
	}
	return &Help{db: d, now: now, pages: map[string]HelpPage{}, byPath: map[string][]string{}}
}

var helpKeyPart = regexp.MustCompile(`^[a-z][a-z0-9-]{0,39}$`)

// Register adds help pages. A malformed key, a bad default or a key
// registered twice is a programming error and panics at start-up.
func (h *Help) Register(pages ...HelpPage) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, p := range pages {
		if !helpKeyPart.MatchString(p.Area) || !helpKeyPart.MatchString(p.Slug) {
			panic(fmt.Sprintf("web: help page key %q is not lower-case letters, digits and '-'", p.Key()))
		}
		if problems := ValidateHelp(p.Title, p.Body); len(problems) > 0 {
			panic(fmt.Sprintf("web: help page %s: %v", p.Key(), problems))
		}
		if _, dup := h.pages[p.Key()]; dup {
			panic("web: help page " + p.Key() + " registered twice")
		}
		h.pages[p.Key()] = p
		h.order = append(h.order, p.Key())
		for _, path := range p.Paths {
			h.byPath[path] = append(h.byPath[path], p.Key())
		}
	}
}

// Registered lists the registered pages (defaults), in registration order.
func (h *Help) Registered() []HelpPage {
	h.mu.RLock()
	defer h.mu.RUnlock()
	out := make([]HelpPage, 0, len(h.order))
	for _, k := range h.order {
		out = append(out, h.pages[k])
	}
	return out
}

// ErrHelpNotFound: no help page has that key.
var ErrHelpNotFound = errors.New("web: no such help page")

func (h *Help) registered(area, slug string) (HelpPage, bool) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	p, ok := h.pages[area+"/"+slug]
	return p, ok
}

// Page returns a help page as it stands.
func (h *Help) Page(ctx context.Context, area, slug string) (HelpEntry, error) {
	def, ok := h.registered(area, slug)
	if !ok {
		return HelpEntry{}, ErrHelpNotFound
	}
	e := HelpEntry{HelpPage: def, Default: def}
	if h.db == nil {
		return e, nil
	}
	err := h.db.QueryRow(ctx, "SELECT title, body, updated_at FROM web_help WHERE area = $1 AND slug = $2", area, slug).
		Scan(&e.Title, &e.Body, &e.UpdatedAt)
	switch {
	case errors.Is(err, db.ErrNoRows):
		return e, nil
	case err != nil:
		return e, fmt.Errorf("web: read help %s: %w", def.Key(), err)
	}
	e.Edited = true
	return e, nil
}

// Pages lists every registered page as it stands.
func (h *Help) Pages(ctx context.Context) ([]HelpEntry, error) {
	var out []HelpEntry
	for _, p := range h.Registered() {
		e, err := h.Page(ctx, p.Area, p.Slug)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// SaveTx stores an admin's text for a registered page (title and body
// must pass ValidateHelp).
func (h *Help) SaveTx(ctx context.Context, tx *db.Tx, area, slug, title, body string, by int64) error {
	if _, ok := h.registered(area, slug); !ok {
		return ErrHelpNotFound
	}
	if p := ValidateHelp(title, body); len(p) > 0 {
		return fmt.Errorf("web: help text not valid: %v", p)
	}
	_, err := tx.Exec(ctx, `INSERT INTO web_help (area, slug, title, body, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (area, slug) DO UPDATE SET title = excluded.title, body = excluded.body, updated_at = excluded.updated_at,
		updated_by = excluded.updated_by`, area, slug, title, body, h.now().UTC(), by)
	if err != nil {
		return fmt.Errorf("web: save help %s/%s: %w", area, slug, err)
	}
	return nil
}

// ResetTx drops the stored text: the page shows its default again. It
// reports whether there was an edit to drop.
func (h *Help) ResetTx(ctx context.Context, tx *db.Tx, area, slug string) (bool, error) {
	if _, ok := h.registered(area, slug); !ok {
		return false, ErrHelpNotFound
	}
	res, err := tx.Exec(ctx, "DELETE FROM web_help WHERE area = $1 AND slug = $2", area, slug)
	if err != nil {
		return false, fmt.Errorf("web: reset help %s/%s: %w", area, slug, err)
	}
	return res.RowsAffected > 0, nil
}

// boxesFor is the help shown on the page at path: nothing to do for the
// many pages without help; for the rest, one read per box, so an edit
// shows on the next load on every instance.
func (h *Help) boxesFor(r *http.Request, path string) []HelpBox {
	h.mu.RLock()
	keys := h.byPath[path]
	h.mu.RUnlock()
	if len(keys) == 0 {
		return nil
	}
	out := make([]HelpBox, 0, len(keys))
	for _, k := range keys {
		area, slug, _ := strings.Cut(k, "/")
		e, err := h.Page(r.Context(), area, slug)
		if err != nil && !errors.Is(err, ErrHelpNotFound) {
			e = HelpEntry{HelpPage: e.Default} // the database failed: the default still helps
		}
		out = append(out, HelpBox{Area: area, Slug: slug, Title: e.Title, HTML: HelpHTML(e.Body), Href: "/help/" + k})
	}
	return out
}

// Limits of a help text.
const (
	HelpTitleMax = 100
	HelpBodyMax  = 6000
)

// ValidateHelp returns the problems of a help text by field ("title",
// "body"), in Persian.
func ValidateHelp(title, body string) map[string]string {
	problems := map[string]string{}
	check := func(field, label, v string, max int, multiline bool) {
		switch {
		case !utf8.ValidString(v) || strings.ContainsRune(v, 0):
			problems[field] = msgBadChars(label)
		case strings.TrimSpace(v) == "":
			problems[field] = MsgRequired(label)
		case utf8.RuneCountInString(v) > max:
			problems[field] = MsgAtMost(label, max)
		case hasControl(v, multiline):
			problems[field] = msgControlChars(label)
		}
	}
	check("title", labelHelpTitle, title, HelpTitleMax, false)
	check("body", labelHelpBody, body, HelpBodyMax, true)
	return problems
}

// HelpPaths lists the paths that show help, sorted (for tests and docs).
func (h *Help) HelpPaths() []string {
	h.mu.RLock()
	defer h.mu.RUnlock()
	var out []string
	for p := range h.byPath {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}
