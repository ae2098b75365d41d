// Package signup is the portal's verified registration of seed 002:
// «ثبت نام یا تنظیم رمز» sends the visitor to an OpenID Connect issuer
// (Pishkhan's own idp by default, any issuer by its discovery URL), the
// callback validates the ID token, and «تکمیل اطلاعات شخصی» opens with
// what the token carried, locked. The visitor completes the rest in
// Persian, confirms an SMS code and a captcha, and identity creates the
// account — or, for a national code that has one, sets its password.
//
// It is an ordinary relying party: it knows the issuer only through the
// protocol, never through Go code.
package signup

import (
	"embed"
	"io/fs"

	"pishkhan/internal/db"
	"pishkhan/internal/identity"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Schema holds the registration flows and the certificate details.
var Schema = &db.Schema{
	Name:     "signup",
	FS:       func() fs.FS { f, _ := fs.Sub(migrations, "migrations"); return f }(),
	Requires: []*db.Schema{identity.Schema},
}

// Steps of a flow.
const (
	StepSSO     = "sso"     // sent to the issuer, not back yet
	StepDetails = "details" // verified: «تکمیل اطلاعات شخصی»
	StepConfirm = "confirm" // form sealed, SMS code sent: code + captcha
)

// Scopes the portal asks the issuer for.
var Scopes = []string{"openid", "identity", "mobile"}

// Verified is what the issuer vouched for.
type Verified struct {
	Issuer            string `json:"iss"`
	Subject           string `json:"sub"`
	NationalCode      string `json:"national_code"`
	FirstName         string `json:"given_name"`
	LastName          string `json:"family_name"`
	FatherName        string `json:"father_name"`
	BirthDate         string `json:"birth_date_jalali"`
	CertificateNumber string `json:"certificate_number"`
	CertificatePlace  string `json:"certificate_place"`
	CertificateDate   string `json:"certificate_date"`
	Gender            string `json:"gender"`
	Mobile            string `json:"mobile"`
	PhoneNumber       string `json:"phone_number"`
}

// Details is what the person completes on «تکمیل اطلاعات شخصی».
type Details struct {
	Password         string `json:"password"`
	Repeat           string `json:"repeat"`
	Education        string `json:"education"`
	CertificatePlace string `json:"certificate_place"`
	CertificateDate  string `json:"certificate_date"`
	City             string `json:"city"`
	Gender           string `json:"gender"`
	Address          string `json:"address"`
}
