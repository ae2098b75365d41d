package app_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// /metrics carries what an operator watches besides HTTP: the job queue,
// recent SMS by status (the demo's welcome SMS: queued or already
// kept, depending on the sending job) and whether the database answered (the pool only on
// PostgreSQL).
func TestMetricsForOperators(t *testing.T) {
	s := startServe(t, t.TempDir(), "--demo")
	resp, err := http.Get(s.base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	page := string(b)
	for _, want := range []string{"pishkhan_db_up 1", `pishkhan_sms_recent{status="`, "pishkhan_jobs{"} {
		if !strings.Contains(page, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
