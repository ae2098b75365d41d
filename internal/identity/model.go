// Package identity decides who someone is: customers and their login
// identifiers, staff and their roles, passwords and the password policy,
// the sign-in lockout, security questions, password recovery, the profile,
// and the audit log of every security event.
//
// It holds no HTTP: the pages call the Service and show its *fa.Error
// messages. Sessions belong to the web kit; identity only says who may
// sign in and, after a password change, asks its EndSessions callback to
// end the person's other sessions.
package identity

import (
	"embed"
	"io/fs"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/notify"
	"pishkhan/internal/web"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Schema holds identity's tables. It requires notify (recovery queues SMS
// in the same transaction) and web (sessions are ended in the same
// transaction as a password change).
var Schema = &db.Schema{
	Name:     "identity",
	FS:       func() fs.FS { f, _ := fs.Sub(migrations, "migrations"); return f }(),
	Requires: []*db.Schema{notify.Schema, web.Schema},
}

// Subject kinds: the same words the web kit's sessions use.
const (
	KindCustomer = "customer"
	KindStaff    = "staff"
)

// Identifier kinds a customer may sign in with.
const (
	IdentUsername     = "username"
	IdentMobile       = "mobile"
	IdentNationalCode = "national_code"
	// IdentLineNumber is the number of a subscriber's telephone line,
	// without its leading zero («شماره یا کد بدون صفر»), as the ISP
	// guide signs subscribers in.
	IdentLineNumber = "line_number"
)

// Customer is a person identified by a national code.
type Customer struct {
	ID           int64
	NationalCode string
	FirstName    string
	LastName     string
	FatherName   string
	BirthDate    string // Jalali "1369/08/17", Latin digits; "" until set
	Gender       string // GenderMale, GenderFemale or ""
	Email        string
	PostalCode   string
	Address      string
	Education    string // one of Educations, or ""
	Mobile       string // 09xxxxxxxxx or ""
	Username     string // "" when none was chosen
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// FullName is the name as shown in headers and the SMS log.
func (c *Customer) FullName() string {
	switch {
	case c.FirstName == "":
		return c.LastName
	case c.LastName == "":
		return c.FirstName
	}
	return c.FirstName + " " + c.LastName
}

// Genders.
const (
	GenderMale   = "male"
	GenderFemale = "female"
)

// GenderLabel is the Persian label of a gender.
func GenderLabel(g string) string { return genderLabels[g] }

// Staff roles.
const (
	RoleAdmin      = "admin"
	RoleSupport    = "support"
	RoleFinance    = "finance"
	RoleSalesAgent = "sales_agent"
)

// Roles lists the roles every deployment has, in the order the back
// office shows them; AllRoles adds those the enabled areas registered.
var Roles = []string{RoleAdmin, RoleSupport, RoleFinance, RoleSalesAgent}

// RoleLabel is the Persian label of a role.
func RoleLabel(r string) string {
	if l, ok := roleLabels[r]; ok {
		return l
	}
	if l, ok := areaRoleLabel(r); ok {
		return l
	}
	return r
}

// StaffMember is a back-office account.
type StaffMember struct {
	ID         int64
	Username   string
	FullName   string
	Roles      []string
	Disabled   bool
	MustChange bool
	CreatedAt  time.Time
}

// HasRole reports whether the staff member holds role. Admins hold every
// role: the back office never has to list "admin" next to each permission.
func (s *StaffMember) HasRole(role string) bool {
	for _, r := range s.Roles {
		if r == role || r == RoleAdmin {
			return true
		}
	}
	return false
}

// Result is a successful sign-in.
type Result struct {
	Kind      string // KindCustomer or KindStaff
	SubjectID int64
	Name      string
	// MustChangePassword: every page must lead to the change form until
	// the password has been changed.
	MustChangePassword bool
	// NeedsSecurityQuestions: the customer has not yet answered the three
	// security questions (always false for staff).
	NeedsSecurityQuestions bool
	// Staff is set for staff sign-ins.
	Staff *StaffMember
}

// SignInEvent is one sign-in attempt, successful or not.
type SignInEvent struct {
	ID         int64
	Kind       string
	SubjectID  int64 // 0 when the identifier matched nobody
	Identifier string
	At         time.Time
	IP         string
	UserAgent  string
	Success    bool
	Reason     string // one of the Reason… constants
}

// ReasonName is the event's reason in Persian, as staff read it.
func (e SignInEvent) ReasonName() string { return ReasonLabel(e.Reason) }

// Sign-in event reasons.
const (
	ReasonOK             = "ok"
	ReasonBadPassword    = "bad_password"
	ReasonUnknown        = "unknown_identifier"
	ReasonAddressLocked  = "address_locked"
	ReasonAccountLocked  = "account_locked"
	ReasonInitialExpired = "initial_password_expired"
	ReasonDisabled       = "disabled"
)

// ReasonLabel is the Persian label of a sign-in event reason.
func ReasonLabel(r string) string {
	if l, ok := reasonLabels[r]; ok {
		return l
	}
	return r
}

// Limit is one attempt limit: Attempts failures within Window (counted
// from the first) lock for Lock, measured from the last of them. A zero
// Lock makes it a plain rate limit: Attempts requests per Window, whatever
// their outcome, then refused until the window ends.
type Limit struct {
	Attempts int
	Window   time.Duration
	Lock     time.Duration
}
