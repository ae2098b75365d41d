package identity

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ccojocar/zxcvbn-go"
)

// Minimum password lengths. Staff passwords open the back office, so they
// must be longer.
const (
	MinPasswordLen      = 8
	MinStaffPasswordLen = 12
	// minStrength is zxcvbn's score (0–4) a password must reach: 3 is
	// "safely unguessable" for an online attack that the lockout also
	// slows down.
	minStrength = 3
)

// PasswordContext is what the policy compares a password with: the
// person's own data, which makes a password easy to guess for anyone who
// knows them.
type PasswordContext struct {
	Staff        bool
	NationalCode string
	Username     string
	Mobile       string
	FirstName    string
	LastName     string
	FatherName   string
	BirthDate    string // Jalali YYYY/MM/DD; its year is a hint
	FullName     string // staff
}

// CheckPassword returns every rule the password breaks, in Persian, in a
// fixed order; nil means it is acceptable. It is exported so a page can
// show the problems as the person types, before anything is submitted.
func CheckPassword(password string, pc PasswordContext) []string {
	password = normalisePassword(password)
	var problems []string
	min, short := MinPasswordLen, msgTooShort
	if pc.Staff {
		min, short = MinStaffPasswordLen, msgStaffShort
	}
	if utf8.RuneCountInString(password) < min {
		problems = append(problems, short)
	}
	var upper, digit, persian bool
	for _, r := range password {
		switch {
		case 'A' <= r && r <= 'Z':
			upper = true
		case '0' <= r && r <= '9':
			digit = true
		case unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r):
			persian = true
		}
	}
	if !upper {
		problems = append(problems, msgNoUpper)
	}
	if !digit {
		problems = append(problems, msgNoDigit)
	}
	if persian {
		problems = append(problems, msgPersian)
	}
	if equalsPersonal(password, pc) {
		problems = append(problems, msgPersonal)
	}
	if password != "" && !persian {
		// zxcvbn knows Latin passwords; a Persian one is refused above.
		if zxcvbn.PasswordStrength(password, pc.hints()).Score < minStrength {
			problems = append(problems, msgGuessable)
		}
	}
	return problems
}

func equalsPersonal(password string, pc PasswordContext) bool {
	for _, v := range []string{pc.NationalCode, pc.Username, pc.Mobile, strings.TrimPrefix(pc.Mobile, "0")} {
		if v != "" && strings.EqualFold(password, v) {
			return true
		}
	}
	return false
}

// hints are zxcvbn's "user inputs": a password built from them scores low.
func (pc PasswordContext) hints() []string {
	var h []string
	add := func(vs ...string) {
		for _, v := range vs {
			if v = strings.TrimSpace(v); v != "" {
				h = append(h, strings.ToLower(v))
			}
		}
	}
	add(pc.NationalCode, pc.Username, pc.Mobile, strings.TrimPrefix(pc.Mobile, "0"), pc.FirstName, pc.LastName, pc.FatherName)
	add(strings.Fields(pc.FullName)...)
	if y, _, ok := strings.Cut(pc.BirthDate, "/"); ok {
		if _, err := strconv.Atoi(y); err == nil {
			add(y, pc.BirthDate, strings.ReplaceAll(pc.BirthDate, "/", ""))
		}
	}
	add("pishkhan", passwordHintBrand)
	return h
}
