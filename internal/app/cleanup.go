package app

import (
	"context"

	"github.com/riverqueue/river"

	"pishkhan/internal/web"
)

// sessionCleanupArgs is the hourly job that deletes ended sessions.
type sessionCleanupArgs struct{}

func (sessionCleanupArgs) Kind() string { return "session_cleanup" }

type sessionCleanupWorker struct {
	river.WorkerDefaults[sessionCleanupArgs]
	sessions *web.Sessions
}

func (w *sessionCleanupWorker) Work(ctx context.Context, _ *river.Job[sessionCleanupArgs]) error {
	_, err := w.sessions.DeleteExpired(ctx)
	return err
}
