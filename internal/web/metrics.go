package web

import (
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are Prometheus counters and histograms by route pattern (never
// by raw path, which would let any visitor create unbounded series).
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	// series caches the counter and histogram of each route, method and
	// code: finding them by label values hashes the labels on every
	// request, which showed in the middleware benchmark.
	series sync.Map // seriesKey → *routeSeries
}

type seriesKey struct {
	route, method string
	code          int
}

type routeSeries struct {
	requests prometheus.Counter
	duration prometheus.Observer
}

func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pishkhan_http_requests_total",
			Help: "HTTP requests by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "pishkhan_http_request_duration_seconds",
			Help:    "HTTP request latency by route pattern and method.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route", "method"}),
	}
	m.registry.MustRegister(m.requests, m.duration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observe(route, method string, code int, took time.Duration) {
	k := seriesKey{route, method, code}
	v, ok := m.series.Load(k)
	if !ok {
		v, _ = m.series.LoadOrStore(k, &routeSeries{
			requests: m.requests.WithLabelValues(route, method, strconv.Itoa(code)),
			duration: m.duration.WithLabelValues(route, method),
		})
	}
	rs := v.(*routeSeries)
	rs.requests.Inc()
	rs.duration.Observe(took.Seconds())
}

// Registry lets other packages (jobs, SMS, payments) add their metrics to
// the same /metrics page.
func (s *Server) Registry() *prometheus.Registry { return s.metrics.registry }

// MetricsHandler serves /metrics.
//
// Only clients in allow may read it (by ClientIP, so behind a trusted
// proxy the real client counts, not the proxy): the figures tell an
// outsider how busy the service is and which pages fail. Others get the
// ordinary 404 page, as if there were nothing here.
func (s *Server) MetricsHandler(allow []netip.Prefix) http.Handler {
	h := promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip, err := netip.ParseAddr(s.ClientIP(r))
		if err == nil {
			ip = ip.Unmap()
			for _, p := range allow {
				if p.Contains(ip) {
					h.ServeHTTP(w, r)
					return
				}
			}
		}
		s.NotFound(w, r)
	})
}
