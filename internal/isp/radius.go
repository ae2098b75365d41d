package isp

import (
	"context"
	"crypto/md5"
	"crypto/subtle"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"
	"layeh.com/radius/rfc2869"
)

// RadiusOptions configure Pishkhan's RADIUS server.
type RadiusOptions struct {
	AuthAddr string // UDP address of Access-Request (e.g. ":1812")
	AcctAddr string // UDP address of Accounting-Request (e.g. ":1813")
	// Secret is the shared secret of every NAS not listed in Clients:
	// for the demo only (the app refuses it outside the demo), since any
	// address may then speak for a NAS.
	Secret []byte
	// Clients are the NASes, each with its own secret, by address or
	// prefix; packets from anyone else are dropped.
	Clients []RadiusClient
	// InterimInterval is sent as Acct-Interim-Interval; a session with
	// no accounting for three intervals is closed as stale (default 5
	// minutes).
	InterimInterval time.Duration
	// CoAPort is the NASes' Disconnect/CoA port (RFC 5176: 3799).
	CoAPort int
	// CoATimeout is how long one Disconnect/CoA attempt waits, and
	// CoAAttempts how many are made (defaults 2 s and 3).
	CoATimeout  time.Duration
	CoAAttempts int
	// RadSec (RFC 6614): RADIUS over TLS, when RadSecAddr is set (TCP,
	// 2083 by default in the app). TLS must require and verify client
	// certificates: each NAS has its own.
	RadSecAddr string
	RadSecTLS  *tls.Config
	// OnEnforced is called after each enforcement round a trigger
	// started in the background (tests wait on it).
	OnEnforced func(subscriberID int64, results []NASResult)
	Logger     *slog.Logger
}

// RadiusServer answers network access servers: authentication against
// the internet username and password, and accounting into usage
// sessions; it tells them to disconnect or re-rate sessions (RFC 5176).
type RadiusServer struct {
	svc      *Service
	opts     RadiusOptions
	log      *slog.Logger
	authConn net.PacketConn
	acctConn net.PacketConn
	tlsLn    net.Listener
	stats    radiusStats
	cache    replyCache
	// bg holds background enforcement started by triggers; stopped
	// (under bgMu) refuses new ones once Serve is ending.
	bg      sync.WaitGroup
	bgMu    sync.Mutex
	stopped bool
	ctx     context.Context
	// lineLocks serialise enforcement rounds of a line (striped by id).
	lineLocks [64]sync.Mutex
}

// Vendor-specific attributes for the plan's speed: MikroTik's
// Rate-Limit ("2048k/2048k") and WISPr's Bandwidth-Max-Down/Up (bit/s),
// the two most NASes in Iranian ISPs understand.
const (
	vendorMikrotik        = 14988
	mikrotikRateLimit     = 8
	vendorWISPr           = 14122
	wisprBandwidthMaxUp   = 7
	wisprBandwidthMaxDown = 8
)

// NewRadiusServer returns a server; Listen binds it. The service's
// triggers (a line suspended, a plan changed) reach the NASes through
// the last server made.
func (s *Service) NewRadiusServer(opts RadiusOptions) *RadiusServer {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.InterimInterval <= 0 {
		opts.InterimInterval = 5 * time.Minute
	}
	if opts.CoAPort == 0 {
		opts.CoAPort = 3799
	}
	if opts.CoATimeout <= 0 {
		opts.CoATimeout = 2 * time.Second
	}
	if opts.CoAAttempts <= 0 {
		opts.CoAAttempts = 3
	}
	r := &RadiusServer{svc: s, opts: opts, log: opts.Logger, ctx: context.Background()}
	r.cache.entries = map[replyKey]*replyEntry{}
	s.nas.Store(r)
	return r
}

// secretFor is the secret of the NAS at ip: the longest listed prefix
// holding it, else the demo's shared secret; ok is false for an
// unlisted address when there is none.
func (r *RadiusServer) secretFor(ip netip.Addr) ([]byte, bool) {
	ip = ip.Unmap()
	best := -1
	var sec []byte
	for _, c := range r.opts.Clients {
		if c.Prefix.Contains(ip) && c.Prefix.Bits() > best {
			best, sec = c.Prefix.Bits(), c.Secret
		}
	}
	if best >= 0 {
		return sec, true
	}
	if len(r.opts.Secret) > 0 {
		return r.opts.Secret, true
	}
	return nil, false
}

