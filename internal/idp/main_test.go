package idp_test

import (
	"log/slog"
	"os"
	"testing"
)

// TestMain quiets zitadel's op package, which logs refused requests (the
// negative tests make many) through slog's default logger.
func TestMain(m *testing.M) {
	slog.SetDefault(slog.New(slog.DiscardHandler))
	os.Exit(m.Run())
}
