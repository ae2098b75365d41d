package isp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"
	"layeh.com/radius/rfc3576"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// What Pishkhan tells a NAS (RFC 5176): disconnect a session, or change
// its rate limit (CoA).
const (
	NASDisconnect = "disconnect"
	NASCoA        = "coa"
)

// Why a NAS request was sent.
const (
	ReasonSuspended  = "suspended"  // قطع (documents, staff)
	ReasonCollection = "collection" // در لیست جمع آوری
	ReasonExpired    = "expired"    // the service (or the free charge) ended
	ReasonNoTraffic  = "no_traffic"
	ReasonStaff      = "staff" // «قطع اتصال» on the staff line desk
	ReasonRate       = "rate"  // the plan's speed changed
)

// NASResult is one Disconnect or CoA request and how it was answered.
type NASResult struct {
	ID         int64 // its log row
	UsageID    int64
	NAS        string
	Kind       string
	Reason     string
	RateLimit  string
	Attempts   int
	Result     string // "ack", "nak", "timeout", "error"
	ErrorCause int
	SentAt     time.Time
}

// nasSession is an open session as the NAS knows it.
type nasSession struct {
	id, subscriberID                    int64
	nas, nasIP, sessionID, user, ip, rl string
}

const nasSessionColumns = "id, subscriber_id, nas, nas_ip, session_id, username, ip, rate_limit"

func scanNASSession(r db.Scanner) (nasSession, error) {
	var x nasSession
	err := r.Scan(&x.id, &x.subscriberID, &x.nas, &x.nasIP, &x.sessionID, &x.user, &x.ip, &x.rl)
	return x, err
}

// kickNAS brings the NASes in line with a subscriber's state after a
// change committed (called from tx.AfterCommit), in the background.
func (s *Service) kickNAS(subscriberID int64) {
	if r := s.nas.Load(); r != nil {
		r.kick(subscriberID)
	}
}

func (r *RadiusServer) kick(subscriberID int64) {
	r.bgMu.Lock()
	defer r.bgMu.Unlock()
	if r.stopped {
		return
	}
	r.bg.Add(1)
	ctx := r.ctx
	go func() {
		defer r.bg.Done()
		res, err := r.Enforce(ctx, subscriberID)
		if err != nil {
			r.log.Error("radius enforcement", "subscriber", subscriberID, "err", err)
		}
		if r.opts.OnEnforced != nil {
			r.opts.OnEnforced(subscriberID, res)
		}
	}()
}

// Enforce tells the NASes holding the line's open sessions what its
// state now requires: a Disconnect-Request when it may no longer be
// online (suspended, in the collection list, service or free charge
// ended, traffic used up), else a CoA-Request with the plan's rate
// limit where the NAS was told another one.
func (r *RadiusServer) Enforce(ctx context.Context, subscriberID int64) ([]NASResult, error) {
	// One round per line at a time: two triggers racing would both find
	// the session open and disconnect it twice.
	mu := &r.lineLocks[uint64(subscriberID)%uint64(len(r.lineLocks))]
	mu.Lock()
	defer mu.Unlock()
	s := r.svc
	var reason, rate string
	var open []nasSession
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		sub, err := loadSubscriber(ctx, tx, "s.id = $1", subscriberID, true)
		if err != nil {
			return err
		}
		now := s.now()
		// A reserved service whose turn has come keeps the line online.
		if err := s.promote(ctx, tx, sub, now); err != nil {
			return err
		}
		reason, rate = "", ""
		switch {
		case sub.Suspended(now):
			reason = ReasonSuspended
		case sub.LineStatus == LineCollection:
			reason = ReasonCollection
		case sub.Expired(now):
			reason = ReasonExpired
		case sub.OutOfTraffic(now):
			reason = ReasonNoTraffic
		default:
			rate = rateLimit(sub.Plan.SpeedKbps)
		}
		open, err = db.All(ctx, tx, scanNASSession, "SELECT "+nasSessionColumns+
			" FROM isp_usage WHERE subscriber_id = $1 AND ended_at IS NULL AND disconnected_at IS NULL ORDER BY id", subscriberID)
		return err
	})
	if err != nil {
		return nil, err
	}
	var out []NASResult
	var errs []error
	for _, x := range open {
		var res NASResult
		switch {
		case reason != "":
			res, err = r.send(ctx, x, NASDisconnect, reason, "")
		case rate != "" && rate != x.rl:
			res, err = r.send(ctx, x, NASCoA, ReasonRate, rate)
		default:
			continue
		}
		out = append(out, res)
		errs = append(errs, err)
	}
	return out, errors.Join(errs...)
}

