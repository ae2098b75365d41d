package isp

import (
	"testing"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"
	"layeh.com/radius/rfc2869"
)

// FuzzRadiusPacket feeds the packet decoder and every attribute the
// RADIUS server reads (serveAuth, serveAcct) with what any host on the
// network may send: no panic. Seed corpus: testdata/fuzz/FuzzRadiusPacket.
func FuzzRadiusPacket(f *testing.F) {
	secret := []byte("fuzz-secret")
	for _, build := range []func() *radius.Packet{
		func() *radius.Packet {
			p := radius.New(radius.CodeAccessRequest, secret)
			rfc2865.UserName_SetString(p, "user1")
			rfc2865.UserPassword_SetString(p, "secret-password")
			return p
		},
		func() *radius.Packet {
			p := radius.New(radius.CodeAccountingRequest, secret)
			rfc2866.AcctStatusType_Set(p, rfc2866.AcctStatusType_Value_InterimUpdate)
			rfc2866.AcctSessionID_SetString(p, "s1")
			rfc2866.AcctInputOctets_Set(p, 1000)
			rfc2869.AcctInputGigawords_Set(p, 1)
			return p
		},
	} {
		b, err := build().Encode()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := radius.Parse(data, secret)
		if err != nil {
			return
		}
		_ = rfc2865.UserName_GetString(p)
		_ = rfc2865.CHAPPassword_Get(p)
		_ = rfc2865.CHAPChallenge_Get(p)
		_ = rfc2865.UserPassword_GetString(p)
		_ = rfc2866.AcctStatusType_Get(p)
		_ = rfc2865.NASIdentifier_GetString(p)
		_ = rfc2865.NASIPAddress_Get(p)
		_ = rfc2866.AcctSessionID_GetString(p)
		_ = rfc2869.AcctInputGigawords_Get(p)
		_ = rfc2866.AcctInputOctets_Get(p)
		_ = rfc2869.AcctOutputGigawords_Get(p)
		_ = rfc2866.AcctOutputOctets_Get(p)
		_ = rfc2865.FramedIPAddress_Get(p)
		_, _ = p.Encode()
	})
}
