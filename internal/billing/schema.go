package billing

import (
	"embed"
	"io/fs"

	"pishkhan/internal/db"
	"pishkhan/internal/identity"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Schema holds billing's tables. It requires identity: every order,
// payment, wallet and invoice belongs to a customers row.
var Schema = &db.Schema{
	Name:     "billing",
	FS:       func() fs.FS { f, _ := fs.Sub(migrations, "migrations"); return f }(),
	Requires: []*db.Schema{identity.Schema},
}