// EnforceAll enforces every line with an open session whose state may
// forbid it: what time alone changes (a service or timed traffic that
// ended) nobody's click announces.
func (r *RadiusServer) EnforceAll(ctx context.Context) (int, error) {
	now := r.svc.now()
	ids, err := db.All(ctx, r.svc.db, func(row db.Scanner) (int64, error) { var id int64; return id, row.Scan(&id) },
		`SELECT DISTINCT u.subscriber_id FROM isp_usage u JOIN isp_subscribers s ON s.id = u.subscriber_id LEFT JOIN isp_plans p ON p.id = s.plan_id
		WHERE u.ended_at IS NULL AND u.disconnected_at IS NULL AND (s.line_status <> $2 OR s.plan_id IS NULL OR s.ends_at IS NULL OR s.ends_at <= $1
			OR (s.docs_deadline IS NOT NULL AND s.docs_deadline <= $1)
			OR (p.traffic_mb > 0 AND s.traffic_left <= 0 AND (s.timed_until IS NULL OR s.timed_until <= $1 OR s.timed_left <= 0)))`, now, LineOperating)
	if err != nil {
		return 0, err
	}
	n := 0
	var errs []error
	for _, id := range ids {
		res, err := r.Enforce(ctx, id)
		n += len(res)
		errs = append(errs, err)
	}
	return n, errors.Join(errs...)
}

// ErrNoSession: the staff asked to disconnect a session that is not open.
var ErrNoSession = errors.New("isp: the session is not open")

// Disconnect sends a Disconnect-Request for one of the line's open
// sessions (the staff's «قطع اتصال»).
func (r *RadiusServer) Disconnect(ctx context.Context, subscriberID, usageID int64) (NASResult, error) {
	x, err := scanNASSession(r.svc.db.QueryRow(ctx, "SELECT "+nasSessionColumns+
		" FROM isp_usage WHERE id = $1 AND subscriber_id = $2 AND ended_at IS NULL AND disconnected_at IS NULL", usageID, subscriberID))
	if errors.Is(err, db.ErrNoRows) {
		return NASResult{}, ErrNoSession
	}
	if err != nil {
		return NASResult{}, err
	}
	return r.send(ctx, x, NASDisconnect, ReasonStaff, "")
}

// send makes one Disconnect or CoA request with retries, logs it with
// its answer and applies the answer to the session: a Disconnect-ACK
// takes the line offline (the session stays open for the NAS's Stop and
// its final counters), a CoA-ACK records the new rate, a Disconnect-NAK
// saying the NAS has no such session closes it.
func (r *RadiusServer) send(ctx context.Context, x nasSession, kind, reason, rate string) (NASResult, error) {
	res := NASResult{UsageID: x.id, NAS: x.nasIP, Kind: kind, Reason: reason, RateLimit: rate, SentAt: r.svc.now()}
	exchErr := r.exchange(ctx, x, &res)
	if exchErr != nil && res.Result == "" {
		res.Result = "error"
	}
	now := r.svc.now()
	err := r.svc.db.InTx(ctx, func(tx *db.Tx) error {
		var answered *time.Time
		if res.Result == "ack" || res.Result == "nak" {
			answered = &now
		}
		if err := tx.QueryRow(ctx, `INSERT INTO isp_nas_requests (subscriber_id, usage_id, nas, kind, reason, rate_limit, attempts, result, error_cause, sent_at, answered_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`, x.subscriberID, x.id, fa.Clip(x.nasIP, 45), kind, reason, rate,
			int64(res.Attempts), res.Result, int64(res.ErrorCause), res.SentAt, answered).Scan(&res.ID); err != nil {
			return fmt.Errorf("isp: log NAS request: %w", err)
		}
		var q string
		var args []any
		switch {
		case res.Result == "ack" && kind == NASDisconnect:
			q, args = "UPDATE isp_usage SET disconnected_at = $1 WHERE id = $2 AND disconnected_at IS NULL", []any{now, x.id}
		case res.Result == "ack" && kind == NASCoA:
			q, args = "UPDATE isp_usage SET rate_limit = $1 WHERE id = $2", []any{rate, x.id}
		case res.Result == "nak" && res.ErrorCause == int(rfc3576.ErrorCause_Value_SessionContextNotFound):
			q, args = "UPDATE isp_usage SET ended_at = $1, close_reason = 'nas_gone' WHERE id = $2 AND ended_at IS NULL", []any{now, x.id}
		default:
			return nil
		}
		_, err := tx.Exec(ctx, q, args...)
		return err
	})
	if err != nil {
		return res, err
	}
	if exchErr != nil {
		r.log.Warn("radius "+kind+" unanswered", "nas", x.nasIP, "session", x.sessionID, "err", exchErr)
	}
	return res, nil
}

