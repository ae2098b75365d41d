package signup

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/notify"
)

// flow is one row of signup_flows.
type flow struct {
	tokenHash, state, nonce, verifier, step string
	verified                                *Verified
	sealed                                  []byte
	createdAt                               time.Time
}

// domain is registration's in its refusals (fa.Error.Domain).
const domain = "signup"

// Refusals shown on the registration pages; compare with errors.Is.
var (
	ErrNoFlow    = fa.Refusal(domain, "no_flow", msgNoFlow)
	ErrDenied    = fa.Refusal(domain, "denied", msgDenied)
	ErrSSO       = fa.Refusal(domain, "sso", msgSSO)
	ErrNotSSO    = fa.Refusal(domain, "not_sso", msgNotSSO)
	ErrCodeWrong = fa.Refusal(domain, "code_wrong", msgCodeWrong).OnField("code")
	ErrCodeDead  = fa.Refusal(domain, "code_expired", msgCodeDead).OnField("code")
	ErrCooldown  = fa.Refusal(domain, "cooldown", msgCooldown).OnField("code")
)

func random(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// Begin starts a registration: it returns the browser's flow token (for
// its cookie) and the issuer's authorization URL, with state, nonce and a
// PKCE challenge.
func (s *Service) Begin(ctx context.Context) (token, authURL string, err error) {
	p, err := s.discover(ctx)
	if err != nil {
		return "", "", fmt.Errorf("signup: discover %s: %w", s.opts.Issuer, err)
	}
	token = random(32)
	f := flow{tokenHash: sha(token), state: random(24), nonce: random(24), verifier: oauth2.GenerateVerifier(), step: StepSSO}
	if _, err := s.db.Exec(ctx, `INSERT INTO signup_flows (token_hash, state, nonce, verifier, step, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		f.tokenHash, f.state, f.nonce, f.verifier, f.step, s.now()); err != nil {
		return "", "", fmt.Errorf("signup: store flow: %w", err)
	}
	authURL = s.oauth2Config(p).AuthCodeURL(f.state, oidc.Nonce(f.nonce), oauth2.S256ChallengeOption(f.verifier))
	return token, authURL, nil
}

func (s *Service) load(ctx context.Context, token string) (*flow, error) {
	if token == "" || len(token) > 100 {
		return nil, ErrNoFlow
	}
	f := &flow{}
	var claims string
	err := s.db.QueryRow(ctx, `SELECT token_hash, state, nonce, verifier, step, claims, sealed_form, created_at FROM signup_flows WHERE token_hash = $1`,
		sha(token)).Scan(&f.tokenHash, &f.state, &f.nonce, &f.verifier, &f.step, &claims, &f.sealed, &f.createdAt)
	if errors.Is(err, db.ErrNoRows) || err == nil && !s.now().Before(f.createdAt.Add(s.opts.FlowTTL)) {
		return nil, ErrNoFlow
	}
	if err != nil {
		return nil, fmt.Errorf("signup: load flow: %w", err)
	}
	if claims != "" {
		f.verified = &Verified{}
		if err := json.Unmarshal([]byte(claims), f.verified); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// Verified returns what the issuer vouched for in this browser's flow, or
// nil before single sign-on.
func (s *Service) Verified(ctx context.Context, token string) (*Verified, string, error) {
	f, err := s.load(ctx, token)
	if errors.Is(err, ErrNoFlow) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	return f.verified, f.step, nil
}

// Callback finishes the single sign-on round trip: the state must be the
// flow's, the code is exchanged with the PKCE verifier, and the ID token
// is verified (signature by the issuer's keys, issuer, audience, expiry)
// and must carry the flow's nonce. Claims missing from the ID token are
// taken from userinfo.
func (s *Service) Callback(ctx context.Context, token string, q url.Values) (*Verified, error) {
	f, err := s.load(ctx, token)
	if err != nil {
		return nil, err
	}
	if f.step != StepSSO || subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(f.state)) != 1 {
		return nil, ErrNoFlow
	}
	if e := q.Get("error"); e != "" {
		s.db.Exec(ctx, "DELETE FROM signup_flows WHERE token_hash = $1", f.tokenHash)
		if e == "access_denied" {
			return nil, ErrDenied
		}
		s.log.Warn("single sign-on refused", "error", e, "description", q.Get("error_description"))
		return nil, ErrSSO
	}
	p, err := s.discover(ctx)
	if err != nil {
		return nil, err
	}
	ctx = oidc.ClientContext(ctx, s.opts.HTTPClient)
	tok, err := s.oauth2Config(p).Exchange(ctx, q.Get("code"), oauth2.VerifierOption(f.verifier))
	if err != nil {
		s.log.Warn("code exchange failed", "err", err)
		return nil, ErrSSO
	}
	v, err := s.verifyToken(ctx, p, tok, f.nonce)
	if err != nil {
		s.log.Warn("ID token refused", "err", err)
		return nil, ErrSSO
	}
	b, _ := json.Marshal(v)
	res, err := s.db.Exec(ctx, "UPDATE signup_flows SET claims = $1, step = $2 WHERE token_hash = $3 AND step = $4",
		string(b), StepDetails, f.tokenHash, StepSSO)
	if err != nil {
		return nil, err
	}
	if res.RowsAffected != 1 {
		return nil, ErrNoFlow
	}
	return v, nil
}

// verifyToken checks the ID token and reads the verified identity.
func (s *Service) verifyToken(ctx context.Context, p *oidc.Provider, tok *oauth2.Token, nonce string) (*Verified, error) {
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return nil, errors.New("no id_token in the token response")
	}
	idt, err := p.Verifier(&oidc.Config{ClientID: s.opts.ClientID, Now: s.now}).Verify(ctx, raw)
	if err != nil {
		return nil, err
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(nonce)) != 1 {
		return nil, errors.New("nonce does not match")
	}
	v := &Verified{}
	if err := idt.Claims(v); err != nil {
		return nil, err
	}
	if v.NationalCode == "" || v.Mobile == "" && v.PhoneNumber == "" {
		// Another issuer may keep the identity for userinfo.
		ui, err := p.UserInfo(ctx, oauth2.StaticTokenSource(tok))
		if err != nil {
			return nil, fmt.Errorf("userinfo: %w", err)
		}
		if ui.Subject != idt.Subject {
			return nil, errors.New("userinfo is about another subject")
		}
		var more Verified
		if err := ui.Claims(&more); err != nil {
			return nil, err
		}
		fill(v, &more)
	}
	v.Issuer, v.Subject = idt.Issuer, idt.Subject
	return normaliseVerified(v)
}

func fill(v, more *Verified) {
	for _, f := range []struct{ dst, src *string }{{&v.NationalCode, &more.NationalCode}, {&v.FirstName, &more.FirstName},
		{&v.LastName, &more.LastName}, {&v.FatherName, &more.FatherName}, {&v.BirthDate, &more.BirthDate},
		{&v.CertificateNumber, &more.CertificateNumber}, {&v.CertificatePlace, &more.CertificatePlace},
		{&v.CertificateDate, &more.CertificateDate}, {&v.Gender, &more.Gender}, {&v.Mobile, &more.Mobile}, {&v.PhoneNumber, &more.PhoneNumber}} {
		if *f.dst == "" {
			*f.dst = *f.src
		}
	}
}

// normaliseVerified checks that the issuer gave what registration needs:
// a valid national code, names, a birth date, a mobile.
func normaliseVerified(v *Verified) (*Verified, error) {
	nc, err := fa.ParseNationalCode(v.NationalCode)
	if err != nil {
		return nil, fmt.Errorf("national_code claim: %w", err)
	}
	v.NationalCode = nc
	if v.FirstName == "" || v.LastName == "" {
		return nil, errors.New("no name claims")
	}
	d, err := fa.ParseDate(v.BirthDate)
	if err != nil {
		return nil, fmt.Errorf("birth date claim: %w", err)
	}
	v.BirthDate = d.String()
	mobile := v.Mobile
	if mobile == "" {
		mobile = v.PhoneNumber
	}
	if v.Mobile, err = fa.ParseMobile(mobile); err != nil {
		return nil, fmt.Errorf("mobile claim: %w", err)
	}
	if v.Gender != identity.GenderMale && v.Gender != identity.GenderFemale {
		v.Gender = ""
	}
	return v, nil
}

// Submit checks «تکمیل اطلاعات شخصی», keeps it sealed in the flow and
// sends the SMS validation code to the verified mobile.
func (s *Service) Submit(ctx context.Context, token string, d Details) (*Verified, error) {
	f, err := s.load(ctx, token)
	if err != nil {
		return nil, err
	}
	if f.verified == nil {
		return nil, ErrNotSSO
	}
	if f.step != StepDetails && f.step != StepConfirm {
		return nil, ErrNoFlow
	}
	if err := s.checkDetails(f.verified, &d); err != nil {
		return nil, err
	}
	b, _ := json.Marshal(d)
	sealed := s.seal(b)
	if _, err := s.db.Exec(ctx, "UPDATE signup_flows SET sealed_form = $1, step = $2 WHERE token_hash = $3",
		sealed, StepConfirm, f.tokenHash); err != nil {
		return nil, err
	}
	if err := s.sendCode(ctx, f, f.verified.Mobile); err != nil && !errors.Is(err, ErrCooldown) {
		return nil, err
	}
	return f.verified, nil
}

// Resend sends a new validation code (after the cool-down).
func (s *Service) Resend(ctx context.Context, token string) error {
	f, err := s.load(ctx, token)
	if err != nil {
		return err
	}
	if f.step != StepConfirm || f.verified == nil {
		return ErrNoFlow
	}
	return s.sendCode(ctx, f, f.verified.Mobile)
}

func (s *Service) sendCode(ctx context.Context, f *flow, mobile string) error {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return err
	}
	code := fmt.Sprintf("%06d", n.Int64())
	now := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE signup_flows SET code_mac = $1, code_wrong = 0, code_sent_at = $2, code_expires_at = $3
			WHERE token_hash = $4 AND (code_sent_at IS NULL OR code_sent_at <= $5)`,
			s.mac(f.tokenHash, code), now, now.Add(s.opts.CodeTTL), f.tokenHash, now.Add(-s.opts.ResendCooldown))
		if err != nil {
			return err
		}
		if res.RowsAffected != 1 {
			return ErrCooldown
		}
		_, err = s.sms.Queue(ctx, tx, notify.Message{To: mobile, Reason: reasonCodeSMS, Sensitive: true,
			Text: smsCode(code, fa.Digits(strconv.Itoa(int(s.opts.CodeTTL/time.Second))))})
		return err
	})
}

