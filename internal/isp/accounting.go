package isp

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// Access is the answer to an Access-Request.
type Access struct {
	OK        bool
	Reason    string // when refused
	SpeedKbps int
	// SessionTimeout bounds the session by the service's end (seconds).
	SessionTimeout int64
	// FramedIP is the paid static IP while it runs; FramedRoute the
	// line's routed network ("203.0.113.0/29 0.0.0.0 1").
	FramedIP    string
	FramedRoute string
}

// Authorize decides an Access-Request once the password has been checked
// by check (PAP compares it, CHAP hashes it with the challenge): a
// running service, a line not suspended, traffic left (or a free charge,
// which carries traffic of its own), and fewer open sessions than the
// plan allows.
func (s *Service) Authorize(ctx context.Context, username string, check func(password string) bool) (Access, error) {
	return s.authorize(ctx, username, check, defaultInterim)
}

func (s *Service) authorize(ctx context.Context, username string, check func(password string) bool, interim time.Duration) (Access, error) {
	var out Access
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		out = Access{}
		sub, err := loadSubscriber(ctx, tx, "s.username = $1", strings.ToLower(username), true)
		if errors.Is(err, ErrNotSubscriber) {
			out.Reason = RejectPassword
			return nil
		}
		if err != nil {
			return err
		}
		var sealed []byte
		if err := tx.QueryRow(ctx, "SELECT password_enc FROM isp_subscribers WHERE id = $1", sub.ID).Scan(&sealed); err != nil {
			return err
		}
		pw, err := s.decrypt(sealed)
		if err != nil {
			return err
		}
		if !check(pw) {
			out.Reason = RejectPassword
			return nil
		}
		now := s.now()
		if err := s.promote(ctx, tx, sub, now); err != nil {
			return err
		}
		switch {
		case sub.Suspended(now):
			out.Reason = RejectSuspended
		case sub.LineStatus == LineCollection, sub.Expired(now):
			out.Reason = RejectExpired
		case sub.OutOfTraffic(now):
			out.Reason = RejectNoTraffic
		default:
			limit, open, err := openSessions(ctx, tx, sub, now, interim)
			if err != nil {
				return err
			}
			if open >= limit {
				out.Reason = fmt.Sprintf(RejectSessions, fa.Digits(strconv.Itoa(limit)))
				return nil
			}
			out.OK = true
			out.SpeedKbps = sub.Plan.SpeedKbps
			out.SessionTimeout = int64(sub.EndsAt.Sub(now) / time.Second)
			if sub.StaticIP != "" && sub.IPEndsAt.After(now) {
				out.FramedIP = sub.StaticIP
			}
			out.FramedRoute = framedRoute(sub.RouteIP)
		}
		return nil
	})
	return out, err
}

// CheckPAP compares a PAP password in constant time.
func CheckPAP(given string) func(string) bool {
	return func(pw string) bool { return subtle.ConstantTimeCompare([]byte(pw), []byte(given)) == 1 }
}

// Accounting status types (RFC 2866).
const (
	AcctStart   = 1
	AcctStop    = 2
	AcctInterim = 3
)

// Accounting is one Accounting-Request, its counters already widened
// with the Gigawords.
type Accounting struct {
	Username  string
	NAS       string // NAS-Identifier or NAS-IP-Address
	SessionID string // Acct-Session-Id, unique per NAS
	Status    int
	// Input is what the subscriber sent (Acct-Input-Octets, their
	// upload); Output what they received (their download).
	Input, Output int64
	IP            string
	// NASIP is the address the packet came from: Disconnect and CoA
	// requests for the session go there.
	NASIP string
}

// Account records an accounting packet in one transaction: the session
// row is created on first sight, its counters only ever move forward,
// and the download added since the last packet is deducted from timed
// traffic first, then ordinary traffic. A repeated packet (the NAS
// retries until answered) adds nothing, and nothing is counted after a
// Stop. It returns the bytes deducted.
func (s *Service) Account(ctx context.Context, a Accounting) (int64, error) {
	res, err := s.account(ctx, a)
	return res.deducted, err
}

// accountResult is what the RADIUS server needs after a packet: whose
// line it was and whether its traffic has just run out.
type accountResult struct {
	subscriberID int64
	deducted     int64
	exhausted    bool
}