// exchange sends the request to the NAS's Disconnect/CoA port, resending
// the same packet until answered or out of attempts.
func (r *RadiusServer) exchange(ctx context.Context, x nasSession, res *NASResult) error {
	ip, err := netip.ParseAddr(x.nasIP)
	if err != nil {
		return fmt.Errorf("isp: session %d has no NAS address", x.id)
	}
	secret, ok := r.secretFor(ip)
	if !ok {
		return fmt.Errorf("isp: no secret for NAS %s", ip)
	}
	code, ack, nak := radius.CodeDisconnectRequest, radius.CodeDisconnectACK, radius.CodeDisconnectNAK
	if res.Kind == NASCoA {
		code, ack, nak = radius.CodeCoARequest, radius.CodeCoAACK, radius.CodeCoANAK
	}
	p := radius.New(code, secret)
	rfc2865.UserName_SetString(p, x.user)
	rfc2866.AcctSessionID_SetString(p, x.sessionID)
	if fip, err := netip.ParseAddr(x.ip); err == nil && fip.Is4() {
		rfc2865.FramedIPAddress_Set(p, net.IP(fip.AsSlice()))
	}
	if ip.Is4() {
		rfc2865.NASIPAddress_Set(p, net.IP(ip.AsSlice()))
	}
	if res.Kind == NASCoA {
		addRate(p, kbpsOf(res.RateLimit))
	}
	wire, err := encodeWithMessageAuthenticator(p)
	if err != nil {
		return err
	}
	conn, err := net.DialUDP("udp", nil, net.UDPAddrFromAddrPort(netip.AddrPortFrom(ip, uint16(r.opts.CoAPort))))
	if err != nil {
		return err
	}
	defer conn.Close()
	buf := make([]byte, radius.MaxPacketLength)
	for res.Attempts < r.opts.CoAAttempts {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		res.Attempts++
		if _, err := conn.Write(wire); err != nil {
			return err
		}
		deadline := time.Now().Add(r.opts.CoATimeout)
		conn.SetReadDeadline(deadline)
		for {
			n, err := conn.Read(buf)
			if err != nil {
				var ne net.Error
				if errors.As(err, &ne) && ne.Timeout() {
					break // resend
				}
				continue // ICMP unreachable and the like: wait out the attempt
			}
			resp := buf[:n]
			if n < 20 || resp[1] != wire[1] || !radius.IsAuthenticResponse(resp, wire, secret) ||
				verifyResponseAuthenticator(resp, wire[4:20], secret, false) != nil {
				continue // not the answer, or forged
			}
			switch radius.Code(resp[0]) {
			case ack:
				res.Result = "ack"
				return nil
			case nak:
				res.Result = "nak"
				if q, err := radius.Parse(resp, secret); err == nil {
					res.ErrorCause = int(rfc3576.ErrorCause_Get(q))
				}
				return nil
			}
		}
	}
	res.Result = "timeout"
	return fmt.Errorf("isp: no answer from %s after %d attempts", ip, res.Attempts)
}

// kbpsOf reads the speed back from a Rate-Limit ("2048k/2048k").
func kbpsOf(rl string) int {
	var n int
	fmt.Sscanf(rl, "%dk", &n)
	return n
}

// NASRequests lists the line's latest Disconnect and CoA requests.
func (s *Service) NASRequests(ctx context.Context, subscriberID int64, limit int) ([]NASResult, error) {
	return db.All(ctx, s.db, func(row db.Scanner) (NASResult, error) {
		var x NASResult
		var attempts, cause int64
		err := row.Scan(&x.ID, &x.UsageID, &x.NAS, &x.Kind, &x.Reason, &x.RateLimit, &attempts, &x.Result, &cause, &x.SentAt)
		x.Attempts, x.ErrorCause = int(attempts), int(cause)
		return x, err
	}, `SELECT id, usage_id, nas, kind, reason, rate_limit, attempts, result, error_cause, sent_at FROM isp_nas_requests
		WHERE subscriber_id = $1 ORDER BY id DESC LIMIT $2`, subscriberID, int64(limit))
}

// OpenSession is an open session on the staff line desk.
type OpenSession struct {
	ID        int64
	NAS       string
	SessionID string
	IP        string
	StartedAt time.Time
	UpdatedAt time.Time
	Download  int64
	Overage   int64
}

// OpenSessions lists the line's open sessions (not yet disconnected).
func (s *Service) OpenSessions(ctx context.Context, subscriberID int64) ([]OpenSession, error) {
	return db.All(ctx, s.db, func(row db.Scanner) (OpenSession, error) {
		var x OpenSession
		return x, row.Scan(&x.ID, &x.NAS, &x.SessionID, &x.IP, &x.StartedAt, &x.UpdatedAt, &x.Download, &x.Overage)
	}, `SELECT id, nas, session_id, ip, started_at, updated_at, download, overage FROM isp_usage
		WHERE subscriber_id = $1 AND ended_at IS NULL AND disconnected_at IS NULL ORDER BY id`, subscriberID)
}
