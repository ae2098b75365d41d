package idp

import (
	"context"
	"errors"
	"fmt"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// Steps of a verification on the sign-in pages, in order.
const (
	StepMobile  = "mobile"  // «شماره تلفن همراه خود را وارد کنید»
	StepCaptcha = "captcha" // «کد امنیتی»
	StepVerify  = "verify"  // «کد احراز», national code, birth date
	StepDone    = "done"
)

// Login is one verification in progress.
type Login struct {
	ID            string
	AuthRequestID string // "" when the person came to manage consents
	Mobile        string
	Step          string
	Subject       string // the national code, once verified
	CreatedAt     time.Time
}

// StartLogin begins a verification, for an authorization request or
// (authRequestID "") for the consents page.
func (s *Service) StartLogin(ctx context.Context, authRequestID string) (*Login, error) {
	l := &Login{ID: randomID(), AuthRequestID: authRequestID, Step: StepMobile, CreatedAt: s.now()}
	_, err := s.db.Exec(ctx, "INSERT INTO idp_logins (id, auth_request_id, step, created_at) VALUES ($1, $2, $3, $4)",
		l.ID, l.AuthRequestID, l.Step, l.CreatedAt)
	if err != nil {
		return nil, fmt.Errorf("idp: start login: %w", err)
	}
	return l, nil
}

// LoginByID returns a live verification (younger than authRequestTTL).
func (s *Service) LoginByID(ctx context.Context, id string) (*Login, error) {
	l := &Login{}
	err := s.db.QueryRow(ctx, "SELECT id, auth_request_id, mobile, step, subject, created_at FROM idp_logins WHERE id = $1", id).Scan(
		&l.ID, &l.AuthRequestID, &l.Mobile, &l.Step, &l.Subject, &l.CreatedAt)
	if errors.Is(err, db.ErrNoRows) || err == nil && !s.now().Before(l.CreatedAt.Add(authRequestTTL)) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("idp: load login: %w", err)
	}
	return l, nil
}

// move advances a login from one step to the next; a login no longer at
// from (a double submit, a back button) is refused.
func (s *Service) move(ctx context.Context, q db.Querier, id, from, to string, set string, args ...any) error {
	all := append([]any{to, id, from}, args...)
	res, err := q.Exec(ctx, "UPDATE idp_logins SET step = $1"+set+" WHERE id = $2 AND step = $3", all...)
	if err != nil {
		return fmt.Errorf("idp: move login: %w", err)
	}
	if res.RowsAffected != 1 {
		return ErrStep
	}
	return nil
}

// ErrStep: the page was submitted out of order (refreshed, resubmitted).
var ErrStep = fa.Refusal(domain, "step", msgStep)

// SubmitMobile records the mobile number (step 1).
func (s *Service) SubmitMobile(ctx context.Context, id, mobile string) error {
	m, err := fa.ParseMobile(mobile)
	if err != nil {
		return fa.Refusal(domain, "mobile", msgMobileExample).OnField("mobile")
	}
	return s.move(ctx, s.db, id, StepMobile, StepCaptcha, ", mobile = $4", m)
}

// CaptchaPassed moves past the captcha (checked by the page) and sends
// «کد احراز امتا» to the mobile. A code sent moments ago (the cool-down)
// is not sent again: the person uses that one.
func (s *Service) CaptchaPassed(ctx context.Context, l *Login) error {
	if err := s.move(ctx, s.db, l.ID, StepCaptcha, StepVerify, ""); err != nil {
		return err
	}
	l.Step = StepVerify
	err := s.SendCode(ctx, l.Mobile)
	if errors.Is(err, ErrCooldown) {
		return nil
	}
	return err
}

// Verification is what the person types on the code page.
type Verification struct {
	Code, NationalCode, BirthDate string
}

// Verify checks step 3: the national code's form and checksum, the birth
// date's form, the SMS code, then the registry: the mobile is the
// person's, and the person was born on that date. It returns the national
// code; the login is then done.
//
// The registry is not an oracle: ownership of the mobile is checked
// first, and every mismatch (a mobile not the person's, no such national
// code, another birth date) gets one message, ErrMismatch, so a stranger
// with their own mobile learns nothing of anyone's record. A mismatch
// costs one of the code's tries, not the code: a mistyped birth date may
// be corrected while the code lives.
func (s *Service) Verify(ctx context.Context, l *Login, v Verification) (string, error) {
	if l.Step != StepVerify {
		return "", ErrStep
	}
	nc, err := fa.ParseNationalCode(v.NationalCode)
	if err != nil {
		return "", fa.Refusal(domain, "national_code", fa.MsgNationalCode).OnField("national_code")
	}
	birth, err := fa.ParseDate(v.BirthDate)
	if err != nil {
		return "", fa.Refusal(domain, "birth_date", msgBirthDate).OnField("birth_date")
	}
	if err := s.checkCode(ctx, l.Mobile, v.Code, false); err != nil {
		return "", err
	}
	match, err := s.registryMatches(ctx, nc, birth.String(), l.Mobile)
	if err != nil {
		return "", err
	}
	if !match {
		if err := s.spendTry(ctx, l.Mobile); err != nil {
			return "", err
		}
		return "", ErrMismatch
	}
	if err := s.checkCode(ctx, l.Mobile, v.Code, true); err != nil {
		return "", err
	}
	if err := s.move(ctx, s.db, l.ID, StepVerify, StepDone, ", subject = $4", nc); err != nil {
		return "", err
	}
	s.log.Info("person verified", "login", l.ID)
	return nc, nil
}

// registryMatches reports whether mobile is nc's and nc was born on
// birth, asking about the mobile first.
func (s *Service) registryMatches(ctx context.Context, nc, birth, mobile string) (bool, error) {
	ok, err := s.registry.MobileMatches(ctx, nc, mobile)
	if err != nil || !ok {
		return false, err
	}
	p, err := s.registry.Person(ctx, nc)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return p.BirthDate == birth, nil
}
