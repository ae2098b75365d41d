package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"sync"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// BrandStore keeps the brand an admin saved, over the deployment's
// defaults. Each page asks for the stored version (one indexed read of
// one row); only when it moved is the brand read again, so a save on any
// instance shows on the next page load on every instance, and what the
// pages derive from the brand is worked out once per version.
type BrandStore struct {
	db       *db.DB
	defaults Brand
	now      func() time.Time

	mu  sync.RWMutex
	cur *BrandState
}

// BrandState is the brand in force and its version.
type BrandState struct {
	Version    int64
	Saved      bool // an admin's save, not the defaults
	Brand      Brand
	HasLogo    bool // an uploaded logo (served at /brand/logo)
	HasFavicon bool
	View       BrandView
}

// NewBrandStore returns the store; defaults must be valid (Validate).
func NewBrandStore(d *db.DB, defaults Brand, now func() time.Time) *BrandStore {
	if now == nil {
		now = time.Now
	}
	return &BrandStore{db: d, defaults: defaults, now: now}
}

// Defaults is the deployment's brand before any save.
func (s *BrandStore) Defaults() Brand { return s.defaults }

// Current returns the brand in force.
func (s *BrandStore) Current(ctx context.Context) (*BrandState, error) {
	return s.CurrentIn(ctx, s.db)
}

// CurrentIn is Current read through q: a caller inside a transaction
// passes it, so the read does not wait for a second pool connection
// while its transaction holds one (under many such transactions at once,
// that wait is a deadlock: TestSMSInsideATransactionReadsTheBrandThroughIt).
func (s *BrandStore) CurrentIn(ctx context.Context, q db.Querier) (*BrandState, error) {
	var version int64
	if err := q.QueryRow(ctx, "SELECT version FROM web_brand WHERE id = 1").Scan(&version); err != nil {
		return nil, fmt.Errorf("web: brand version: %w", err)
	}
	s.mu.RLock()
	cur := s.cur
	s.mu.RUnlock()
	if cur != nil && cur.Version == version {
		return cur, nil
	}
	st, err := s.load(ctx, q)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.cur == nil || s.cur.Version < st.Version {
		s.cur = st
	}
	s.mu.Unlock()
	return st, nil
}

func (s *BrandStore) load(ctx context.Context, q db.Querier) (*BrandState, error) {
	st := &BrandState{}
	b := &st.Brand
	var logoLen, faviconLen int64
	err := q.QueryRow(ctx, `SELECT version, saved, name, short_name, colour, logo_path, favicon_path, support_phone, support_hours,
		footer, seller, sms_signature, COALESCE(LENGTH(logo), 0), COALESCE(LENGTH(favicon), 0) FROM web_brand WHERE id = 1`).
		Scan(&st.Version, &st.Saved, &b.Name, &b.ShortName, &b.Colour, &b.LogoPath, &b.FaviconPath, &b.SupportPhone, &b.SupportHours,
			&b.Footer, &b.Seller, &b.SMSSignature, &logoLen, &faviconLen)
	if err != nil {
		return nil, fmt.Errorf("web: read brand: %w", err)
	}
	if !st.Saved {
		st.Brand = s.defaults
	}
	st.HasLogo, st.HasFavicon = st.Saved && logoLen > 0, st.Saved && faviconLen > 0
	st.View = st.view()
	return st, nil
}

// ImageChange says what a save does to an uploaded image.
type ImageChange struct {
	Keep   bool        // leave it as it is
	Remove bool        // drop it (the path, if any, then applies)
	New    *BrandImage // replace it
}

// SaveTx stores b (normalised and valid, else an error) as the brand, in
// the caller's transaction (with its audit entry).
func (s *BrandStore) SaveTx(ctx context.Context, tx *db.Tx, b Brand, logo, favicon ImageChange, by int64) error {
	b = b.Normalize()
	if p := b.Validate(); len(p) > 0 {
		return fmt.Errorf("web: brand not valid: %v", p)
	}
	set := `saved = TRUE, version = version + 1, name = $1, short_name = $2, colour = $3, logo_path = $4, favicon_path = $5,
		support_phone = $6, support_hours = $7, footer = $8, seller = $9, sms_signature = $10, updated_at = $11, updated_by = $12`
	args := []any{b.Name, b.ShortName, b.Colour, b.LogoPath, b.FaviconPath, b.SupportPhone, b.SupportHours, b.Footer, b.Seller,
		b.SMSSignature, s.now().UTC(), by}
	image := func(col string, c ImageChange) {
		switch {
		case c.New != nil:
			args = append(args, c.New.Type, c.New.Data)
			set += ", " + col + "_type = $" + strconv.Itoa(len(args)-1) + ", " + col + " = $" + strconv.Itoa(len(args))
		case c.Remove:
			set += ", " + col + "_type = '', " + col + " = NULL"
		}
	}
	image("logo", logo)
	image("favicon", favicon)
	if _, err := tx.Exec(ctx, "UPDATE web_brand SET "+set+" WHERE id = 1", args...); err != nil {
		return fmt.Errorf("web: save brand: %w", err)
	}
	return nil
}

