package isp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"layeh.com/radius"
)

// RadiusClient is one NAS allowed to speak RADIUS, by address or prefix,
// with its own shared secret.
type RadiusClient struct {
	Prefix netip.Prefix
	Secret []byte
}

// ParseRadiusClients reads PISHKHAN_RADIUS_CLIENTS:
// "10.0.0.1=secret1,127.0.0.2/32=secret2".
func ParseRadiusClients(s string) ([]RadiusClient, error) {
	var out []RadiusClient
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		addr, secret, ok := strings.Cut(part, "=")
		addr = strings.TrimSpace(addr)
		if !ok || addr == "" || secret == "" {
			return nil, fmt.Errorf("%q is not ip=secret", part)
		}
		var p netip.Prefix
		var err error
		if strings.Contains(addr, "/") {
			p, err = netip.ParsePrefix(addr)
		} else {
			var ip netip.Addr
			ip, err = netip.ParseAddr(addr)
			p = netip.PrefixFrom(ip, ip.BitLen())
		}
		if err != nil {
			return nil, fmt.Errorf("%q: %v", addr, err)
		}
		out = append(out, RadiusClient{Prefix: p.Masked(), Secret: []byte(secret)})
	}
	return out, nil
}

// Why packets were dropped unanswered.
const (
	DropUnknownClient        = "unknown_client"
	DropNoMessageAuth        = "no_message_authenticator"
	DropBadMessageAuth       = "bad_message_authenticator"
	DropBadAuthenticator     = "bad_authenticator"
	DropMalformed            = "malformed"
	DropWrongCode            = "wrong_code"
	DropUnanswered           = "unanswered" // the handler gave no answer (a database error)
	DropInFlightRetransmit   = "in_flight_retransmission"
	radiusStatsReasonsLength = 8
)

var dropReasons = [radiusStatsReasonsLength]string{DropUnknownClient, DropNoMessageAuth, DropBadMessageAuth, DropBadAuthenticator,
	DropMalformed, DropWrongCode, DropUnanswered, DropInFlightRetransmit}

type radiusStats struct {
	answered, replayed atomic.Int64
	dropped            [radiusStatsReasonsLength]atomic.Int64
}

func (s *radiusStats) drop(reason string) {
	for i, r := range dropReasons {
		if r == reason {
			s.dropped[i].Add(1)
		}
	}
}

// RadiusStats are the server's counters.
type RadiusStats struct {
	Answered int64
	// Replayed: retransmissions answered from the reply cache.
	Replayed int64
	Dropped  map[string]int64
}

// Stats reads the counters.
func (r *RadiusServer) Stats() RadiusStats {
	st := RadiusStats{Answered: r.stats.answered.Load(), Replayed: r.stats.replayed.Load(), Dropped: map[string]int64{}}
	for i, reason := range dropReasons {
		st.Dropped[reason] = r.stats.dropped[i].Load()
	}
	return st
}

// Collector exposes the counters on /metrics.
func (r *RadiusServer) Collector() prometheus.Collector { return radiusCollector{r} }

type radiusCollector struct{ r *RadiusServer }

var (
	radiusAnsweredDesc = prometheus.NewDesc("pishkhan_radius_answered_total", "RADIUS requests answered.", nil, nil)
	radiusReplayedDesc = prometheus.NewDesc("pishkhan_radius_replayed_total", "RADIUS retransmissions answered from the reply cache.", nil, nil)
	radiusDroppedDesc  = prometheus.NewDesc("pishkhan_radius_dropped_total", "RADIUS packets dropped unanswered, by reason.", []string{"reason"}, nil)
)

func (c radiusCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- radiusAnsweredDesc
	ch <- radiusReplayedDesc
	ch <- radiusDroppedDesc
}

func (c radiusCollector) Collect(ch chan<- prometheus.Metric) {
	st := c.r.Stats()
	ch <- prometheus.MustNewConstMetric(radiusAnsweredDesc, prometheus.CounterValue, float64(st.Answered))
	ch <- prometheus.MustNewConstMetric(radiusReplayedDesc, prometheus.CounterValue, float64(st.Replayed))
	for reason, n := range st.Dropped {
		ch <- prometheus.MustNewConstMetric(radiusDroppedDesc, prometheus.CounterValue, float64(n), reason)
	}
}

// handlerFunc answers one authentic, parsed request (nil: no answer).
type handlerFunc func(ctx context.Context, req *radius.Packet, from netip.Addr) *radius.Packet

// The reply cache (RFC 5080 §2.2.2). layeh.com/radius's PacketServer
// marks a request in flight by (source, Identifier) and forgets it only
// after its handler returned, which is after the answer was written: a
// NAS that reuses the Identifier as soon as the answer arrives (radclient
// does, after 256 requests) can land its next request in that window,
// and it is then dropped as a duplicate without an answer. That was the
// one lost Interim-Update in 2,000. Here a request is keyed by source,
// Identifier and Request Authenticator, its answer is stored before it
// is written, and a retransmission of an answered request gets the same
// answer again, so nothing the NAS sends goes unanswered and nothing is
// processed twice.
type replyKey struct {
	from string
	id   byte
	auth [16]byte
}

