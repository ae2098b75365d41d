package notify

import (
	"context"
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
	var w db.Filter
	if f.PersonID != 0 {
		w.Where("person_id = ?", f.PersonID)
	}
	if f.Mobile != "" {
		w.Where("mobile = ?", f.Mobile)
	}
	if f.Status != "" {
		w.Where("status = ?", f.Status)
	}
	if !f.From.IsZero() {
		w.Where("created_at >= ?", f.From)
	}
	if !f.To.IsZero() {
		w.Where("created_at < ?", f.To)
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM sms_outbox"+w.Clause(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	page, args := w.Page(min(f.Limit, 200), f.Offset)
	rows, err := db.All(ctx, s.db, scanOutbox, "SELECT "+outboxColumns+" FROM sms_outbox"+w.Clause()+
		" ORDER BY created_at DESC, id DESC"+page, args...)
	return rows, total, err
}
