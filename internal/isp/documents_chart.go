package isp

import (
	"context"
	"fmt"
	"html/template"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/web"
)

// pendingAges are the bands of the ISP desk's documents chart, by how
// long a document has waited for review: the last band is past the
// week a line has to send valid documents, when it is cut off.
var pendingAges = []struct {
	Label string
	Below time.Duration // waited less than this; 0 for the last band
}{
	{labelUnderADay, 24 * time.Hour},
	{labelOneToThreeDays, 3 * 24 * time.Hour},
	{labelThreeToSeven, 7 * 24 * time.Hour},
	{web.MsgMoreThanAWeek, 0},
}

// PendingByAge counts the documents awaiting review in each band of
// pendingAges, in order. The bounds are computed in Go and the database
// only compares uploaded_at with them, so one query serves both engines.
func (s *Service) PendingByAge(ctx context.Context) ([]int64, error) {
	now := s.now()
	q := "SELECT CASE"
	args := []any{DocPending}
	for i, a := range pendingAges[:len(pendingAges)-1] {
		args = append(args, now.Add(-a.Below))
		q += fmt.Sprintf(" WHEN uploaded_at > $%d THEN %d", len(args), i)
	}
	q += fmt.Sprintf(" ELSE %d END AS band, COUNT(*) FROM isp_documents WHERE status = $1 GROUP BY 1", len(pendingAges)-1)
	type band struct{ i, n int64 }
	rows, err := db.All(ctx, s.db, func(r db.Scanner) (band, error) {
		var b band
		return b, r.Scan(&b.i, &b.n)
	}, q, args...)
	if err != nil {
		return nil, fmt.Errorf("isp: pending documents by age: %w", err)
	}
	out := make([]int64, len(pendingAges))
	for _, b := range rows {
		if b.i >= 0 && int(b.i) < len(out) {
			out[b.i] += b.n
		}
	}
	return out, nil
}

// pendingChart draws the desk's picture of the documents awaiting review
// by how long they have waited.
func pendingChart(counts []int64) template.HTML {
	c := web.Chart{Title: chartPending}
	for i, n := range counts {
		c.Bars = append(c.Bars, web.Bar{Label: pendingAges[i].Label, Value: n, Text: inDocuments(n)})
	}
	return c.Meters()
}