func (s *Service) account(ctx context.Context, a Accounting) (accountResult, error) {
	if a.SessionID == "" || a.Username == "" || len(a.SessionID) > 253 {
		return accountResult{}, errors.New("isp: accounting without session or user")
	}
	if a.Input < 0 || a.Output < 0 {
		return accountResult{}, errors.New("isp: negative counters")
	}
	var res accountResult
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		res = accountResult{}
		var deducted int64
		now := s.now()
		sub, err := loadSubscriber(ctx, tx, "s.username = $1", strings.ToLower(a.Username), true)
		if err != nil {
			return err
		}
		res.subscriberID = sub.ID
		rate := ""
		if sub.Plan != nil {
			rate = rateLimit(sub.Plan.SpeedKbps)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO isp_usage (subscriber_id, nas, session_id, started_at, updated_at, ip, nas_ip, username, rate_limit)
			VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8) ON CONFLICT (nas, session_id) DO NOTHING`,
			sub.ID, a.NAS, a.SessionID, now, fa.Clip(a.IP, 45), fa.Clip(a.NASIP, 45), fa.Clip(a.Username, 64), rate); err != nil {
			return fmt.Errorf("isp: open session: %w", err)
		}
		var id, down, up, sessSub int64
		var ended *time.Time
		if err := tx.QueryRow(ctx, "SELECT id, subscriber_id, download, upload, ended_at FROM isp_usage WHERE nas = $1 AND session_id = $2"+db.ForUpdate(tx),
			a.NAS, a.SessionID).Scan(&id, &sessSub, &down, &up, &ended); err != nil {
			return fmt.Errorf("isp: read session: %w", err)
		}
		if ended != nil || sessSub != sub.ID {
			return nil // after Stop (a repeat), or another user's session ID: nothing counts
		}
		dDown, dUp := max(0, a.Output-down), max(0, a.Input-up)
		var overage int64
		if !sub.Unlimited() && dDown > 0 {
			fromTimed := min(dDown, sub.TimedActive(now))
			fromTraffic := min(dDown-fromTimed, sub.TrafficLeft)
			deducted = fromTimed + fromTraffic
			if deducted > 0 {
				upd, err := tx.Exec(ctx, `UPDATE isp_subscribers SET timed_left = timed_left - $1, traffic_left = traffic_left - $2
					WHERE id = $3 AND timed_left >= $1 AND traffic_left >= $2`, fromTimed, fromTraffic, sub.ID)
				if err != nil {
					return fmt.Errorf("isp: deduct traffic: %w", err)
				}
				if upd.RowsAffected == 0 {
					return errors.New("isp: traffic changed under a locked row")
				}
			}
			// What went past the line's traffic before the NAS cut it is
			// recorded, not forgiven.
			overage = dDown - deducted
			res.exhausted = sub.TrafficLeft-fromTraffic+sub.TimedActive(now)-fromTimed <= 0
		}
		var endedAt *time.Time
		if a.Status == AcctStop {
			endedAt = &now
		}
		_, err = tx.Exec(ctx, `UPDATE isp_usage SET download = download + $1, upload = upload + $2, deducted = deducted + $3,
			updated_at = $4, ended_at = $5, ip = CASE WHEN $6 = '' THEN ip ELSE $6 END, overage = overage + $7,
			nas_ip = CASE WHEN $8 = '' THEN nas_ip ELSE $8 END WHERE id = $9`,
			dDown, dUp, deducted, now, endedAt, fa.Clip(a.IP, 45), overage, fa.Clip(a.NASIP, 45), id)
		res.deducted = deducted
		return err
	})
	return res, err
}

// Online says the line has a session heard from recently.
func (s *Service) Online(ctx context.Context, subscriberID int64) (bool, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM isp_usage WHERE subscriber_id = $1 AND started_at >= $2 AND ended_at IS NULL AND disconnected_at IS NULL AND updated_at >= $3`,
		subscriberID, s.now().AddDate(0, 0, -30), s.now().Add(-s.opts.OnlineWindow)).Scan(&n)
	return n > 0, err
}

// UsageFilter selects a subscriber's sessions over [From, To).
type UsageFilter struct {
	SubscriberID int64
	From, To     time.Time
	Search       string // part of the IP
	Offset       int
	Limit        int
}

// UsageTotals are the guide's sums under the table.
type UsageTotals struct {
	Count    int
	Upload   int64 // «جمع کل ارسالی»
	Download int64 // «جمع کل دریافتی»
	Deducted int64 // «جمع ترافیک کم شده از اعتبار شما»
}

// Total is «جمع کل ترافیک مصرف شده».
func (t UsageTotals) Total() int64 { return t.Upload + t.Download }

func (f UsageFilter) where() (string, []any) {
	cond := "subscriber_id = $1 AND started_at >= $2 AND started_at < $3"
	args := []any{f.SubscriberID, f.From, f.To}
	if q := strings.TrimSpace(f.Search); q != "" {
		cond += " AND ip LIKE $4"
		args = append(args, "%"+strings.NewReplacer("%", "", "_", "").Replace(fa.Clip(q, 45))+"%")
	}
	return cond, args
}

// Usage lists a page of sessions, oldest first, with the totals of the
// whole range. Both queries walk the (subscriber_id, started_at) index.
func (s *Service) Usage(ctx context.Context, f UsageFilter) ([]Session, UsageTotals, error) {
	t, err := s.UsageTotals(ctx, f)
	if err != nil {
		return nil, t, err
	}
	rows, err := s.UsageRows(ctx, f)
	return rows, t, err
}

// UsageTotals sums the range.
func (s *Service) UsageTotals(ctx context.Context, f UsageFilter) (UsageTotals, error) {
	cond, args := f.where()
	var t UsageTotals
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*), COALESCE(SUM(upload), 0), COALESCE(SUM(download), 0), COALESCE(SUM(deducted), 0) FROM isp_usage WHERE "+cond,
		args...).Scan(&t.Count, &t.Upload, &t.Download, &t.Deducted); err != nil {
		return t, fmt.Errorf("isp: usage totals: %w", err)
	}
	return t, nil
}

// UsageQuery is the SQL of one page of the range (for EXPLAIN checks).
func (f UsageFilter) UsageQuery() (string, []any) {
	cond, args := f.where()
	limit := f.Limit
	if limit <= 0 || limit > 100 {
		limit = 10
	}
	return fmt.Sprintf("SELECT id, started_at, ended_at, download, upload, deducted, ip FROM isp_usage WHERE %s ORDER BY started_at, id LIMIT %d OFFSET %d",
		cond, limit, max(0, f.Offset)), args
}

// UsageRows reads one page of the range, oldest first.
func (s *Service) UsageRows(ctx context.Context, f UsageFilter) ([]Session, error) {
	q, args := f.UsageQuery()
	return db.All(ctx, s.db, func(r db.Scanner) (Session, error) {
		var x Session
		var ended *time.Time
		err := r.Scan(&x.ID, &x.StartedAt, &ended, &x.Download, &x.Upload, &x.Deducted, &x.IP)
		x.EndedAt = t0(ended)
		return x, err
	}, q, args...)
}
