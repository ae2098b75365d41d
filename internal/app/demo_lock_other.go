//go:build !unix

package app

import "context"

// lockFile has no cross-process lock here: on such systems two demo
// servers must not seed one SQLite file at the same moment.
func lockFile(context.Context, string) (func(), error) { return func() {}, nil }
