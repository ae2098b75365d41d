package isp

import (
	"crypto/hmac"
	"crypto/md5"
	"errors"

	"layeh.com/radius"
	"layeh.com/radius/rfc2869"
)

// Message-Authenticator (RFC 3579 §3.2, RFC 5176 §3.3) is an HMAC-MD5 of
// the whole packet under the shared secret. BlastRADIUS (CVE-2024-3596)
// forges an Access-Accept by an MD5 chosen-prefix collision on the
// Response Authenticator; an HMAC in the packet defeats it, and it is
// safest first among the attributes, before anything an attacker could
// use as a collision block (draft-ietf-radext-deprecating-radius).

// errNoMessageAuthenticator: an Access-Request without it is dropped.
var errNoMessageAuthenticator = errors.New("isp: Access-Request without Message-Authenticator")

// verifyMessageAuthenticator checks the Message-Authenticator of a raw
// request. The HMAC covers the packet as sent with the attribute's value
// zeroed; for Access-Request the Request Authenticator is part of it,
// for Accounting, Disconnect and CoA requests it is zeroed too (its
// value is itself computed over the Message-Authenticator). required
// makes a missing attribute an error. A packet with two is malformed.
func verifyMessageAuthenticator(raw, secret []byte, required bool) error {
	if len(raw) < 20 {
		return errors.New("isp: short RADIUS packet")
	}
	at := -1
	for i := 20; i+2 <= len(raw); {
		l := int(raw[i+1])
		if l < 2 || i+l > len(raw) {
			return errors.New("isp: malformed RADIUS attribute")
		}
		if raw[i] == byte(rfc2869.MessageAuthenticator_Type) {
			if at >= 0 || l != 18 {
				return errors.New("isp: malformed Message-Authenticator")
			}
			at = i + 2
		}
		i += l
	}
	if at < 0 {
		if required {
			return errNoMessageAuthenticator
		}
		return nil
	}
	b := append([]byte(nil), raw...)
	clear(b[at : at+16])
	switch radius.Code(b[0]) {
	case radius.CodeAccountingRequest, radius.CodeDisconnectRequest, radius.CodeCoARequest, radius.CodeAccountingResponse:
		clear(b[4:20])
	}
	m := hmac.New(md5.New, secret)
	m.Write(b)
	if !hmac.Equal(m.Sum(nil), raw[at:at+16]) {
		return errors.New("isp: wrong Message-Authenticator")
	}
	return nil
}

// verifyResponseAuthenticator checks a response's Message-Authenticator,
// computed with the request's authenticator in place of the response's.
func verifyResponseAuthenticator(resp, reqAuth, secret []byte, required bool) error {
	if len(resp) < 20 {
		return errors.New("isp: short RADIUS packet")
	}
	b := append([]byte(nil), resp...)
	copy(b[4:20], reqAuth)
	// The request-side check zeroes nothing else for response codes.
	if err := verifyMessageAuthenticator(b, secret, required); err != nil {
		return err
	}
	return nil
}

// encodeWithMessageAuthenticator encodes p with a Message-Authenticator
// as its first attribute. For a response, p.Authenticator holds the
// request's authenticator (as radius.Packet.Response leaves it); for an
// Accounting, Disconnect or CoA request it is zeroed before the HMAC and
// then computed by Encode over the finished attributes.
func encodeWithMessageAuthenticator(p *radius.Packet) ([]byte, error) {
	p.Attributes.Del(rfc2869.MessageAuthenticator_Type)
	p.Attributes = append(radius.Attributes{{Type: rfc2869.MessageAuthenticator_Type, Attribute: make(radius.Attribute, 16)}}, p.Attributes...)
	reqAuth := p.Authenticator
	switch p.Code {
	case radius.CodeAccountingRequest, radius.CodeDisconnectRequest, radius.CodeCoARequest:
		p.Authenticator = [16]byte{}
	case radius.CodeAccountingResponse:
		// As FreeRADIUS signs and checks it (rad_sign): over a zeroed
		// authenticator, like the Accounting-Request it answers.
		p.Authenticator = [16]byte{}
		defer func() { p.Authenticator = reqAuth }()
	}
	b, err := p.MarshalBinary()
	if err != nil {
		return nil, err
	}
	if p.Code == radius.CodeAccountingResponse {
		p.Authenticator = reqAuth // Encode hashes the request's authenticator in
	}
	m := hmac.New(md5.New, p.Secret)
	m.Write(b)
	copy(p.Attributes[0].Attribute, m.Sum(nil))
	return p.Encode()
}
