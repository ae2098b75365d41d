package otp

import (
	"context"
	"errors"
	"time"

	"pishkhan/internal/db"
)

// SMSRetryAfter is how long person must still wait before another SMS
// code of purpose may be sent (0: now). A caller refused with ErrCooldown
// uses it to tell a program when to retry (an API's Retry-After).
func (s *Service) SMSRetryAfter(ctx context.Context, personID int64, purpose string) (time.Duration, error) {
	var last time.Time
	err := s.db.QueryRow(ctx, `SELECT last_sent_at FROM otp_sms_sends WHERE person_id = $1 AND purpose = $2`,
		personID, "sms:"+purpose).Scan(&last)
	if errors.Is(err, db.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, wrap("read resend slot", err)
	}
	return max(last.Add(s.opts.ResendCooldown).Sub(s.now()), 0), nil
}
