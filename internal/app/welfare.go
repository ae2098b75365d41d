package app

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"pishkhan/internal/jobs"
	"pishkhan/internal/welfare"
)

// buildWelfare makes the welfare credit service and schedules its jobs:
// the activation SMS once an approval's 72 hours have passed (the credit
// itself opens by the clock, whether or not the job has run) and the
// return of the monthly credit on the 8th of the month.
func buildWelfare(sys *system, runner *jobs.Runner) {
	sys.welfare = welfare.New(sys.db, sys.identity, sys.sms, sys.otp, welfare.Options{Now: sys.now, Logger: sys.logger.With("component", "welfare")})
	jobs.Register(runner, &welfareActivateWorker{svc: sys.welfare})
	runner.Every("welfare_activate", time.Minute, func() river.JobArgs { return welfareActivateArgs{} })
	jobs.Register(runner, &welfareRestoreWorker{svc: sys.welfare})
	// Hourly: the restore day is a Tehran calendar day, and the job is
	// idempotent, so an hourly run gives the credit back within the first
	// hour of the 8th and catches up after a restart.
	runner.Every("welfare_restore", time.Hour, func() river.JobArgs { return welfareRestoreArgs{} })
}

func welfareRoutes(sys *system) error { return welfare.Routes(sys.web, sys.welfare, sys.identity) }

type welfareActivateArgs struct{}

func (welfareActivateArgs) Kind() string { return "welfare_activate" }

type welfareActivateWorker struct {
	river.WorkerDefaults[welfareActivateArgs]
	svc *welfare.Service
}

func (w *welfareActivateWorker) Work(ctx context.Context, _ *river.Job[welfareActivateArgs]) error {
	_, err := w.svc.ActivateDue(ctx)
	return err
}

type welfareRestoreArgs struct{}

func (welfareRestoreArgs) Kind() string { return "welfare_restore" }

type welfareRestoreWorker struct {
	river.WorkerDefaults[welfareRestoreArgs]
	svc *welfare.Service
}

func (w *welfareRestoreWorker) Work(ctx context.Context, _ *river.Job[welfareRestoreArgs]) error {
	_, err := w.svc.RestoreMonthlyCredit(ctx)
	return err
}
