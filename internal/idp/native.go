package idp

import (
	"net"
	"net/url"
	"strings"
)

// Native apps (RFC 8252): a public client may register loopback
// redirects, http://127.0.0.1/… or http://[::1]/…, answered on any port
// the app opens at run time (§7.3), and private-use URI schemes named
// after a domain it owns, com.example.app:/cb (§7.1). PKCE stays
// required of them as of everyone.

// loopbackRedirect parses an http redirect to a loopback IP literal
// ("localhost" is not one: §8.3 advises against it).
func loopbackRedirect(raw string) (*url.URL, bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" || u.Fragment != "" {
		return nil, false
	}
	ip := net.ParseIP(u.Hostname())
	return u, ip != nil && ip.IsLoopback()
}

// privateUseRedirect reports whether raw is a private-use scheme redirect:
// a scheme with a dot (reverse domain name), no host part, no fragment.
func privateUseRedirect(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Fragment != "" || u.Host != "" || u.Opaque != "" && !strings.HasPrefix(u.Opaque, "/") {
		return false
	}
	return strings.Contains(u.Scheme, ".") && u.Scheme != "http" && u.Scheme != "https" && (u.Path != "" || strings.HasPrefix(u.Opaque, "/"))
}

// native reports whether c is a native app: public, with a loopback or
// private-use redirect.
func (c *Client) native() bool {
	if c.SecretHash != "" {
		return false
	}
	for _, r := range c.RedirectURIs {
		if _, ok := loopbackRedirect(r); ok || privateUseRedirect(r) {
			return true
		}
	}
	return false
}

// loopbackMatches: a native app's loopback redirect matches a registered
// one of the same address, path and query on any port.
func (c *Client) loopbackMatches(redirect string) bool {
	if !c.native() {
		return false
	}
	req, ok := loopbackRedirect(redirect)
	if !ok {
		return false
	}
	for _, r := range c.RedirectURIs {
		reg, ok := loopbackRedirect(r)
		if ok && net.ParseIP(reg.Hostname()).Equal(net.ParseIP(req.Hostname())) && reg.Path == req.Path && reg.RawQuery == req.RawQuery {
			return true
		}
	}
	return false
}
