package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ClientIP is the address a request came from. X-Forwarded-For is
// believed only when the direct peer is one of the trusted proxies, and
// then only up to the first address that is not itself a trusted proxy:
// anything further left was written by the client and could be forged —
// which would let an attacker dodge the per-address sign-in lockout.
func (s *Server) ClientIP(r *http.Request) string {
	st := stateOf(r)
	if st.clientIP != "" {
		return st.clientIP
	}
	ip := peerIP(r.RemoteAddr)
	if s.trusted(ip) {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			hops := strings.Split(strings.Join(xff, ","), ",")
			for i := len(hops) - 1; i >= 0; i-- {
				a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
				if err != nil {
					break
				}
				ip = a.Unmap()
				if !s.trusted(ip) {
					break
				}
			}
		}
	}
	st.clientIP = ip.String()
	return st.clientIP
}

func (s *Server) trusted(ip netip.Addr) bool {
	for _, p := range s.opts.TrustedProxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

func peerIP(remote string) netip.Addr {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.IPv4Unspecified()
	}
	return a.Unmap()
}
