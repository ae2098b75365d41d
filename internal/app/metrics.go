package app

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"pishkhan/internal/db"
)

// operationsCollector adds to /metrics what an operator must watch beyond
// HTTP (docs/operations.md «What to watch»): the job queue by state, the
// SMS of the last hour and day by status, and the PostgreSQL pool. It
// reads them when Prometheus scrapes, with a short timeout, so a slow or
// absent database costs the scrape a second, not the pages.
type operationsCollector struct {
	db   *db.DB
	jobs *prometheus.Desc
	sms  *prometheus.Desc
	pool *prometheus.Desc
	up   *prometheus.Desc
}

func newOperationsCollector(d *db.DB) *operationsCollector {
	return &operationsCollector{
		db:   d,
		jobs: prometheus.NewDesc("pishkhan_jobs", "Background jobs in the queue by kind and state (available, running, retryable, scheduled, discarded …).", []string{"kind", "state"}, nil),
		sms:  prometheus.NewDesc("pishkhan_sms_recent", "SMS created in the last hour or day, by status (queued, sent, kept, failed).", []string{"window", "status"}, nil),
		pool: prometheus.NewDesc("pishkhan_db_pool_connections", "PostgreSQL pool connections by kind (acquired, idle, total, max).", []string{"kind"}, nil),
		up:   prometheus.NewDesc("pishkhan_db_up", "1 when the database answered the scrape's queries.", nil, nil),
	}
}

func (c *operationsCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.jobs
	ch <- c.sms
	ch <- c.pool
	ch <- c.up
}

func (c *operationsCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	up := 1.0
	// Finished jobs are River's history, not a backlog: leave them out.
	rows, err := c.db.Query(ctx, "SELECT kind, state, COUNT(*) FROM river_job WHERE state NOT IN ('completed', 'cancelled') GROUP BY kind, state")
	if err == nil {
		for rows.Next() {
			var kind, state string
			var n int64
			if rows.Scan(&kind, &state, &n) == nil {
				ch <- prometheus.MustNewConstMetric(c.jobs, prometheus.GaugeValue, float64(n), kind, state)
			}
		}
		rows.Close()
		err = rows.Err()
	}
	if err != nil {
		up = 0
	}
	now := time.Now()
	for _, w := range []struct {
		name string
		span time.Duration
	}{{"1h", time.Hour}, {"24h", 24 * time.Hour}} {
		rows, err := c.db.Query(ctx, "SELECT status, COUNT(*) FROM sms_outbox WHERE created_at >= $1 GROUP BY status", now.Add(-w.span))
		if err != nil {
			up = 0
			continue
		}
		for rows.Next() {
			var status string
			var n int64
			if rows.Scan(&status, &n) == nil {
				ch <- prometheus.MustNewConstMetric(c.sms, prometheus.GaugeValue, float64(n), w.name, status)
			}
		}
		rows.Close()
		if rows.Err() != nil {
			up = 0
		}
	}
	if c.db.Engine() == db.Postgres {
		st := c.db.PgxPool().Stat()
		for kind, v := range map[string]int32{"acquired": st.AcquiredConns(), "idle": st.IdleConns(), "total": st.TotalConns(), "max": st.MaxConns()} {
			ch <- prometheus.MustNewConstMetric(c.pool, prometheus.GaugeValue, float64(v), kind)
		}
	}
	ch <- prometheus.MustNewConstMetric(c.up, prometheus.GaugeValue, up)
}