// Listen binds both UDP sockets (port 0 picks free ports), and RadSec's
// TCP socket when configured.
func (r *RadiusServer) Listen() error {
	var err error
	if r.authConn, err = net.ListenPacket("udp", r.opts.AuthAddr); err != nil {
		return fmt.Errorf("isp: RADIUS auth listen %s: %w", r.opts.AuthAddr, err)
	}
	if r.acctConn, err = net.ListenPacket("udp", r.opts.AcctAddr); err != nil {
		r.authConn.Close()
		return fmt.Errorf("isp: RADIUS accounting listen %s: %w", r.opts.AcctAddr, err)
	}
	if r.opts.RadSecAddr != "" {
		if r.tlsLn, err = r.listenRadSec(); err != nil {
			r.authConn.Close()
			r.acctConn.Close()
			return err
		}
	}
	return nil
}

// AuthAddr and AcctAddr are the bound addresses.
func (r *RadiusServer) AuthAddr() net.Addr { return r.authConn.LocalAddr() }
func (r *RadiusServer) AcctAddr() net.Addr { return r.acctConn.LocalAddr() }

// RadSecAddr is RadSec's bound address (nil without RadSec).
func (r *RadiusServer) RadSecAddr() net.Addr {
	if r.tlsLn == nil {
		return nil
	}
	return r.tlsLn.Addr()
}

// Serve answers until ctx ends. Every interim interval it closes stale
// sessions and disconnects those whose line may no longer be online
// (a service that expired while nobody clicked anything).
func (r *RadiusServer) Serve(ctx context.Context) error {
	r.bgMu.Lock()
	r.ctx = ctx
	r.bgMu.Unlock()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	run := func(f func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f(); err != nil && ctx.Err() == nil {
				errs <- err
			}
		}()
	}
	run(func() error { return r.servePackets(ctx, r.authConn, r.serveAuth) })
	run(func() error { return r.servePackets(ctx, r.acctConn, r.serveAcct) })
	if r.tlsLn != nil {
		run(func() error { return r.serveRadSec(ctx, r.tlsLn) })
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(r.opts.InterimInterval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if _, err := r.svc.CloseStaleSessions(ctx, r.opts.InterimInterval); err != nil {
					r.log.Error("radius stale sessions", "err", err)
				}
				if _, err := r.EnforceAll(ctx); err != nil {
					r.log.Error("radius enforcement", "err", err)
				}
			}
		}
	}()
	var err error
	select {
	case <-ctx.Done():
	case err = <-errs:
	}
	cancel()
	r.authConn.Close()
	r.acctConn.Close()
	if r.tlsLn != nil {
		r.tlsLn.Close()
	}
	wg.Wait()
	r.bgMu.Lock()
	r.stopped = true
	r.bgMu.Unlock()
	r.bg.Wait()
	return err
}

// Access-Request answers are built here; the packet loop adds the
// Message-Authenticator and the authenticators.
func (r *RadiusServer) serveAuth(ctx context.Context, req *radius.Packet, _ netip.Addr) *radius.Packet {
	if req.Code != radius.CodeAccessRequest {
		return nil
	}
	user := rfc2865.UserName_GetString(req)
	var check func(string) bool
	if chap := rfc2865.CHAPPassword_Get(req); len(chap) == 17 {
		challenge := rfc2865.CHAPChallenge_Get(req)
		if len(challenge) == 0 {
			challenge = req.Authenticator[:]
		}
		check = func(pw string) bool {
			h := md5.New()
			h.Write(chap[:1])
			h.Write([]byte(pw))
			h.Write(challenge)
			return subtle.ConstantTimeCompare(h.Sum(nil), chap[1:]) == 1
		}
	} else {
		check = CheckPAP(rfc2865.UserPassword_GetString(req))
	}
	a, err := r.svc.authorize(ctx, user, check, r.opts.InterimInterval)
	if err != nil {
		// No answer: the NAS retries, or asks another server.
		r.log.Error("radius authorize", "user", user, "err", err)
		return nil
	}
	if !a.OK {
		resp := req.Response(radius.CodeAccessReject)
		rfc2865.ReplyMessage_SetString(resp, a.Reason)
		r.log.Info("radius reject", "user", user, "reason", a.Reason)
		return resp
	}
	resp := req.Response(radius.CodeAccessAccept)
	if a.SessionTimeout > 0 {
		rfc2865.SessionTimeout_Set(resp, rfc2865.SessionTimeout(min(a.SessionTimeout, 1<<31-1)))
	}
	rfc2869.AcctInterimInterval_Set(resp, rfc2869.AcctInterimInterval(r.opts.InterimInterval/time.Second))
	if ip, err := netip.ParseAddr(a.FramedIP); err == nil && ip.Is4() {
		rfc2865.FramedIPAddress_Set(resp, net.IP(ip.AsSlice()))
	}
	if a.FramedRoute != "" {
		rfc2865.FramedRoute_SetString(resp, a.FramedRoute)
	}
	addRate(resp, a.SpeedKbps)
	return resp
}

