package isp

import (
	"context"
	"crypto/md5"
	"crypto/subtle"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net"
	"strconv"
	"sync"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"
	"layeh.com/radius/rfc2869"
)

// RadiusOptions configure Pishkhan's RADIUS server.
type RadiusOptions struct {
	AuthAddr string // UDP address of Access-Request (e.g. ":1812")
	AcctAddr string // UDP address of Accounting-Request (e.g. ":1813")
	// Secret is the shared secret of every NAS not listed in Clients.
	// Empty: only the listed NASes are answered.
	Secret []byte
	// Clients are per-NAS secrets by the NAS's IP address.
	Clients map[string][]byte
	Logger  *slog.Logger
}

// RadiusServer answers network access servers: authentication against
// the internet username and password, and accounting into usage
// sessions.
type RadiusServer struct {
	svc        *Service
	opts       RadiusOptions
	log        *slog.Logger
	auth, acct *radius.PacketServer
	authConn   net.PacketConn
	acctConn   net.PacketConn
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

// NewRadiusServer returns a server; Listen binds it.
func (s *Service) NewRadiusServer(opts RadiusOptions) *RadiusServer {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	r := &RadiusServer{svc: s, opts: opts, log: opts.Logger}
	errLog := log.New(logWriter{r.log}, "", 0)
	r.auth = &radius.PacketServer{SecretSource: r, Handler: radius.HandlerFunc(r.serveAuth), ErrorLog: errLog}
	r.acct = &radius.PacketServer{SecretSource: r, Handler: radius.HandlerFunc(r.serveAcct), ErrorLog: errLog}
	return r
}

type logWriter struct{ l *slog.Logger }

func (w logWriter) Write(p []byte) (int, error) {
	w.l.Warn("radius", "msg", string(p))
	return len(p), nil
}

// RADIUSSecret is the secret of the NAS at remote; an unknown NAS gets
// an error and its packets are dropped.
func (r *RadiusServer) RADIUSSecret(_ context.Context, remote net.Addr) ([]byte, error) {
	host := remote.String()
	if ua, ok := remote.(*net.UDPAddr); ok {
		host = ua.IP.String()
	}
	if sec, ok := r.opts.Clients[host]; ok {
		return sec, nil
	}
	if len(r.opts.Secret) > 0 {
		return r.opts.Secret, nil
	}
	return nil, fmt.Errorf("isp: RADIUS packet from unknown NAS %s", host)
}

// Listen binds both UDP sockets (port 0 picks free ports).
func (r *RadiusServer) Listen() error {
	var err error
	if r.authConn, err = net.ListenPacket("udp", r.opts.AuthAddr); err != nil {
		return fmt.Errorf("isp: RADIUS auth listen %s: %w", r.opts.AuthAddr, err)
	}
	if r.acctConn, err = net.ListenPacket("udp", r.opts.AcctAddr); err != nil {
		r.authConn.Close()
		return fmt.Errorf("isp: RADIUS accounting listen %s: %w", r.opts.AcctAddr, err)
	}
	return nil
}

// AuthAddr and AcctAddr are the bound addresses.
func (r *RadiusServer) AuthAddr() net.Addr { return r.authConn.LocalAddr() }
func (r *RadiusServer) AcctAddr() net.Addr { return r.acctConn.LocalAddr() }

// Serve answers until ctx ends, then shuts both servers down.
func (r *RadiusServer) Serve(ctx context.Context) error {
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for _, p := range []struct {
		srv  *radius.PacketServer
		conn net.PacketConn
	}{{r.auth, r.authConn}, {r.acct, r.acctConn}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := p.srv.Serve(p.conn); err != nil && !errors.Is(err, radius.ErrServerShutdown) {
				errs <- err
			}
		}()
	}
	select {
	case <-ctx.Done():
	case err := <-errs:
		r.auth.Shutdown(context.Background())
		r.acct.Shutdown(context.Background())
		wg.Wait()
		return err
	}
	r.auth.Shutdown(context.Background())
	r.acct.Shutdown(context.Background())
	wg.Wait()
	return nil
}