type replyEntry struct {
	reply []byte // nil while in flight
	at    time.Time
}

type replyCache struct {
	mu      sync.Mutex
	entries map[replyKey]*replyEntry
	swept   time.Time
}

// replyCacheTTL outlives a NAS's retries (typically 3 × 3 s).
const replyCacheTTL = 30 * time.Second

// begin returns the cached answer of a retransmission, or marks the
// request in flight; inFlight says a retransmission arrived before the
// first copy was answered (its answer will serve both).
func (c *replyCache) begin(k replyKey, now time.Time) (cached []byte, inFlight bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if now.Sub(c.swept) > replyCacheTTL {
		for key, e := range c.entries {
			if e.reply != nil && now.Sub(e.at) > replyCacheTTL {
				delete(c.entries, key)
			}
		}
		c.swept = now
	}
	if e, ok := c.entries[k]; ok {
		if e.reply == nil {
			return nil, true
		}
		return e.reply, false
	}
	c.entries[k] = &replyEntry{at: now}
	return nil, false
}

// finish stores the answer (nil forgets the request, so that the NAS's
// retry is processed afresh).
func (c *replyCache) finish(k replyKey, reply []byte, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if reply == nil {
		delete(c.entries, k)
		return
	}
	c.entries[k] = &replyEntry{reply: reply, at: now}
}

// servePackets reads datagrams until conn is closed, each handled in a
// goroutine of its own.
func (r *RadiusServer) servePackets(ctx context.Context, conn net.PacketConn, h handlerFunc) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	buf := make([]byte, radius.MaxPacketLength)
	for {
		n, from, err := conn.ReadFrom(buf)
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				return nil
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			return err
		}
		raw := append([]byte(nil), buf[:n]...)
		ua, ok := from.(*net.UDPAddr)
		if !ok {
			continue
		}
		src := ua.AddrPort().Addr().Unmap()
		wg.Add(1)
		go func() {
			defer wg.Done()
			reply := r.handle(ctx, raw, src, from.String(), h)
			if reply != nil {
				if _, err := conn.WriteTo(reply, from); err != nil {
					r.log.Warn("radius write", "to", from.String(), "err", err)
				}
			}
		}()
	}
}

// handle checks one raw request and returns the encoded answer (nil:
// dropped, counted by reason).
func (r *RadiusServer) handle(ctx context.Context, raw []byte, src netip.Addr, from string, h handlerFunc) []byte {
	secret, ok := r.secretFor(src)
	if !ok {
		r.stats.drop(DropUnknownClient)
		r.log.Warn("radius packet from unlisted address dropped", "from", from)
		return nil
	}
	return r.handleWithSecret(ctx, raw, src, from, secret, h)
}

func (r *RadiusServer) handleWithSecret(ctx context.Context, raw []byte, src netip.Addr, from string, secret []byte, h handlerFunc) []byte {
	if len(raw) < 20 {
		r.stats.drop(DropMalformed)
		return nil
	}
	switch radius.Code(raw[0]) {
	case radius.CodeAccessRequest:
		// BlastRADIUS: without a verified Message-Authenticator an
		// Access-Request's attributes are not protected at all.
		if err := verifyMessageAuthenticator(raw, secret, true); err != nil {
			if errors.Is(err, errNoMessageAuthenticator) {
				r.stats.drop(DropNoMessageAuth)
			} else {
				r.stats.drop(DropBadMessageAuth)
			}
			r.log.Warn("radius Access-Request dropped", "from", from, "err", err)
			return nil
		}
	case radius.CodeAccountingRequest:
		if !radius.IsAuthenticRequest(raw, secret) {
			r.stats.drop(DropBadAuthenticator)
			r.log.Warn("radius Accounting-Request with a wrong authenticator dropped", "from", from)
			return nil
		}
		if err := verifyMessageAuthenticator(raw, secret, false); err != nil {
			r.stats.drop(DropBadMessageAuth)
			return nil
		}
	default:
		r.stats.drop(DropWrongCode)
		return nil
	}
	p, err := radius.Parse(raw, secret)
	if err != nil {
		r.stats.drop(DropMalformed)
		return nil
	}
	key := replyKey{from: from, id: p.Identifier, auth: p.Authenticator}
	now := time.Now()
	cached, inFlight := r.cache.begin(key, now)
	switch {
	case cached != nil:
		r.stats.replayed.Add(1)
		return cached
	case inFlight:
		r.stats.drop(DropInFlightRetransmit)
		return nil
	}
	resp := h(ctx, p, src)
	if resp == nil {
		r.cache.finish(key, nil, now)
		r.stats.drop(DropUnanswered)
		return nil
	}
	reply, err := encodeWithMessageAuthenticator(resp)
	if err != nil {
		r.cache.finish(key, nil, now)
		r.log.Error("radius encode", "err", err)
		r.stats.drop(DropUnanswered)
		return nil
	}
	// Stored before it is written: a retransmission arriving the moment
	// the NAS has the answer finds it here.
	r.cache.finish(key, reply, time.Now())
	r.stats.answered.Add(1)
	return reply
}
