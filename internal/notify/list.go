package notify

import (
	"context"
	"strings"
	"time"

	"pishkhan/internal/db"
)

// Filter narrows the SMS log.
type Filter struct {
	PersonID int64  // 0: everyone
	Mobile   string // exact, canonical
	Status   string
	From, To time.Time // zero: open
	Offset   int
	Limit    int // default 20, at most 200
}

const outboxColumns = `id, COALESCE(person_id, 0), recipient_name, mobile, reason, body, sensitive, status, provider,
	provider_message_id, attempts, last_error, created_at, sent_at`

func scanOutbox(r db.Scanner) (OutboxMessage, error) {
	var m OutboxMessage
	err := r.Scan(&m.ID, &m.PersonID, &m.RecipientName, &m.Mobile, &m.Reason, &m.Body, &m.Sensitive, &m.Status, &m.Provider,
		&m.ProviderMessageID, &m.Attempts, &m.LastError, &m.CreatedAt, &m.SentAt)
	return m, err
}

// List returns one page of messages, newest first, and how many match.
// It serves the customer's message box (PersonID set) and the staff SMS
// log (any filter).
func (s *Service) List(ctx context.Context, f Filter) ([]OutboxMessage, int, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.Replace(cond, "?", "$"+itoa(len(args)), 1))
	}
	if f.PersonID != 0 {
		add("person_id = ?", f.PersonID)
	}
	if f.Mobile != "" {
		add("mobile = ?", f.Mobile)
	}
	if f.Status != "" {
		add("status = ?", f.Status)
	}
	if !f.From.IsZero() {
		add("created_at >= ?", f.From)
	}
	if !f.To.IsZero() {
		add("created_at < ?", f.To)
	}
	clause := ""
	if len(where) > 0 {
		clause = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM sms_outbox"+clause, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	f.Limit = min(f.Limit, 200)
	args = append(args, f.Limit, max(f.Offset, 0))
	rows, err := db.All(ctx, s.db, scanOutbox, "SELECT "+outboxColumns+" FROM sms_outbox"+clause+
		" ORDER BY created_at DESC, id DESC LIMIT $"+itoa(len(args)-1)+" OFFSET $"+itoa(len(args)), args...)
	return rows, total, err
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}
