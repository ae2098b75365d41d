package app

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"

	"github.com/riverqueue/river"

	"pishkhan/internal/identity"
	"pishkhan/internal/web"
)

// cleanupArgs is the hourly job that deletes what has run out: ended
// sessions, old sign-in counters, used or expired captchas.
type cleanupArgs struct{}

func (cleanupArgs) Kind() string { return "cleanup" }

type cleanupWorker struct {
	river.WorkerDefaults[cleanupArgs]
	sessions *web.Sessions
	identity *identity.Service
	captchas *identity.CaptchaStore
}

func (w *cleanupWorker) Work(ctx context.Context, _ *river.Job[cleanupArgs]) error {
	_, err1 := w.sessions.DeleteExpired(ctx)
	_, err2 := w.identity.DeleteExpiredCounters(ctx)
	_, err3 := w.captchas.DeleteExpired(ctx)
	return errors.Join(err1, err2, err3)
}

// subkey derives a purpose-bound 32-byte key from the server key.
func subkey(secret []byte, purpose string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("pishkhan subkey\x00" + purpose))
	return m.Sum(nil)
}
