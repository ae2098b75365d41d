package settings

import (
	"errors"
	"net/http"
	"strconv"

	"pishkhan/internal/db"
	"pishkhan/internal/web"
)

// The brand's files are addressed with the brand's version (?v=N), so a
// browser may keep them for good: a save makes new addresses.
const immutable = "public, max-age=31536000, immutable"

// brandCSS gives the pages the brand's colour as CSS custom properties.
func (p *Pages) brandCSS(w http.ResponseWriter, r *http.Request) {
	st := p.web.BrandOf(r)
	colour := st.Brand.Colour
	if colour == "" {
		colour = web.DefaultColour
	}
	css := web.BrandCSS(colour)
	h := w.Header()
	h.Set("Content-Type", "text/css; charset=utf-8")
	h.Set("Cache-Control", immutable)
	h.Set("Content-Length", strconv.Itoa(len(css)))
	_, _ = w.Write([]byte(css))
}

// brandImage serves the uploaded logo or favicon, or 404.
func (p *Pages) brandImage(which string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		img, err := p.brand.Image(r.Context(), which)
		if errors.Is(err, db.ErrNoRows) {
			p.web.NotFound(w, r)
			return
		}
		if err != nil {
			p.web.ServerError(w, r, err)
			return
		}
		h := w.Header()
		h.Set("Content-Type", img.Type)
		h.Set("Cache-Control", immutable)
		h.Set("Content-Length", strconv.Itoa(len(img.Data)))
		// An image only: never a document that could run script.
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
		_, _ = w.Write(img.Data)
	}
}