// ResetTx returns to the deployment's defaults, dropping uploaded images.
func (s *BrandStore) ResetTx(ctx context.Context, tx *db.Tx, by int64) error {
	_, err := tx.Exec(ctx, `UPDATE web_brand SET saved = FALSE, version = version + 1, logo_type = '', logo = NULL,
		favicon_type = '', favicon = NULL, updated_at = $1, updated_by = $2 WHERE id = 1`, s.now().UTC(), by)
	if err != nil {
		return fmt.Errorf("web: reset brand: %w", err)
	}
	return nil
}

// Image returns the uploaded logo ("logo") or favicon ("favicon").
func (s *BrandStore) Image(ctx context.Context, which string) (BrandImage, error) {
	var img BrandImage
	var q string
	switch which {
	case "logo":
		q = "SELECT logo_type, logo FROM web_brand WHERE id = 1 AND saved = TRUE"
	case "favicon":
		q = "SELECT favicon_type, favicon FROM web_brand WHERE id = 1 AND saved = TRUE"
	default:
		return img, db.ErrNoRows
	}
	if err := s.db.QueryRow(ctx, q).Scan(&img.Type, &img.Data); err != nil {
		return img, err
	}
	if len(img.Data) == 0 {
		return img, db.ErrNoRows
	}
	return img, nil
}

// BrandOf is the brand in force for a request: read once per request;
// when the database cannot answer, the defaults (a page still shows).
func (s *Server) BrandOf(r *http.Request) *BrandState {
	st, _ := Memo(r, "web.brand", func() (*BrandState, error) {
		if s.opts.Brand == nil {
			return s.fixedBrand, nil
		}
		st, err := s.opts.Brand.Current(r.Context())
		if err != nil {
			s.logger.Warn("brand unavailable; showing the defaults", "err", err)
			st = &BrandState{Brand: s.opts.Brand.defaults}
			st.View = st.view()
		}
		return st, nil
	})
	return st
}

// fixedBrandOf is the brand of a server without a store (the kit's own
// tests, tools): the site name and the default colour.
func fixedBrandOf(siteName string) *BrandState {
	st := &BrandState{Brand: DefaultBrand()}
	st.Brand.Name, st.Brand.Seller = siteName, siteName
	st.View = st.view()
	return st
}

// BrandView is what the layouts show of the brand, worked out once per
// version: digits Persian, addresses ready for their attributes.
type BrandView struct {
	Name, ShortName string
	LogoSrc         string // "" without a logo
	// FaviconHref is "data:," without a favicon (no request for
	// /favicon.ico); typed as a URL because html/template refuses data:
	// and tel: addresses it did not see built (these are built here from
	// checked values).
	FaviconHref   template.URL
	CSSHref       string       // the colour's stylesheet; "" for app.css's own colour
	Phone         string       // Persian digits, shown in an LTR isolate
	PhoneHref     template.URL // tel:…
	Hours, Footer string
}

func (st *BrandState) view() BrandView {
	b := st.Brand
	v := BrandView{Name: b.Name, ShortName: b.ShortName, LogoSrc: b.LogoPath, FaviconHref: "data:,",
		Hours: fa.Digits(b.SupportHours), Footer: fa.Digits(b.Footer)}
	if v.ShortName == "" {
		v.ShortName = v.Name
	}
	ver := strconv.FormatInt(st.Version, 10)
	if st.HasLogo {
		v.LogoSrc = "/brand/logo?v=" + ver
	}
	if st.HasFavicon {
		v.FaviconHref = template.URL("/brand/favicon?v=" + ver)
	} else if b.FaviconPath != "" && SameSitePath(b.FaviconPath) {
		v.FaviconHref = template.URL(b.FaviconPath)
	}
	if b.Colour != "" && b.Colour != DefaultColour {
		v.CSSHref = "/brand.css?v=" + ver
	}
	if b.SupportPhone != "" {
		v.Phone = fa.Digits(b.SupportPhone)
		if phoneLike(b.SupportPhone) {
			v.PhoneHref = template.URL("tel:" + PhoneDigits(b.SupportPhone))
		}
	}
	return v
}

// BrandCSS is the stylesheet that gives the pages the brand's colour
// (the content security policy allows no inline style).
func BrandCSS(colour string) string {
	return ":root{--brand:" + colour + ";--brand-tint:" + BrandTint(colour) + "}\n"
}
