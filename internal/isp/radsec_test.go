package isp

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"io"
	"math/big"
	"net"
	"testing"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
)

// testCA makes a CA and issues certificates from it.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func newTestCA(t *testing.T, name string) *testCA {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name}, NotBefore: time.Now().Add(-time.Hour),
		NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &testCA{cert: cert, key: key}
}

func (ca *testCA) issue(t *testing.T, cn string, usage x509.ExtKeyUsage) tls.Certificate {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn}, NotBefore: time.Now().Add(-time.Hour),
		NotAfter: time.Now().Add(time.Hour), ExtKeyUsage: []x509.ExtKeyUsage{usage}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// radsecExchange sends one Access-Request over TLS and returns the
// answer (nil when the connection failed or nothing came).
func radsecExchange(t *testing.T, addr string, roots *x509.CertPool, client *tls.Certificate, user string) *radius.Packet {
	t.Helper()
	cfg := &tls.Config{RootCAs: roots, ServerName: "127.0.0.1"}
	if client != nil {
		cfg.Certificates = []tls.Certificate{*client}
	}
	c, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", addr, cfg)
	if err != nil {
		return nil
	}
	defer c.Close()
	p := radius.New(radius.CodeAccessRequest, []byte("radsec"))
	rfc2865.UserName_SetString(p, user)
	rfc2865.UserPassword_SetString(p, "modem-pass1")
	wire, err := encodeWithMessageAuthenticator(p)
	if err != nil {
		t.Fatal(err)
	}
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Write(wire); err != nil {
		return nil // TLS 1.3 reports a refused client certificate here or on read
	}
	var hdr [4]byte
	if _, err := io.ReadFull(c, hdr[:]); err != nil {
		return nil
	}
	resp := make([]byte, binary.BigEndian.Uint16(hdr[2:4]))
	copy(resp, hdr[:])
	if _, err := io.ReadFull(c, resp[4:]); err != nil {
		return nil
	}
	if !radius.IsAuthenticResponse(resp, wire, []byte("radsec")) || verifyResponseAuthenticator(resp, wire[4:20], []byte("radsec"), true) != nil {
		t.Fatal("RadSec answer not authentic")
	}
	q, err := radius.Parse(resp, []byte("radsec"))
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// TestRadSec: RADIUS over TLS (RFC 6614) with per-NAS client
// certificates made here: a NAS with a certificate from the NASes' CA is
// answered; one without a certificate, or with one from another CA, is
// refused at the handshake.
func TestRadSec(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		sub := e.give(t, e.subscriber(t), e.plan(t, PlanService, "یک ماهه", 215_000, 30, 5*1024))
		serverCA, nasCA, otherCA := newTestCA(t, "server CA"), newTestCA(t, "NAS CA"), newTestCA(t, "other CA")
		clients := x509.NewCertPool()
		clients.AddCert(nasCA.cert)
		tc := &tls.Config{Certificates: []tls.Certificate{serverCA.issue(t, "pishkhan", x509.ExtKeyUsageServerAuth)},
			ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: clients}
		if err := e.s.NewRadiusServer(RadiusOptions{RadSecAddr: "127.0.0.1:0", RadSecTLS: &tls.Config{}}).Listen(); err == nil {
			t.Fatal("RadSec listened without requiring client certificates")
		}
		r := startRadiusWith(t, e, RadiusOptions{RadSecAddr: "127.0.0.1:0", RadSecTLS: tc})
		roots := x509.NewCertPool()
		roots.AddCert(serverCA.cert)
		addr := r.RadSecAddr().String()

		nas := nasCA.issue(t, "bras-1", x509.ExtKeyUsageClientAuth)
		if p := radsecExchange(t, addr, roots, &nas, sub.Username); p == nil || p.Code != radius.CodeAccessAccept {
			t.Fatalf("a NAS with its certificate: %v", p)
		}
		if p := radsecExchange(t, addr, roots, nil, sub.Username); p != nil {
			t.Fatalf("answered without a client certificate: %v", p.Code)
		}
		stranger := otherCA.issue(t, "bras-x", x509.ExtKeyUsageClientAuth)
		if p := radsecExchange(t, addr, roots, &stranger, sub.Username); p != nil {
			t.Fatalf("answered a certificate from another CA: %v", p.Code)
		}
	})
}
