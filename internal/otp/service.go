package otp

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"math/big"
	"strconv"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/identity"
	"pishkhan/internal/notify"
)

// Service issues and checks one-time codes.
type Service struct {
	db   *db.DB
	sms  *notify.Service
	opts Options
	now  func() time.Time
	log  *slog.Logger
	box  *db.Box // authenticator seeds
	mac  []byte  // HMAC key for SMS and activation codes
	// ids writes staff actions to the audit log (UseAudit, at start-up).
	ids *identity.Service
	// phoneNow is the authenticator apps' clock (UsePhoneClock); nil: now.
	phoneNow func() time.Time
}

// New returns the service. A Key that is not 32 bytes is a wiring mistake
// and panics: without it no seed could be kept secret.
func New(d *db.DB, sms *notify.Service, opts Options) *Service {
	if len(opts.Key) != 32 {
		panic("otp: Options.Key must be 32 bytes")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.CodeTTL == 0 {
		opts.CodeTTL = 120 * time.Second
	}
	if opts.MaxWrong == 0 {
		opts.MaxWrong = 3
	}
	if opts.ResendCooldown == 0 {
		opts.ResendCooldown = 60 * time.Second
	}
	if opts.ActivationTTL == 0 {
		opts.ActivationTTL = 5 * time.Minute
	}
	if opts.ActivationMaxWrong == 0 {
		opts.ActivationMaxWrong = 3
	}
	if opts.TOTPWrongPerMinute == 0 {
		opts.TOTPWrongPerMinute = 5
	}
	derive := func(label string) []byte {
		m := hmac.New(sha256.New, opts.Key)
		m.Write([]byte("pishkhan/otp/" + label))
		return m.Sum(nil)
	}
	// Seeds sealed before the box open under their old key's label.
	box, err := db.NewBox(opts.Key, "otp/seeds", "pishkhan/otp/aes-gcm")
	if err != nil {
		panic("otp: " + err.Error())
	}
	return &Service{db: d, sms: sms, opts: opts, now: opts.Now, log: opts.Logger, box: box, mac: derive("mac")}
}

// seal encrypts a seed in the box.
func (s *Service) seal(plain string) []byte { return s.box.Seal([]byte(plain)) }

func (s *Service) open(sealed []byte) (string, error) {
	p, err := s.box.Open(sealed)
	return string(p), err
}

// codeMAC is the keyed hash of a code, bound to everything it is good for,
// so a row copied to another person or binding verifies nothing.
func (s *Service) codeMAC(parts ...string) string {
	m := hmac.New(sha256.New, s.mac)
	for _, p := range parts {
		m.Write([]byte(strconv.Itoa(len(p))))
		m.Write([]byte{':'})
		m.Write([]byte(p))
	}
	return hex.EncodeToString(m.Sum(nil))
}

func macEqual(a, b string) bool { return hmac.Equal([]byte(a), []byte(b)) }

// randomDigits returns n uniformly random decimal digits (crypto/rand).
func randomDigits(n int) (string, error) {
	max := big.NewInt(1)
	for i := 0; i < n; i++ {
		max.Mul(max, big.NewInt(10))
	}
	v, err := rand.Int(rand.Reader, max)
	if err != nil {
		return "", err
	}
	s := v.String()
	for len(s) < n {
		s = "0" + s
	}
	return s, nil
}

// cooldown claims the right to send an SMS of purpose to person now: a
// conditional upsert that succeeds only when the last one is older than
// the cool-down. On refusal it returns an ErrCooldown naming the seconds
// left.
func (s *Service) cooldown(ctx context.Context, tx *db.Tx, personID int64, purpose string, now time.Time) error {
	res, err := tx.Exec(ctx, `INSERT INTO otp_sms_sends (person_id, purpose, last_sent_at) VALUES ($1, $2, $3)
		ON CONFLICT (person_id, purpose) DO UPDATE SET last_sent_at = excluded.last_sent_at
		WHERE otp_sms_sends.last_sent_at <= $4`,
		personID, purpose, now, now.Add(-s.opts.ResendCooldown))
	if err != nil {
		return wrap("claim resend slot", err)
	}
	if res.RowsAffected == 1 {
		return nil
	}
	var last time.Time
	if err := tx.QueryRow(ctx, `SELECT last_sent_at FROM otp_sms_sends WHERE person_id = $1 AND purpose = $2`,
		personID, purpose).Scan(&last); err != nil {
		return wrap("read resend slot", err)
	}
	left := last.Add(s.opts.ResendCooldown).Sub(now)
	secs := int((left + time.Second - 1) / time.Second)
	if secs < 1 {
		secs = 1
	}
	return ErrCooldown.Saying(msgCooldownSeconds(secs)).For(time.Duration(secs) * time.Second)
}
