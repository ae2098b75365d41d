package otp

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/fa/fatest"
	"pishkhan/internal/identity"
	"pishkhan/internal/pagetest"
)

var testKey = []byte("0123456789abcdef0123456789abcdef")

// start is on a 30-second step boundary.
var start = time.Unix(1_800_000_000, 0).UTC()

type env struct {
	d     *db.DB
	ids   *identity.Service
	s     *Service
	clock *fatest.Clock
	site  *pagetest.Site // the pages' site, once pgServer has made it
}

func engines(t *testing.T, fn func(t *testing.T, e *env)) {
	dbtest.Each(t, []*db.Schema{Schema}, func(t *testing.T, d *db.DB) {
		fn(t, newEnv(t, d))
	})
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	base := pagetest.NewDomains(t, d, fatest.NewClock(start), nil)
	s := New(d, base.SMS, Options{Key: testKey, Now: base.Clock.Now, Logger: base.Logger})
	return &env{d: d, ids: base.Identity, s: s, clock: base.Clock}
}

var codeSeq atomic.Int64

var nationalCode = fatest.NationalCode

func (e *env) customer(t *testing.T) int64 {
	t.Helper()
	code := nationalCode(fmt.Sprintf("%09d", 321000000+codeSeq.Add(1)))
	c, err := e.ids.CreateCustomer(context.Background(), identity.Actor{},
		identity.NewCustomer{NationalCode: code, FirstName: "مریم", LastName: "احمدی"})
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// lastSMS is the newest outbox message to person: its code (the provider
// token) and its text.
func (e *env) lastSMS(t *testing.T, personID int64) (code, text string) {
	t.Helper()
	var sensitive bool
	if err := e.d.QueryRow(context.Background(), `SELECT tokens, body, sensitive FROM sms_outbox
		WHERE person_id = $1 ORDER BY id DESC LIMIT 1`, personID).Scan(&code, &text, &sensitive); err != nil {
		t.Fatalf("read outbox: %v", err)
	}
	if !sensitive {
		t.Fatalf("code SMS not marked sensitive: %q", text)
	}
	return code, text
}

// refTOTP is an independent RFC 6238 / RFC 4226 implementation: HMAC-SHA1
// over the 8-byte big-endian step, dynamic truncation, modulo 10^digits.
func refTOTP(secret []byte, t time.Time, digits int) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(t.Unix()/30))
	m := hmac.New(sha1.New, secret)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for i := 0; i < digits; i++ {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, bin%mod)
}
