package isp

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// defaultInterim is the Acct-Interim-Interval when none is configured.
const defaultInterim = 5 * time.Minute

// staleAfter: a session unheard of for three interim intervals is gone
// (the NAS rebooted, or its Stop was lost).
func staleAfter(interim time.Duration) time.Duration { return 3 * interim }

// openSessions returns the plan's simultaneous-use limit and how many of
// the line's sessions are open now. Stale sessions are closed first, so
// that a NAS that lost a Stop does not lock the subscriber out; sessions
// the NAS has ACKed a Disconnect for no longer count.
func openSessions(ctx context.Context, tx *db.Tx, sub *Subscriber, now time.Time, interim time.Duration) (limit, open int, err error) {
	// One statement in the usual case (nothing stale): the plan's limit,
	// the open sessions and how many of them are stale.
	var planID int64
	if sub.Plan != nil {
		planID = sub.Plan.ID
	}
	var stale int
	if err := tx.QueryRow(ctx, `SELECT COALESCE((SELECT sessions FROM isp_plans WHERE id = $1), 1), COUNT(*),
		COALESCE(SUM(CASE WHEN updated_at < $2 THEN 1 ELSE 0 END), 0)
		FROM isp_usage WHERE subscriber_id = $3 AND ended_at IS NULL AND disconnected_at IS NULL`,
		planID, now.Add(-staleAfter(interim)), sub.ID).Scan(&limit, &open, &stale); err != nil {
		return 0, 0, fmt.Errorf("isp: open sessions: %w", err)
	}
	if stale > 0 {
		if _, err := tx.Exec(ctx, `UPDATE isp_usage SET ended_at = updated_at, close_reason = 'stale'
			WHERE subscriber_id = $1 AND ended_at IS NULL AND updated_at < $2`, sub.ID, now.Add(-staleAfter(interim))); err != nil {
			return 0, 0, fmt.Errorf("isp: close stale sessions: %w", err)
		}
		open -= stale
	}
	return max(1, limit), open, nil
}

// CloseStaleSessions closes every session unheard of for three interim
// intervals, as ended when it was last heard of; the line's «وضعیت بر خط
// بودن» follows. It returns how many were closed.
func (s *Service) CloseStaleSessions(ctx context.Context, interim time.Duration) (int64, error) {
	if interim <= 0 {
		interim = defaultInterim
	}
	res, err := s.db.Exec(ctx, `UPDATE isp_usage SET ended_at = updated_at, close_reason = 'stale'
		WHERE ended_at IS NULL AND updated_at < $1`, s.now().Add(-staleAfter(interim)))
	if err != nil {
		return 0, fmt.Errorf("isp: close stale sessions: %w", err)
	}
	return res.RowsAffected, nil
}

// SetPlanSessions sets how many sessions of a plan may be open at once
// (staff; 1 to 16).
func (s *Service) SetPlanSessions(ctx context.Context, planID int64, n int) error {
	return s.setPlanSessions(ctx, planID, n, nil)
}

// setPlanSessions is SetPlanSessions with the staff member's audit row
// written in the same transaction (nil: none).
func (s *Service) setPlanSessions(ctx context.Context, planID int64, n int, audit func(tx *db.Tx) error) error {
	if n < 1 || n > 16 {
		return ErrPlanSessions
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, "UPDATE isp_plans SET sessions = $1 WHERE id = $2", int64(n), planID)
		if err != nil {
			return err
		}
		if res.RowsAffected == 0 {
			return ErrNoPlan
		}
		if audit == nil {
			return nil
		}
		return audit(tx)
	})
}

// PlanSessions reads a plan's simultaneous-use limit.
func (s *Service) PlanSessions(ctx context.Context, planID int64) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, "SELECT sessions FROM isp_plans WHERE id = $1", planID).Scan(&n)
	return n, err
}

// framedRoute is the Framed-Route (RFC 2865 §5.22: "network gateway
// metric"; gateway 0.0.0.0 means the session's own address) of a line's
// routed network, "" when it has none or it is not a prefix.
func framedRoute(route string) string {
	route = strings.TrimSpace(route)
	if route == "" {
		return ""
	}
	p, err := netip.ParsePrefix(route)
	if err != nil {
		ip, err := netip.ParseAddr(route)
		if err != nil {
			return ""
		}
		p = netip.PrefixFrom(ip, ip.BitLen())
	}
	if !p.Addr().Is4() {
		return ""
	}
	return p.Masked().String() + " 0.0.0.0 1"
}

// ErrPlanSessions: the simultaneous-use limit is out of range.
var ErrPlanSessions = fa.Refusal("isp", "plan_sessions", msgPlanSessions)

// AllPlanSessions reads every plan's simultaneous-use limit.
func (s *Service) AllPlanSessions(ctx context.Context) (map[int64]int, error) {
	out := map[int64]int{}
	rows, err := s.db.Query(ctx, "SELECT id, sessions FROM isp_plans")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}