// rateLimit is MikroTik's Rate-Limit for a speed ("" for none).
func rateLimit(kbps int) string {
	if kbps <= 0 {
		return ""
	}
	rate := strconv.Itoa(kbps) + "k"
	return rate + "/" + rate
}

// addRate adds the speed's vendor attributes.
func addRate(p *radius.Packet, kbps int) {
	if kbps <= 0 {
		return
	}
	if attr, err := radius.NewString(rateLimit(kbps)); err == nil {
		if vsa, err := vendorAttr(vendorMikrotik, mikrotikRateLimit, attr); err == nil {
			p.Add(rfc2865.VendorSpecific_Type, vsa)
		}
	}
	bps := radius.NewInteger(uint32(min(int64(kbps)*1000, 1<<32-1)))
	for _, typ := range []byte{wisprBandwidthMaxDown, wisprBandwidthMaxUp} {
		if vsa, err := vendorAttr(vendorWISPr, typ, bps); err == nil {
			p.Add(rfc2865.VendorSpecific_Type, vsa)
		}
	}
}

// vendorAttr wraps one vendor attribute (type, length, value) in a
// Vendor-Specific attribute.
func vendorAttr(vendor uint32, typ byte, value radius.Attribute) (radius.Attribute, error) {
	inner := append([]byte{typ, byte(len(value) + 2)}, value...)
	return radius.NewVendorSpecific(vendor, inner)
}

func (r *RadiusServer) serveAcct(ctx context.Context, p *radius.Packet, from netip.Addr) *radius.Packet {
	if p.Code != radius.CodeAccountingRequest {
		return nil
	}
	status := int(rfc2866.AcctStatusType_Get(p))
	nas := rfc2865.NASIdentifier_GetString(p)
	if nas == "" {
		if ip := rfc2865.NASIPAddress_Get(p); ip != nil {
			nas = ip.String()
		} else {
			nas = from.String()
		}
	}
	a := Accounting{
		Username:  rfc2865.UserName_GetString(p),
		NAS:       nas,
		NASIP:     from.Unmap().String(),
		SessionID: rfc2866.AcctSessionID_GetString(p),
		Status:    status,
		Input:     int64(rfc2869.AcctInputGigawords_Get(p))<<32 | int64(rfc2866.AcctInputOctets_Get(p)),
		Output:    int64(rfc2869.AcctOutputGigawords_Get(p))<<32 | int64(rfc2866.AcctOutputOctets_Get(p)),
	}
	if ip := rfc2865.FramedIPAddress_Get(p); ip != nil {
		a.IP = ip.String()
	}
	if status == AcctStart || status == AcctStop || status == AcctInterim {
		res, err := r.svc.account(ctx, a)
		switch {
		case errors.Is(err, ErrNotSubscriber):
			// Nothing will ever match it: answer so the NAS stops retrying.
			r.log.Warn("radius accounting for unknown user", "user", a.Username, "nas", nas)
		case err != nil:
			r.log.Error("radius accounting", "user", a.Username, "session", a.SessionID, "err", err)
			return nil // unanswered: the NAS sends it again
		case res.exhausted && status != AcctStop:
			// The traffic ran out with this update: the NAS must cut the
			// line now, not at the next Access-Request.
			r.kick(res.subscriberID)
		}
	}
	return p.Response(radius.CodeAccountingResponse)
}
