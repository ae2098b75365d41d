package app

import (
	"embed"
	"io/fs"
)

//go:embed templates/*.html
var templateFiles embed.FS

func pages() fs.FS {
	f, _ := fs.Sub(templateFiles, "templates")
	return f
}
