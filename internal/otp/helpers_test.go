package otp

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/identity"
	"pishkhan/internal/jobs"
	"pishkhan/internal/notify"
)

var testKey = []byte("0123456789abcdef0123456789abcdef")

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time)         { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

// start is on a 30-second step boundary.
var start = time.Unix(1_800_000_000, 0).UTC()

type env struct {
	d     *db.DB
	ids   *identity.Service
	s     *Service
	clock *clock
}

func engines(t *testing.T, fn func(t *testing.T, e *env)) {
	dbtest.Each(t, []*db.Schema{Schema}, func(t *testing.T, d *db.DB) {
		fn(t, newEnv(t, d))
	})
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	logger := slog.New(slog.DiscardHandler)
	runner := jobs.New(d, logger)
	if err := runner.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := runner.Open(); err != nil {
		t.Fatal(err)
	}
	sms := notify.New(d, runner, &notify.Outbox{}, logger, nil)
	c := &clock{t: start}
	ids := identity.New(d, sms, identity.Options{
		Params: identity.Params{Memory: 256, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
		Now:    c.Now, Logger: logger,
	})
	s := New(d, sms, Options{Key: testKey, Now: c.Now, Logger: logger})
	return &env{d: d, ids: ids, s: s, clock: c}
}

var codeSeq atomic.Int64

func nationalCode(first9 string) string {
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(first9[i]-'0') * (10 - i)
	}
	c := sum % 11
	if c >= 2 {
		c = 11 - c
	}
	return first9 + string(rune('0'+c))
}

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
