package app

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"pishkhan/internal/db"
	"pishkhan/internal/jobs"
	"pishkhan/internal/notify"
)

// operationsCollector adds to /metrics what an operator must watch beyond
// HTTP (docs/operations.md «What to watch»): the job queue by state, the
// SMS of the last hour and day by status, and the PostgreSQL pool. It
// reads them when Prometheus scrapes, with a short timeout, so a slow or
// absent database costs the scrape a second, not the pages.
type operationsCollector struct {
	db       *db.DB
	jobs     *jobs.Runner
	sms      *notify.Service
	now      func() time.Time // the SMS windows are on the services' clock, as their rows are
	jobsDesc *prometheus.Desc
	smsDesc  *prometheus.Desc
	pool     *prometheus.Desc
	up       *prometheus.Desc
}

func newOperationsCollector(d *db.DB, runner *jobs.Runner, sms *notify.Service, now func() time.Time) *operationsCollector {
	return &operationsCollector{
		now:      now,
		db:       d,
		jobs:     runner,
		sms:      sms,
		jobsDesc: prometheus.NewDesc("pishkhan_jobs", "Background jobs in the queue by kind and state (available, running, retryable, scheduled, discarded …).", []string{"kind", "state"}, nil),
		smsDesc:  prometheus.NewDesc("pishkhan_sms_recent", "SMS created in the last hour or day, by status (queued, sent, kept, failed).", []string{"window", "status"}, nil),
		pool:     prometheus.NewDesc("pishkhan_db_pool_connections", "PostgreSQL pool connections by kind (acquired, idle, total, max).", []string{"kind"}, nil),
		up:       prometheus.NewDesc("pishkhan_db_up", "1 when the database answered the scrape's queries.", nil, nil),
	}
}

func (c *operationsCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.jobsDesc
	ch <- c.smsDesc
	ch <- c.pool
	ch <- c.up
}

func (c *operationsCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	up := 1.0
	backlog, err := c.jobs.Backlog(ctx)
	if err != nil {
		up = 0
	}
	for _, j := range backlog {
		ch <- prometheus.MustNewConstMetric(c.jobsDesc, prometheus.GaugeValue, float64(j.N), j.Kind, j.State)
	}
	now := c.now()
	for _, w := range []struct {
		name string
		span time.Duration
	}{{"1h", time.Hour}, {"24h", 24 * time.Hour}} {
		counts, err := c.sms.CountSince(ctx, now.Add(-w.span))
		if err != nil {
			up = 0
			continue
		}
		for status, n := range counts {
			ch <- prometheus.MustNewConstMetric(c.smsDesc, prometheus.GaugeValue, float64(n), w.name, status)
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