func (r *RadiusServer) serveAuth(w radius.ResponseWriter, req *radius.Request) {
	if req.Code != radius.CodeAccessRequest {
		return
	}
	user := rfc2865.UserName_GetString(req.Packet)
	var check func(string) bool
	if chap := rfc2865.CHAPPassword_Get(req.Packet); len(chap) == 17 {
		challenge := rfc2865.CHAPChallenge_Get(req.Packet)
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
		check = CheckPAP(rfc2865.UserPassword_GetString(req.Packet))
	}
	a, err := r.svc.Authorize(req.Context(), user, check)
	if err != nil {
		// No answer: the NAS retries, or asks another server.
		r.log.Error("radius authorize", "user", user, "err", err)
		return
	}
	if !a.OK {
		resp := req.Response(radius.CodeAccessReject)
		rfc2865.ReplyMessage_SetString(resp, a.Reason)
		r.log.Info("radius reject", "user", user, "reason", a.Reason)
		w.Write(resp)
		return
	}
	resp := req.Response(radius.CodeAccessAccept)
	if a.SessionTimeout > 0 {
		rfc2865.SessionTimeout_Set(resp, rfc2865.SessionTimeout(min(a.SessionTimeout, 1<<31-1)))
	}
	if a.SpeedKbps > 0 {
		rate := strconv.Itoa(a.SpeedKbps) + "k"
		if attr, err := radius.NewString(rate + "/" + rate); err == nil {
			if vsa, err := vendorAttr(vendorMikrotik, mikrotikRateLimit, attr); err == nil {
				resp.Add(rfc2865.VendorSpecific_Type, vsa)
			}
		}
		bps := radius.NewInteger(uint32(min(int64(a.SpeedKbps)*1000, 1<<32-1)))
		for _, typ := range []byte{wisprBandwidthMaxDown, wisprBandwidthMaxUp} {
			if vsa, err := vendorAttr(vendorWISPr, typ, bps); err == nil {
				resp.Add(rfc2865.VendorSpecific_Type, vsa)
			}
		}
	}
	w.Write(resp)
}

// vendorAttr wraps one vendor attribute (type, length, value) in a
// Vendor-Specific attribute.
func vendorAttr(vendor uint32, typ byte, value radius.Attribute) (radius.Attribute, error) {
	inner := append([]byte{typ, byte(len(value) + 2)}, value...)
	return radius.NewVendorSpecific(vendor, inner)
}

func (r *RadiusServer) serveAcct(w radius.ResponseWriter, req *radius.Request) {
	if req.Code != radius.CodeAccountingRequest {
		return
	}
	p := req.Packet
	status := int(rfc2866.AcctStatusType_Get(p))
	nas := rfc2865.NASIdentifier_GetString(p)
	if nas == "" {
		if ip := rfc2865.NASIPAddress_Get(p); ip != nil {
			nas = ip.String()
		} else if ua, ok := req.RemoteAddr.(*net.UDPAddr); ok {
			nas = ua.IP.String()
		}
	}
	a := Accounting{
		Username:  rfc2865.UserName_GetString(p),
		NAS:       nas,
		SessionID: rfc2866.AcctSessionID_GetString(p),
		Status:    status,
		Input:     int64(rfc2869.AcctInputGigawords_Get(p))<<32 | int64(rfc2866.AcctInputOctets_Get(p)),
		Output:    int64(rfc2869.AcctOutputGigawords_Get(p))<<32 | int64(rfc2866.AcctOutputOctets_Get(p)),
	}
	if ip := rfc2865.FramedIPAddress_Get(p); ip != nil {
		a.IP = ip.String()
	}
	if status == AcctStart || status == AcctStop || status == AcctInterim {
		if _, err := r.svc.Account(req.Context(), a); err != nil {
			if errors.Is(err, ErrNotSubscriber) {
				// Nothing will ever match it: answer so the NAS stops retrying.
				r.log.Warn("radius accounting for unknown user", "user", a.Username, "nas", nas)
			} else {
				r.log.Error("radius accounting", "user", a.Username, "session", a.SessionID, "err", err)
				return // unanswered: the NAS sends it again
			}
		}
	}
	w.Write(req.Response(radius.CodeAccountingResponse))
}
