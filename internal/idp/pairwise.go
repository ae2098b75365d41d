package idp

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net"
	"net/url"
)

// Pairwise subjects (OpenID Connect Core 1.0, section 8.1): the `sub` a
// client receives is base64url(HMAC-SHA256(k, sector | national code)),
// where k is derived from the server key and sector is the client's
// sector identifier. Clients of one sector (one host) see one subject
// for a person; clients of two sectors cannot join their users by `sub`.
// The national code itself is released only as a claim of the identity
// scope.

// pairwiseSubject is person's `sub` for clients of sector.
func (s *Service) pairwiseSubject(sector, person string) string {
	m := hmac.New(sha256.New, s.pairwiseKey)
	m.Write([]byte(sector))
	m.Write([]byte{0})
	m.Write([]byte(person))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// SubjectFor is the `sub` client c receives for person (a national code):
// what the provider puts in c's ID tokens, userinfo and logout tokens.
func (s *Service) SubjectFor(c *Client, person string) string {
	return s.pairwiseSubject(c.sectorOrDerived(), person)
}

// sectorOrDerived is the stored sector, or (a client stored before
// pairwise subjects) the one its registration implies.
func (c *Client) sectorOrDerived() string {
	if c.Sector != "" {
		return c.Sector
	}
	return deriveSector(c.ID, c.SectorIdentifierURI, c.RedirectURIs)
}

// deriveSector is a client's sector identifier: the host of its
// registered sector_identifier_uri; else the one host of its redirect
// URIs; else (native apps, whose loopback and private-use redirects name
// no host of theirs, or redirects on several hosts) the client itself, so
// two native apps never share a sector through 127.0.0.1.
func deriveSector(clientID, sectorURI string, redirects []string) string {
	if u, err := url.Parse(sectorURI); sectorURI != "" && err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	host := ""
	for _, raw := range redirects {
		u, err := url.Parse(raw)
		if err != nil || u.Hostname() == "" || isLoopbackHost(u.Hostname()) {
			return "client:" + clientID
		}
		if host != "" && host != u.Hostname() {
			return "client:" + clientID
		}
		host = u.Hostname()
	}
	if host == "" {
		return "client:" + clientID
	}
	return host
}

func isLoopbackHost(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}
