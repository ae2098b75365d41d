package identity

import (
	"context"
	"fmt"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// Audit actions: every security event, by the customer, a staff member or
// the system.
const (
	ActionSignIn          = "signin"
	ActionSignInFailed    = "signin_failed"
	ActionAddressLocked   = "address_locked"
	ActionAccountLocked   = "account_locked"
	ActionPasswordChange  = "password_change"
	ActionPasswordReset   = "password_reset"
	ActionRecovery        = "recovery"
	ActionRecoveryFailed  = "recovery_failed"
	ActionQuestionsSet    = "security_questions_set"
	ActionAnswerChecked   = "security_answer_checked"
	ActionUnlockAddress   = "unlock_address"
	ActionUnlockAccount   = "unlock_account"
	ActionFactorLocked    = "factor_locked"
	ActionUnlockFactor    = "unlock_factor"
	ActionCustomerCreate  = "customer_create"
	ActionCustomerUpdate  = "customer_update"
	ActionProfileUpdate   = "profile_update"
	ActionIdentifierAdd   = "identifier_add"
	ActionStaffCreate     = "staff_create"
	ActionStaffRoles      = "staff_roles"
	ActionStaffDisable    = "staff_disable"
	ActionSessionsEnded   = "sessions_ended"
	actorSystem           = "system"
	actorAnonymous        = "anonymous"
	auditDetailMaxLength  = 1000
	userAgentMaxLength    = 512
	identifierMaxLength   = 100
	defaultPageSize       = 20
	maxPageSize           = 200
	auditSelectColumns    = "id, at, actor_kind, actor_id, action, target_kind, target_id, ip, detail"
	signInSelectColumns   = "id, subject_kind, subject_id, identifier, at, ip, user_agent, success, reason"
	customerSelectColumns = `c.id, c.national_code, c.first_name, c.last_name, c.father_name, c.birth_date, c.gender, c.email,
	c.postal_code, c.address, c.education, c.mobile, COALESCE(u.value, ''), c.created_at, c.updated_at`
)

// AuditActions lists every action, for the audit log's filter.
var AuditActions = []string{ActionSignIn, ActionSignInFailed, ActionAddressLocked, ActionAccountLocked, ActionPasswordChange,
	ActionPasswordReset, ActionRecovery, ActionRecoveryFailed, ActionQuestionsSet, ActionAnswerChecked, ActionUnlockAddress,
	ActionUnlockAccount, ActionCustomerCreate, ActionCustomerUpdate, ActionProfileUpdate, ActionIdentifierAdd, ActionStaffCreate,
	ActionStaffRoles, ActionStaffDisable, ActionSessionsEnded, ActionFactorLocked, ActionUnlockFactor}

// ActionLabel is the Persian label of an audit action: identity's own
// (actionLabels), else the one an area registered, else the action.
func ActionLabel(a string) string {
	if l, ok := actionLabels[a]; ok {
		return l
	}
	if l, ok := areaActionLabel(a); ok {
		return l
	}
	return a
}

// AuditEntry is one row of the audit log.
type AuditEntry struct {
	ID         int64
	At         time.Time
	ActorKind  string // customer, staff, system, anonymous
	ActorID    int64
	Action     string
	TargetKind string
	TargetID   int64
	IP         string
	Detail     string
}

type auditEntry struct {
	actorKind  string
	actorID    int64
	action     string
	targetKind string
	targetID   int64
	ip         string
	detail     string
}

// audit writes one entry with q, so it commits or rolls back with the
// change it describes.
func (s *Service) audit(ctx context.Context, q db.Querier, e auditEntry) error {
	if e.ip == "" {
		e.ip = clientOf(ctx).IP
	}
	_, err := q.Exec(ctx, `INSERT INTO audit_log (at, actor_kind, actor_id, action, target_kind, target_id, ip, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		s.now(), e.actorKind, e.actorID, e.action, e.targetKind, e.targetID, e.ip, fa.Clip(e.detail, auditDetailMaxLength))
	if err != nil {
		return fmt.Errorf("identity: audit %s: %w", e.action, err)
	}
	return nil
}

// AuditRecord is an entry written by another service (cards) into the
// same audit log, with the same columns as identity's own entries.
type AuditRecord struct {
	ActorKind  string // customer, staff, system, anonymous
	ActorID    int64
	Action     string
	TargetKind string
	TargetID   int64
	IP         string // the request's client address (WithClient) when empty
	Detail     string // clipped to 1000 characters
}

// Audit writes r with q, so it commits or rolls back with the change it
// describes (pass the caller's transaction).
func (s *Service) Audit(ctx context.Context, q db.Querier, r AuditRecord) error {
	return s.audit(ctx, q, auditEntry{actorKind: r.ActorKind, actorID: r.ActorID, action: r.Action,
		targetKind: r.TargetKind, targetID: r.TargetID, ip: r.IP, detail: r.Detail})
}

// AuditFilter narrows the audit log. Zero fields do not filter.
type AuditFilter struct {
	Action     string
	ActorKind  string
	ActorID    int64
	TargetKind string
	TargetID   int64
	IP         string
	From, To   time.Time
	Offset     int
	Limit      int // default 20, at most 200
}

// AuditLog returns one page of entries, newest first, and how many match.
func (s *Service) AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, int, error) {
	var w db.Filter
	if f.Action != "" {
		w.Where("action = ?", f.Action)
	}
	if f.ActorKind != "" {
		w.Where("actor_kind = ?", f.ActorKind)
	}
	if f.ActorID != 0 {
		w.Where("actor_id = ?", f.ActorID)
	}
	if f.TargetKind != "" {
		w.Where("target_kind = ?", f.TargetKind)
	}
	if f.TargetID != 0 {
		w.Where("target_id = ?", f.TargetID)
	}
	if f.IP != "" {
		w.Where("ip = ?", f.IP)
	}
	if !f.From.IsZero() {
		w.Where("at >= ?", f.From)
	}
	if !f.To.IsZero() {
		w.Where("at < ?", f.To)
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM audit_log"+w.Clause(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("identity: count audit log: %w", err)
	}
	page, args := w.Page(pageSize(f.Limit), f.Offset)
	rows, err := db.All(ctx, s.db, scanAudit, "SELECT "+auditSelectColumns+" FROM audit_log"+w.Clause()+" ORDER BY at DESC, id DESC"+page, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("identity: list audit log: %w", err)
	}
	return rows, total, nil
}

func scanAudit(r db.Scanner) (AuditEntry, error) {
	var e AuditEntry
	err := r.Scan(&e.ID, &e.At, &e.ActorKind, &e.ActorID, &e.Action, &e.TargetKind, &e.TargetID, &e.IP, &e.Detail)
	return e, err
}

// recordSignIn writes a sign-in event. A failure to write it is logged,
// not returned: the person's sign-in must not fail because of its own
// history.
func (s *Service) recordSignIn(ctx context.Context, kind string, subjectID int64, identifier, ip, ua string, success bool, reason string) {
	_, err := s.db.Exec(ctx, `INSERT INTO signin_events (subject_kind, subject_id, identifier, at, ip, user_agent, success, reason)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		kind, subjectID, fa.Clip(identifier, identifierMaxLength), s.now(), ip, fa.Clip(ua, userAgentMaxLength), success, reason)
	if err != nil {
		s.log.Error("record sign-in event", "kind", kind, "subject", subjectID, "err", err)
	}
}

// SignInEvents returns one subject's recent sign-ins and failed attempts,
// newest first («ورودهای اخیر»), and how many there are.
func (s *Service) SignInEvents(ctx context.Context, kind string, subjectID int64, offset, limit int) ([]SignInEvent, int, error) {
	var w db.Filter
	w.Where("subject_kind = ? AND subject_id = ?", kind, subjectID)
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM signin_events"+w.Clause(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("identity: count sign-in events: %w", err)
	}
	page, args := w.Page(pageSize(limit), offset)
	rows, err := db.All(ctx, s.db, func(r db.Scanner) (SignInEvent, error) {
		var e SignInEvent
		err := r.Scan(&e.ID, &e.Kind, &e.SubjectID, &e.Identifier, &e.At, &e.IP, &e.UserAgent, &e.Success, &e.Reason)
		return e, err
	}, "SELECT "+signInSelectColumns+" FROM signin_events"+w.Clause()+" ORDER BY at DESC, id DESC"+page, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("identity: list sign-in events: %w", err)
	}
	return rows, total, nil
}

// pageSize is a list page's row count: the default when none was asked
// for, and never more than maxPageSize.
func pageSize(limit int) int {
	if limit <= 0 {
		return defaultPageSize
	}
	return min(limit, maxPageSize)
}
