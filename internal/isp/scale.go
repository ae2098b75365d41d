package isp

import (
	"context"
	"fmt"
	"time"

	"pishkhan/internal/db"
)

// Load-test subscribers («pishkhan demo --scale»): a line per customer on
// the first service plan, with usage sessions spread over the last 90
// days. The first line is made through the service, so its sealed
// internet password is real; the others copy it.

// ScaleLine is one line to add for load tests.
type ScaleLine struct {
	CustomerID      int64
	Username, Phone string
}

// SeedScale adds the lines and sessions per line; it returns how many
// sessions it wrote.
func (s *Service) SeedScale(ctx context.Context, lines []ScaleLine, password string, sessions int) (int, error) {
	if len(lines) == 0 {
		return 0, nil
	}
	first := lines[0]
	tmpl, err := s.CreateSubscriber(ctx, NewSubscriber{CustomerID: first.CustomerID, Phone: first.Phone, City: scaleCity,
		Centre: scaleCentre, Username: first.Username, Password: password})
	if err != nil {
		return 0, fmt.Errorf("template line: %w", err)
	}
	var sealed []byte
	var planID int64
	if err := s.db.QueryRow(ctx, "SELECT password_enc FROM isp_subscribers WHERE id = $1", tmpl.ID).Scan(&sealed); err != nil {
		return 0, err
	}
	if err := s.db.QueryRow(ctx, "SELECT MIN(id) FROM isp_plans WHERE kind = 'service'").Scan(&planID); err != nil {
		return 0, fmt.Errorf("a service plan (the demo seeds them): %w", err)
	}
	now := s.now()
	starts, ends, traffic := now.AddDate(0, -1, 0), now.AddDate(0, 11, 0), int64(50<<30)
	if _, err := s.db.Exec(ctx, `UPDATE isp_subscribers SET plan_id = $1, paid = 2000000, starts_at = $2, ends_at = $3, traffic_left = $4, line_status = 'active' WHERE id = $5`,
		planID, starts, ends, traffic, tmpl.ID); err != nil {
		return 0, err
	}
	subs := db.NewBatch(ctx, s.db, "isp_subscribers", "customer_id", "phone", "city", "centre", "username", "password_enc", "line_status",
		"plan_id", "paid", "starts_at", "ends_at", "traffic_left", "created_at")
	for _, l := range lines[1:] {
		if err := subs.Add(l.CustomerID, l.Phone, scaleCity, scaleCentre, l.Username, sealed, "active",
			planID, int64(2_000_000), starts, ends, traffic, now); err != nil {
			return 0, err
		}
	}
	if err := subs.Flush(); err != nil {
		return 0, err
	}
	ids, err := db.All(ctx, s.db, func(r db.Scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, "SELECT id FROM isp_subscribers WHERE created_at = $1 OR id = $2 ORDER BY id", now, tmpl.ID)
	if err != nil {
		return 0, err
	}
	usage := db.NewBatch(ctx, s.db, "isp_usage", "subscriber_id", "nas", "session_id", "started_at", "ended_at", "updated_at",
		"download", "upload", "deducted", "ip")
	step := 90 * 24 * time.Hour / time.Duration(max(sessions, 1))
	for _, id := range ids {
		for k := 0; k < sessions; k++ {
			start := now.Add(-time.Duration(k+1) * step)
			down := int64(20<<20) + int64(k%17)<<20
			if err := usage.Add(id, "scale", fmt.Sprintf("%d-%d", id, k), start, start.Add(step/2), start.Add(step/2),
				down, down/5, down, fmt.Sprintf("10.%d.%d.%d", id%250, k%250, (id+int64(k))%250)); err != nil {
				return 0, err
			}
		}
	}
	if err := usage.Flush(); err != nil {
		return 0, err
	}
	return usage.Total, nil
}
