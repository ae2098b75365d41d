package web

import (
	"context"
	"net/http"
	"time"
)

// HealthHandler serves /healthz: 200 when the process is up and the
// database answers a query within two seconds, 503 otherwise. Load
// balancers take an instance out of rotation on 503.
func (s *Server) HealthHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		status, code := map[string]string{"status": "ok", "database": "ok"}, http.StatusOK
		if err := s.opts.DB.Ping(ctx); err != nil {
			s.logger.Warn("health check: database unreachable", "err", err)
			status["status"], status["database"], code = "unhealthy", "unreachable", http.StatusServiceUnavailable
		}
		writeJSON(w, code, status)
	})
}
