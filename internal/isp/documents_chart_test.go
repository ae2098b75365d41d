package isp_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"pishkhan/internal/identity"
	"pishkhan/internal/isp"
)

// TestStaffDeskChartsPendingDocumentsByAge: the ISP desk's chart holds
// the documents awaiting review in each age band as the database has
// them — a document exactly three days old is in «سه تا هفت روز», a
// reviewed one leaves the chart — and the figures equal a count of the
// pending documents by their upload times.
func TestStaffDeskChartsPendingDocumentsByAge(t *testing.T) {
	pageEngines(t, func(t *testing.T, e *pageEnv) {
		ctx := context.Background()
		c, _ := e.customer("456700131")
		sub, err := e.isp.SeedChangeExample(ctx, c.ID, "ageuser", "modem-pass1")
		if err != nil {
			t.Fatal(err)
		}
		start := e.clock.Now()
		upload := func(at time.Duration, n int) {
			t.Helper()
			e.clock.Set(start.Add(at))
			var files []isp.Upload
			for range n {
				files = append(files, isp.Upload{Name: "melli.png", Data: testPNG(40, 30)})
			}
			if _, err := e.isp.UploadDocuments(ctx, sub.ID, files); err != nil {
				t.Fatal(err)
			}
		}
		const day = 24 * time.Hour
		upload(0, 2)               // 8 days old at the end
		upload(5*day, 1)           // exactly 3 days old
		upload(6*day, 3)           // 2 days
		upload(8*day-time.Hour, 2) // an hour
		e.clock.Set(start.Add(8 * day))

		sales := e.staffMember("sales2", identity.RoleSalesAgent)
		got := chartTitles(sales.Get("/staff/isp").Want(t, http.StatusOK, "").Body)
		want := "مدارک در انتظار بررسی به تفکیک مدت انتظار: کمتر از یک روز ۲ مدرک؛ یک تا سه روز ۳ مدرک؛ سه تا هفت روز ۱ مدرک؛ بیش از یک هفته ۲ مدرک"
		if len(got) != 1 || got[0] != want {
			t.Fatalf("desk chart %q, want %q", got, want)
		}

		// The database's own count of what waits, by upload time.
		docs, err := e.isp.PendingDocuments(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		bands := make([]int64, 4)
		for _, d := range docs {
			switch age := e.clock.Now().Sub(d.UploadedAt); {
			case age < day:
				bands[0]++
			case age < 3*day:
				bands[1]++
			case age < 7*day:
				bands[2]++
			default:
				bands[3]++
			}
		}
		if fromChart, err := e.isp.PendingByAge(ctx); err != nil || len(docs) != 8 || !slices.Equal(fromChart, bands) {
			t.Errorf("PendingByAge %v (%v), the documents say %v of %d", fromChart, err, bands, len(docs))
		}

		// Approving the oldest and rejecting another takes them out.
		sales.PostForm("/staff/isp", "/staff/isp/documents/"+fmtInt(docs[0].ID)+"/review", url.Values{"decision": {"approve"}}).Want(t, http.StatusSeeOther, "/staff/isp")
		sales.PostForm("/staff/isp", "/staff/isp/documents/"+fmtInt(docs[7].ID)+"/review", url.Values{"decision": {"reject"}, "reason": {"ناخوانا"}}).Want(t, http.StatusSeeOther, "/staff/isp")
		got = chartTitles(sales.Get("/staff/isp").Want(t, http.StatusOK, "").Body)
		want = "مدارک در انتظار بررسی به تفکیک مدت انتظار: کمتر از یک روز ۱ مدرک؛ یک تا سه روز ۳ مدرک؛ سه تا هفت روز ۱ مدرک؛ بیش از یک هفته ۱ مدرک"
		if len(got) != 1 || got[0] != want {
			t.Errorf("desk chart after review %q, want %q", got, want)
		}
	})
}
