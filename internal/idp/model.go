// Package idp is the national identity provider of seed 002 (Emta): a
// civil registry with mobile ownership, sign-in pages that verify a
// person by mobile, captcha, an SMS code, national code and birth date,
// consent per application, and an OpenID Connect provider (zitadel/oidc's
// op package) that hands the verified identity to relying parties.
//
// It knows nothing of the portal's accounts: the portal's registration is
// an ordinary relying party and could use any other issuer.
package idp

import (
	"embed"
	"io/fs"
	"strings"

	"pishkhan/internal/db"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Schema holds the provider's tables. It stands alone: subjects are
// national codes, not rows of the portal's customers.
var Schema = &db.Schema{
	Name: "idp",
	FS:   func() fs.FS { f, _ := fs.Sub(migrations, "migrations"); return f }(),
}

// Person is one person of the civil registry.
type Person struct {
	NationalCode      string
	FirstName         string
	LastName          string
	FatherName        string
	BirthDate         string // Jalali "1369/08/17", Latin digits
	CertificateNumber string // «شماره شناسنامه»
	CertificatePlace  string // «محل صدور شناسنامه»
	CertificateDate   string // «تاریخ صدور شناسنامه», Jalali
	Gender            string // GenderMale, GenderFemale or ""
	Mobiles           []string
}

// Genders, as identity spells them.
const (
	GenderMale   = "male"
	GenderFemale = "female"
)

// PrimaryMobile is the person's first number («شماره همراه اصلی»).
func (p *Person) PrimaryMobile() string {
	if len(p.Mobiles) == 0 {
		return ""
	}
	return p.Mobiles[0]
}

// Scopes a relying party may ask for, beyond openid.
const (
	// ScopeIdentity: «دسترسی خواندن اطلاعات هویتی و شناسنامه ای».
	ScopeIdentity = "identity"
	// ScopeMobile: «دسترسی خواندن شماره همراه اصلی».
	ScopeMobile = "mobile"
	// ScopeOfflineAccess: refresh tokens, for clients allowed it.
	ScopeOfflineAccess = "offline_access"
)

// ScopeText is a scope as the consent page words it (the guide's page).
type ScopeText struct {
	Scope, Title, About string
}

// ScopeTitle is a scope as the person's pages name it; a scope no longer
// served (kept in an old grant) is named, never left blank.
func ScopeTitle(scope string) string {
	if scope == "openid" {
		return labelSSO
	}
	for _, t := range ScopeTexts {
		if t.Scope == scope {
			return t.Title
		}
	}
	return scopeTitleUnknown(scope)
}

// KnownScope reports whether scope is one this provider serves.
func KnownScope(scope string) bool {
	switch scope {
	case "openid", ScopeIdentity, ScopeMobile, ScopeOfflineAccess:
		return true
	}
	return false
}

// Claims the provider puts in ID tokens and userinfo for ScopeIdentity
// (beyond the standard given_name, family_name, gender, birthdate) and
// ScopeMobile (beyond phone_number, phone_number_verified).
const (
	ClaimNationalCode      = "national_code"
	ClaimFatherName        = "father_name"
	ClaimBirthDateJalali   = "birth_date_jalali"
	ClaimCertificateNumber = "certificate_number"
	ClaimCertificatePlace  = "certificate_place"
	ClaimCertificateDate   = "certificate_date"
	ClaimMobile            = "mobile"
)

// Client is a relying party registered by the admin.
type Client struct {
	ID           string
	Name         string
	SecretHash   string // "" for a public client (PKCE only)
	RedirectURIs []string
	Scopes       []string
	Disabled     bool
	IDTokenAlg   string // id_token_signed_response_alg: RS256, ES256 or EdDSA
	// Sector is the sector identifier of its pairwise subjects
	// (pairwise.go), fixed when the client is first stored;
	// SectorIdentifierURI is the registered sector_identifier_uri, if any.
	Sector              string
	SectorIdentifierURI string
}

func splitFields(s string) []string { return strings.Fields(s) }
