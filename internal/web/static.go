package web

import (
	"embed"
	"net/http"
	"strings"
)

//go:embed static
var staticFiles embed.FS

// staticHandler serves the embedded CSS, JS and images. They change only
// with a new build, so browsers may keep them for an hour.
func staticHandler() http.Handler {
	fsrv := http.FileServerFS(staticFiles)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r) // no folder listings
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		if strings.HasSuffix(r.URL.Path, ".woff2") {
			// Go's table has no .woff2; without this the font would go
			// out as text/plain or octet-stream, depending on the host.
			w.Header().Set("Content-Type", "font/woff2")
		}
		fsrv.ServeHTTP(w, r)
	})
}
