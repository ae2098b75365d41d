// Command pishkhan is the whole of Pishkhan in one program: the customer
// portal, the staff back office, and the jobs behind them. See
// `pishkhan help`.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"pishkhan/internal/app"
)

func main() {
	// SIGINT and SIGTERM cancel the context; the server then stops taking
	// new connections and lets requests in flight finish.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(app.Run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}
