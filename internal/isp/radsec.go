package isp

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"sync"
	"time"

	"layeh.com/radius"
)

// RadSec (RFC 6614) carries RADIUS over TLS on TCP (port 2083): the NAS
// proves who it is with its own client certificate, and the packets are
// protected by TLS rather than by MD5. The RADIUS shared secret is then
// the fixed "radsec" (RFC 6614 §2.3); the Message-Authenticator rule
// stays, since the same handlers answer.
var radsecSecret = []byte("radsec")

// listenRadSec binds RadSec's TCP socket. The TLS configuration must
// require and verify client certificates: without one anybody reaching
// the port would be a NAS.
func (r *RadiusServer) listenRadSec() (net.Listener, error) {
	cfg := r.opts.RadSecTLS
	if cfg == nil || cfg.ClientAuth != tls.RequireAndVerifyClientCert || cfg.ClientCAs == nil {
		return nil, errors.New("isp: RadSec needs a TLS configuration that requires and verifies NAS client certificates")
	}
	cfg = cfg.Clone()
	if cfg.MinVersion < tls.VersionTLS12 {
		cfg.MinVersion = tls.VersionTLS12 // RFC 6614 §2.3
	}
	ln, err := tls.Listen("tcp", r.opts.RadSecAddr, cfg)
	if err != nil {
		return nil, fmt.Errorf("isp: RadSec listen %s: %w", r.opts.RadSecAddr, err)
	}
	return ln, nil
}

// serveRadSec accepts NAS connections until ln is closed.
func (r *RadiusServer) serveRadSec(ctx context.Context, ln net.Listener) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	var mu sync.Mutex
	conns := map[net.Conn]struct{}{}
	go func() {
		<-ctx.Done()
		mu.Lock()
		for c := range conns {
			c.Close()
		}
		mu.Unlock()
	}()
	for {
		c, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				return nil
			}
			return err
		}
		mu.Lock()
		conns[c] = struct{}{}
		mu.Unlock()
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.serveRadSecConn(ctx, c.(*tls.Conn))
			mu.Lock()
			delete(conns, c)
			mu.Unlock()
			c.Close()
		}()
	}
}

// serveRadSecConn reads packets, framed by their own Length field, and
// answers each on the same connection as soon as it is ready.
func (r *RadiusServer) serveRadSecConn(ctx context.Context, c *tls.Conn) {
	c.SetDeadline(time.Now().Add(30 * time.Second))
	if err := c.HandshakeContext(ctx); err != nil {
		r.stats.drop(DropUnknownClient)
		r.log.Warn("radsec handshake", "from", c.RemoteAddr().String(), "err", err)
		return
	}
	c.SetDeadline(time.Time{})
	nas := c.ConnectionState().PeerCertificates[0].Subject.CommonName
	src := netip.Addr{}
	if ta, ok := c.RemoteAddr().(*net.TCPAddr); ok {
		src = ta.AddrPort().Addr().Unmap()
	}
	from := "radsec:" + nas + "@" + c.RemoteAddr().String()
	var wmu sync.Mutex
	var wg sync.WaitGroup
	defer wg.Wait()
	br := bufio.NewReader(c)
	for {
		var hdr [4]byte
		if _, err := io.ReadFull(br, hdr[:]); err != nil {
			return
		}
		n := int(binary.BigEndian.Uint16(hdr[2:4]))
		if n < 20 || n > radius.MaxPacketLength {
			r.stats.drop(DropMalformed)
			return // the stream is out of step: close it (RFC 6614 §2.5)
		}
		raw := make([]byte, n)
		copy(raw, hdr[:])
		if _, err := io.ReadFull(br, raw[4:]); err != nil {
			return
		}
		h := r.serveAuth
		if radius.Code(raw[0]) == radius.CodeAccountingRequest {
			h = r.serveAcct
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if reply := r.handleWithSecret(ctx, raw, src, from, radsecSecret, h); reply != nil {
				wmu.Lock()
				c.Write(reply)
				wmu.Unlock()
			}
		}()
	}
}
