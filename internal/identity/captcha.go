package identity

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/dchest/captcha"

	"pishkhan/internal/db"
)

// CaptchaStore keeps captcha answers in the database, so a captcha drawn
// by one instance is checked by whichever instance receives the form.
// Install it with captcha.SetCustomStore(identity.NewCaptchaStore(...))
// before the first captcha is made.
//
// captcha.Store has no context and no error, so each call gets its own
// short deadline and failures are logged: a failed Set makes the captcha
// unsolvable (the person asks for another), a failed Get refuses it.
type CaptchaStore struct {
	db      *db.DB
	log     *slog.Logger
	now     func() time.Time
	ttl     time.Duration
	timeout time.Duration
}

var _ captcha.Store = (*CaptchaStore)(nil)

// NewCaptchaStore returns a store whose captchas live for ttl (10 minutes
// when 0, the library's own default).
func NewCaptchaStore(d *db.DB, logger *slog.Logger, now func() time.Time, ttl time.Duration) *CaptchaStore {
	if now == nil {
		now = time.Now
	}
	if ttl == 0 {
		ttl = captcha.Expiration
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &CaptchaStore{db: d, log: logger, now: now, ttl: ttl, timeout: 5 * time.Second}
}

// Set stores the digits of captcha id (a reload replaces them).
func (s *CaptchaStore) Set(id string, digits []byte) {
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	_, err := s.db.Exec(ctx, `INSERT INTO captchas (id, digits, expires_at) VALUES ($1, $2, $3)
		ON CONFLICT (id) DO UPDATE SET digits = $2, expires_at = $3`, id, digits, s.now().Add(s.ttl))
	if err != nil {
		s.log.Error("store captcha", "err", err)
	}
}

// Get returns the digits of a live captcha, deleting it when clear is set
// (a captcha is good for one verification only). Nil when unknown or
// expired.
func (s *CaptchaStore) Get(id string, clear bool) []byte {
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	var digits []byte
	var err error
	if clear {
		// Delete and read in one statement, so two instances cannot both
		// accept the same answer.
		err = s.db.ExecReturning(ctx, "DELETE FROM captchas WHERE id = $1 AND expires_at > $2 RETURNING digits", id, s.now()).Scan(&digits)
	} else {
		err = s.db.QueryRow(ctx, "SELECT digits FROM captchas WHERE id = $1 AND expires_at > $2", id, s.now()).Scan(&digits)
	}
	if errors.Is(err, db.ErrNoRows) {
		return nil
	}
	if err != nil {
		s.log.Error("load captcha", "err", err)
		return nil
	}
	return digits
}

// DeleteExpired removes expired captchas; the periodic cleanup job calls
// it.
func (s *CaptchaStore) DeleteExpired(ctx context.Context) (int64, error) {
	res, err := s.db.Exec(ctx, "DELETE FROM captchas WHERE expires_at <= $1", s.now())
	return res.RowsAffected, err
}
