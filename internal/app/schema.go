package app

import (
	"embed"
	"io/fs"

	"pishkhan/internal/db"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Schema holds the application's own tables (the demo bookkeeping).
var Schema = &db.Schema{Name: "app", FS: func() fs.FS { f, _ := fs.Sub(migrationFiles, "migrations"); return f }()}
