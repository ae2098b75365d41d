package idp

import (
	"errors"

	"pishkhan/internal/fa"
)

// domain is the provider's in its refusals (fa.Error.Domain). Refusals
// are *fa.Error: the Persian sentence shown next to the form field. The
// protocol's own errors (OAuth error codes on the wire) are not these.
const domain = "idp"

var (
	// ErrNotFound: no such person (or client) in the registry.
	ErrNotFound = errors.New("idp: not found")

	// ErrMismatch is every registry mismatch, in one message (a mobile
	// not the person's, an unknown national code, another birth date),
	// ending with the guide's sentence: «در صورت وجود مغایرت موبایل
	// مشتری، احراز اطلاعات شخصی امکان پذیر نخواهد بود».
	ErrMismatch     = fa.Refusal(domain, "mismatch", msgMismatch).OnField("national_code")
	ErrCodeWrong    = fa.Refusal(domain, "code_wrong", msgCodeWrong).OnField("code")
	ErrCodeExpired  = fa.Refusal(domain, "code_expired", msgCodeExpired).OnField("code")
	ErrCooldown     = fa.Refusal(domain, "cooldown", msgCooldown).OnField("code")
	ErrTooManyCodes = fa.Refusal(domain, "too_many_codes", msgTooManyCodes).OnField("form")
)
