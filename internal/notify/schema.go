package notify

import (
	"embed"
	"io/fs"

	"pishkhan/internal/db"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Schema holds the outbox table.
var Schema = &db.Schema{Name: "notify", FS: func() fs.FS { f, _ := fs.Sub(migrations, "migrations"); return f }()}
