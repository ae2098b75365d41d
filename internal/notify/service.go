package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/jobs"
)

// Service queues and sends SMS.
type Service struct {
	db       *db.DB
	jobs     *jobs.Runner
	provider Provider
	logger   *slog.Logger
	now      func() time.Time
	// signature, when set, is the deployment's SMS signature, appended to
	// every message as it is queued (read then, so an admin's change
	// applies to the next message on every instance).
	signature func(ctx context.Context, q db.Querier) string
}

// UseSignature makes every queued message end with sig's answer (on a
// line of its own; none when it is empty). sig reads through q, the
// transaction the message is queued in: a read from the pool there would
// wait for a second connection while the transaction holds one.
func (s *Service) UseSignature(sig func(ctx context.Context, q db.Querier) string) { s.signature = sig }

// signed is text with the signature, if any, on its last line.
func (s *Service) signed(ctx context.Context, q db.Querier, text string) string {
	if s.signature == nil {
		return text
	}
	if sig := strings.TrimSpace(s.signature(ctx, q)); sig != "" {
		return text + "\n" + sig
	}
	return text
}

// New returns the SMS service and registers its sending worker.
func New(d *db.DB, runner *jobs.Runner, provider Provider, logger *slog.Logger, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	s := &Service{db: d, jobs: runner, provider: provider, logger: logger, now: now}
	jobs.Register(runner, &sendWorker{s: s})
	return s
}

// Provider is the provider messages go to.
func (s *Service) Provider() Provider { return s.provider }

// Queue stores m in the outbox and queues its sending, inside tx: if tx
// rolls back, nothing is sent.
func (s *Service) Queue(ctx context.Context, tx *db.Tx, m Message) (int64, error) {
	mobile, err := fa.ParseMobile(m.To)
	if err != nil {
		return 0, ErrInvalidMobile
	}
	if strings.TrimSpace(m.Text) == "" || strings.TrimSpace(m.Reason) == "" {
		return 0, errors.New("notify: a message needs a text and a reason")
	}
	m.Text = s.signed(ctx, tx, m.Text)
	var personID any
	if m.PersonID != 0 {
		personID = m.PersonID
	}
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO sms_outbox (person_id, recipient_name, mobile, reason, body, template, tokens, sensitive, status, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		personID, m.RecipientName, mobile, m.Reason, m.Text, m.Template, strings.Join(m.Tokens, "\n"), m.Sensitive, StatusQueued, s.now()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("notify: store message: %w", err)
	}
	if err := s.jobs.Insert(ctx, tx, SendArgs{OutboxID: id}, nil); err != nil {
		return 0, err
	}
	return id, nil
}

// Send is Queue in a transaction of its own.
func (s *Service) Send(ctx context.Context, m Message) (int64, error) {
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		id, err = s.Queue(ctx, tx, m)
		return err
	})
	return id, err
}

// SendArgs is the job that hands one outbox row to the provider.
type SendArgs struct {
	OutboxID int64 `json:"outbox_id"`
}

func (SendArgs) Kind() string { return "sms_send" }

// InsertOpts: SMS go out promptly, a few times at most; a code that
// arrives an hour late is useless.
func (SendArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 6, Queue: river.QueueDefault}
}

type sendWorker struct {
	river.WorkerDefaults[SendArgs]
	s *Service
}

func (w *sendWorker) Work(ctx context.Context, job *river.Job[SendArgs]) error {
	return w.s.deliver(ctx, job.Args.OutboxID, job.Attempt >= job.MaxAttempts)
}

// deliver sends one queued message. A message already handled (a job
// retried after its success was recorded) is left alone.
func (s *Service) deliver(ctx context.Context, id int64, lastAttempt bool) error {
	var out Outgoing
	var status, tokens string
	err := s.db.QueryRow(ctx, "SELECT mobile, body, template, tokens, status FROM sms_outbox WHERE id = $1", id).
		Scan(&out.To, &out.Text, &out.Template, &tokens, &status)
	if errors.Is(err, db.ErrNoRows) {
		return river.JobCancel(fmt.Errorf("outbox message %d does not exist", id))
	}
	if err != nil {
		return err
	}
	if status != StatusQueued {
		return nil
	}
	out.LocalID = id
	if tokens != "" {
		out.Tokens = strings.Split(tokens, "\n")
	}
	receipt, sendErr := s.provider.Send(ctx, out)
	if sendErr != nil {
		var pe *ProviderError
		permanent := errors.As(sendErr, &pe) && !pe.Temporary
		newStatus := StatusQueued
		if permanent || lastAttempt {
			newStatus = StatusFailed
		}
		if _, err := s.db.Exec(ctx, "UPDATE sms_outbox SET attempts = attempts + 1, last_error = $1, status = $2, provider = $3 WHERE id = $4",
			fa.Clip(sendErr.Error(), 500), newStatus, s.provider.Name(), id); err != nil {
			return err
		}
		s.logger.Warn("sms not sent", "outbox_id", id, "provider", s.provider.Name(), "err", sendErr, "permanent", permanent)
		if permanent {
			return river.JobCancel(sendErr)
		}
		return sendErr
	}
	newStatus := StatusSent
	if receipt.Status == StatusKept {
		newStatus = StatusKept
	}
	_, err = s.db.Exec(ctx, `UPDATE sms_outbox SET attempts = attempts + 1, status = $1, provider = $2, provider_message_id = $3,
		provider_status = $4, sent_at = $5, last_error = '' WHERE id = $6 AND status = $7`,
		newStatus, s.provider.Name(), receipt.MessageID, fa.Clip(receipt.Status, 200), s.now(), id, StatusQueued)
	return err
}

// CountSince counts the SMS created since a time, by status (queued,
// sent, kept, failed): what /metrics reports as pishkhan_sms_recent.
func (s *Service) CountSince(ctx context.Context, since time.Time) (map[string]int64, error) {
	rows, err := s.db.Query(ctx, "SELECT status, COUNT(*) FROM sms_outbox WHERE created_at >= $1 GROUP BY status", since)
	if err != nil {
		return nil, fmt.Errorf("notify: count SMS: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var status string
		var n int64
		if err := rows.Scan(&status, &n); err != nil {
			return nil, fmt.Errorf("notify: count SMS: %w", err)
		}
		out[status] = n
	}
	return out, rows.Err()
}