// Confirm checks the validation code and makes the registration final
// (the page checked the captcha): identity creates the account, or sets
// the password of the national code's account, and the certificate
// details are stored in the same transaction. The flow is then deleted.
func (s *Service) Confirm(ctx context.Context, token, code string) (*identity.Customer, bool, error) {
	f, err := s.load(ctx, token)
	if err != nil {
		return nil, false, err
	}
	if f.step != StepConfirm || f.verified == nil || f.sealed == nil {
		return nil, false, ErrNoFlow
	}
	if err := s.checkCode(ctx, f, code); err != nil {
		return nil, false, err
	}
	plain, err := s.open(f.sealed)
	if err != nil {
		return nil, false, err
	}
	var d Details
	if err := json.Unmarshal(plain, &d); err != nil {
		return nil, false, err
	}
	v := f.verified
	gender, certPlace, certDate := d.Gender, d.CertificatePlace, d.CertificateDate
	c, created, err := s.ids.RegisterVerified(ctx, identity.Registration{NationalCode: v.NationalCode, FirstName: v.FirstName, LastName: v.LastName,
		FatherName: v.FatherName, BirthDate: v.BirthDate, Gender: gender, Mobile: v.Mobile, Education: d.Education, Address: d.Address,
		Password: d.Password, Repeat: d.Repeat},
		func(ctx context.Context, tx *db.Tx, c *identity.Customer) error {
			if _, err := tx.Exec(ctx, `INSERT INTO customer_certificates (person_id, certificate_number, certificate_place, certificate_date, city, issuer, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (person_id) DO UPDATE SET certificate_number = $2, certificate_place = $3,
				certificate_date = $4, city = $5, issuer = $6, updated_at = $7`,
				c.ID, v.CertificateNumber, certPlace, certDate, d.City, v.Issuer, s.now()); err != nil {
				return fmt.Errorf("signup: certificate: %w", err)
			}
			res, err := tx.Exec(ctx, "DELETE FROM signup_flows WHERE token_hash = $1 AND step = $2", f.tokenHash, StepConfirm)
			if err != nil {
				return err
			}
			if res.RowsAffected != 1 {
				return ErrNoFlow // confirmed twice at once: the other one won
			}
			return nil
		})
	if err != nil {
		return nil, false, err
	}
	return c, created, nil
}

