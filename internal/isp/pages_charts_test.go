package isp_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// chartTitles are the text alternatives of the charts on a page, in order.
func chartTitles(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<svg role="img"[^>]*><title>([^<]*)</title>`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestUsageAndHomeChartsShowTheData: the usage page's 30-day chart holds
// each day's traffic as the usage table sums it (the guide's 297.02 MB
// yesterday, 100 MB added today, nothing on other days), and the home
// page's bars hold the traffic and days the box shows.
func TestUsageAndHomeChartsShowTheData(t *testing.T) {
	pageEngines(t, func(t *testing.T, e *pageEnv) {
		ctx := context.Background()
		c, b := e.customer("456789124")
		sub, err := e.isp.SeedGuideSubscriber(ctx, c.ID, "nasiri2", "modem-pass1")
		if err != nil {
			t.Fatal(err)
		}
		now := e.clock.Now()
		if _, err := e.d.Exec(ctx, `INSERT INTO isp_usage (subscriber_id, nas, session_id, started_at, ended_at, updated_at, download, upload, deducted, ip)
			VALUES ($1, 'nas', 'chart-today', $2, $2, $2, $3, $4, 0, '')`, sub.ID, now.Add(-time.Hour), int64(60<<20), int64(40<<20)); err != nil {
			t.Fatal(err)
		}
		body := b.Get("/isp/account?tab=usage").Want(t, http.StatusOK, "").Body
		titles := chartTitles(body)
		if len(titles) != 1 {
			t.Fatalf("usage page charts: %q", titles)
		}
		alt := titles[0]
		for _, want := range []string{"ترافیک مصرف شده در ۳۰ روز گذشته", "۲۴ بهمن ۲۹۷.۰۲", "۲۵ بهمن ۱۰۰.۰۰", "۲۶ دی ۰.۰۰"} {
			if !strings.Contains(alt, want) {
				t.Errorf("usage chart alt lacks %q: %s", want, alt)
			}
		}
		if n := strings.Count(alt, "؛") + 1; n != 30 {
			t.Errorf("usage chart has %d days, want 30", n)
		}
		// Yesterday's 297.02 MB is the tallest bar; today's 100 MB is in
		// proportion (120 × 100 / 297.02 ≈ 40); the rest are empty.
		var heights []string
		for _, m := range regexp.MustCompile(`class="chart-bar" [^>]*height="(\d+)"`).FindAllStringSubmatch(body, -1) {
			heights = append(heights, m[1])
		}
		if len(heights) != 30 || heights[28] != "120" || heights[29] != "40" || heights[0] != "0" {
			t.Errorf("bar heights %v", heights)
		}
		if regexp.MustCompile(`[0-9]`).MatchString(alt) {
			t.Errorf("Latin digits in %s", alt)
		}

		home := chartTitles(b.Get("/isp").Want(t, http.StatusOK, "").Body)
		if len(home) != 2 {
			t.Fatalf("home charts: %q", home)
		}
		// The box says 4.24 GB and 26 days left of the guide's 5 GB, 30-day
		// service; the bars say the same and what is gone.
		if want := "ترافیک سرویس: باقی مانده ۴.۲۴ گیگابایت؛ مصرف شده ۰.۷۶ گیگابایت"; home[0] != want {
			t.Errorf("traffic chart %q, want %q", home[0], want)
		}
		if want := "روزهای سرویس: روز باقی مانده ۲۶ روز؛ روز گذشته ۴ روز"; home[1] != want {
			t.Errorf("days chart %q, want %q", home[1], want)
		}
	})
}
