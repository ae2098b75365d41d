package identity

import (
	"context"
	"fmt"
)

// Staff two-factor (issue 7). The authenticator lives in the otp package,
// which imports this one; so identity only asks, through StaffTwoFactor,
// whether a staff member has enrolled, and starts their session in the
// stage that finishes the sign-in. otp serves the stages' pages (their
// StageHome entries are set by otp.Routes) and ends the stage.
const (
	// StageStaffEnrol: the staff member has no authenticator yet and must
	// enrol one before anything else.
	StageStaffEnrol = "two-factor-enrol"
	// StageStaffCode: the password was right; a code of the authenticator
	// is still due.
	StageStaffCode = "two-factor"
)

// StaffTwoFactor tells whether a staff member has an active authenticator.
type StaffTwoFactor interface {
	StaffEnrolled(ctx context.Context, staffID int64) (bool, error)
}

// UseStaffTwoFactor switches staff two-factor on (the application does,
// at start-up, with the otp service). Without it a staff session is full
// after the password, as in the areas' own page tests.
func (s *Service) UseStaffTwoFactor(tf StaffTwoFactor) { s.staffTwoFactor = tf }

// StaffTwoFactorOn reports whether staff sign-in asks for a second factor.
func (s *Service) StaffTwoFactorOn() bool { return s.staffTwoFactor != nil }

// staffStageAfterPassword is the stage a staff session enters once the
// password (and any forced change of it) is done: "" without two-factor,
// otherwise enrolment or the code.
func (s *Service) staffStageAfterPassword(ctx context.Context, staffID int64) (string, error) {
	if s.staffTwoFactor == nil {
		return "", nil
	}
	ok, err := s.staffTwoFactor.StaffEnrolled(ctx, staffID)
	if err != nil {
		return "", fmt.Errorf("identity: staff two-factor state: %w", err)
	}
	if ok {
		return StageStaffCode, nil
	}
	return StageStaffEnrol, nil
}

// StaffByUsername finds a staff member by sign-in name (the command
// line's way of naming one).
func (s *Service) StaffByUsername(ctx context.Context, username string) (*StaffMember, error) {
	return getStaffByUsername(ctx, s.db, username)
}