func (s *Service) checkCode(ctx context.Context, f *flow, code string) error {
	now := s.now()
	code = strings.NewReplacer(" ", "", "-", "").Replace(fa.LatinDigits(code))
	var outcome error
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		outcome = nil
		var mac string
		var wrong int
		var expires *time.Time
		if err := tx.QueryRow(ctx, "SELECT code_mac, code_wrong, code_expires_at FROM signup_flows WHERE token_hash = $1"+db.ForUpdate(tx),
			f.tokenHash).Scan(&mac, &wrong, &expires); err != nil {
			return err
		}
		if mac == "" || expires == nil || wrong >= s.opts.MaxWrong || !now.Before(*expires) {
			outcome = ErrCodeDead
			return nil
		}
		if hmac.Equal([]byte(mac), []byte(s.mac(f.tokenHash, code))) {
			_, err := tx.Exec(ctx, "UPDATE signup_flows SET code_mac = '' WHERE token_hash = $1", f.tokenHash)
			return err
		}
		outcome = ErrCodeWrong
		if wrong+1 >= s.opts.MaxWrong {
			outcome = ErrCodeDead
		}
		_, err := tx.Exec(ctx, "UPDATE signup_flows SET code_wrong = code_wrong + 1 WHERE token_hash = $1", f.tokenHash)
		return err
	})
	if err != nil {
		return err
	}
	return outcome
}

// DeleteExpired removes abandoned flows (the hourly cleanup).
func (s *Service) DeleteExpired(ctx context.Context) (int64, error) {
	res, err := s.db.Exec(ctx, "DELETE FROM signup_flows WHERE created_at < $1", s.now().Add(-s.opts.FlowTTL))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected, nil
}

func (s *Service) mac(tokenHash, code string) string {
	m := hmac.New(sha256.New, s.opts.Key)
	m.Write([]byte("signup-code\x00" + tokenHash + "\x00" + code))
	return hex.EncodeToString(m.Sum(nil))
}

// seal encrypts the completed form in the box.
func (s *Service) seal(plain []byte) []byte { return s.box.Seal(plain) }

// open decrypts a form sealed by seal, or sealed before the box.
func (s *Service) open(sealed []byte) ([]byte, error) { return s.box.Open(sealed) }
