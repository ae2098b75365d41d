package identity

import (
	"context"
	"errors"
	"fmt"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/notify"
)

// RecoveryRequest is the «فراموشی کلمه عبور» form. The captcha is checked
// by the page (captcha.VerifyString against the DB-backed store) before
// Recover is called.
type RecoveryRequest struct {
	Identifier   string // «نام کاربری»: any sign-in identifier
	NationalCode string
	Mobile       string // must be the mobile registered for the person
	// QuestionID and Answer: one security question of the full list,
	// chosen by the person. When they have answered questions, it must be
	// one of theirs with the right answer; when they have none it is
	// ignored. Showing the full list (not "your" question) keeps the form
	// from revealing anything about the account.
	QuestionID int
	Answer     string
	IP         string
}

// Recover sends a new temporary password by SMS when the identifier,
// national code and registered mobile (and the security answer, if the
// person has answers) all belong to one person. Whatever did not match,
// the error is the same ErrRecoveryMismatch, after the same work: one
// argon2 verification on every path.
//
// Requests are limited per address and per mobile (RecoveryLimit), counted
// before anything is checked: ErrRateLimited with RetryAfter.
func (s *Service) Recover(ctx context.Context, r RecoveryRequest) error {
	if s.sms == nil {
		return errors.New("identity: recovery needs the SMS service")
	}
	mobile, mobileErr := fa.ParseMobile(r.Mobile)
	nationalCode, ncErr := fa.ParseNationalCode(r.NationalCode)

	ok, retry, err := s.reserve(ctx, scopeRecoveryIP, r.IP, s.opts.RecoveryLimit)
	if err != nil {
		return err
	}
	if !ok {
		return lockedError(ErrRateLimited, retry, 0)
	}
	if mobileErr == nil {
		ok, retry, err = s.reserve(ctx, scopeRecoveryMobile, mobile, s.opts.RecoveryLimit)
		if err != nil {
			return err
		}
		if !ok {
			return lockedError(ErrRateLimited, retry, 0)
		}
	}

	var c *Customer
	id, err := resolveIdentifier(ctx, s.db, fa.NormalizeInput(r.Identifier))
	if err != nil {
		return err
	}
	if id != 0 {
		if c, err = getCustomer(ctx, s.db, id); err != nil {
			return err
		}
	}
	match := c != nil && mobileErr == nil && ncErr == nil && c.Mobile != "" &&
		c.NationalCode == nationalCode && c.Mobile == mobile

	// Exactly one hash verification on every path.
	hash := s.dummyHash()
	var hasAnswers bool
	if match {
		n, err := countAnswers(ctx, s.db, c.ID)
		if err != nil {
			return err
		}
		hasAnswers = n > 0
		if hasAnswers {
			h, err := answerHash(ctx, s.db, c.ID, r.QuestionID)
			if err != nil {
				return fmt.Errorf("identity: load security answer: %w", err)
			}
			if h == "" {
				match = false
			} else {
				hash = h
			}
		}
	}
	answer, answerErr := normaliseAnswer(r.Answer)
	answerOK, _, err := s.verify(ctx, hash, answer)
	if err != nil {
		s.log.Error("verify recovery answer", "err", err)
	}
	if hasAnswers && (answerErr != nil || !answerOK) {
		match = false
	}

	if !match {
		var target int64
		if c != nil {
			target = c.ID
		}
		if err := s.audit(ctx, s.db, auditEntry{actorKind: actorAnonymous, action: ActionRecoveryFailed, ip: r.IP,
			targetKind: cond(target != 0, KindCustomer, ""), targetID: target}); err != nil {
			s.log.Error("audit failed recovery", "err", err)
		}
		return ErrRecoveryMismatch
	}

	password := s.temporaryPassword(c.passwordContext())
	newHash, err := s.hash(ctx, password)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := s.resetTx(ctx, tx, c.ID, newHash); err != nil {
			return err
		}
		if _, err := s.sms.Queue(ctx, tx, notify.Message{PersonID: c.ID, RecipientName: c.FullName(), To: c.Mobile,
			Reason: RecoveryReason, Sensitive: true,
			Text: smsTemporaryPassword(password)}); err != nil {
			return err
		}
		return s.audit(ctx, tx, auditEntry{actorKind: KindCustomer, actorID: c.ID, action: ActionRecovery, ip: r.IP,
			targetKind: KindCustomer, targetID: c.ID})
	})
}
