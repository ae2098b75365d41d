package idp

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// Lifetimes of the protocol's objects.
const (
	authRequestTTL = 30 * time.Minute // from /authorize to the code
	codeTTL        = 2 * time.Minute  // from the code to its exchange
	accessTokenTTL = 15 * time.Minute
)

// ErrPKCERequired refuses an authorization request without an S256 code
// challenge: every client, confidential or not, must use PKCE.
var ErrPKCERequired = oidc.ErrInvalidRequest().WithDescription("PKCE is required: send code_challenge with code_challenge_method=S256")

// storage is the provider's op.Storage: every object in the database, so
// any instance can continue what another began.
type storage struct {
	s        *Service
	loginURL func(string) string
}

var _ op.Storage = (*storage)(nil)

// authRequest is one row of idp_auth_requests.
type authRequest struct {
	ID, ClientID, RedirectURI, State, Nonce string
	Scopes                                  []string
	ResponseType, ResponseMode              string
	CodeChallenge, CodeChallengeMethod      string
	Prompt                                  []string // none, login, consent
	MaxAge                                  *uint    // seconds; prompt=login is 0
	Person                                  string   // the national code, once granted
	Subject                                 string   // the client's pairwise sub for Person (set by AuthRequestByCode)
	AuthTime                                time.Time
	VerifiedAt                              *time.Time // the person verified for this very request
	IsDone                                  bool
	CreatedAt                               time.Time
}

func (a *authRequest) GetID() string         { return a.ID }
func (a *authRequest) prompts(p string) bool { return slices.Contains(a.Prompt, p) }
func (a *authRequest) GetACR() string        { return "" }
func (a *authRequest) GetAMR() []string      { return []string{"sms", "kba"} } // SMS code and knowledge (birth date)
func (a *authRequest) GetAudience() []string { return []string{a.ClientID} }
func (a *authRequest) GetAuthTime() time.Time {
	return a.AuthTime
}
func (a *authRequest) GetClientID() string { return a.ClientID }
func (a *authRequest) GetCodeChallenge() *oidc.CodeChallenge {
	if a.CodeChallenge == "" {
		return nil
	}
	return &oidc.CodeChallenge{Challenge: a.CodeChallenge, Method: oidc.CodeChallengeMethod(a.CodeChallengeMethod)}
}
func (a *authRequest) GetNonce() string                   { return a.Nonce }
func (a *authRequest) GetRedirectURI() string             { return a.RedirectURI }
func (a *authRequest) GetResponseType() oidc.ResponseType { return oidc.ResponseType(a.ResponseType) }
func (a *authRequest) GetResponseMode() oidc.ResponseMode { return oidc.ResponseMode(a.ResponseMode) }
func (a *authRequest) GetScopes() []string                { return a.Scopes }
func (a *authRequest) GetState() string                   { return a.State }
func (a *authRequest) GetSubject() string                 { return a.Subject }
func (a *authRequest) Done() bool                         { return a.IsDone }

func randomID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func (st *storage) CreateAuthRequest(ctx context.Context, r *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	if r.CodeChallenge == "" || r.CodeChallengeMethod != oidc.CodeChallengeMethodS256 {
		return nil, ErrPKCERequired
	}
	if len(r.State) > 500 || len(r.Nonce) > 500 || len(r.CodeChallenge) > 128 {
		return nil, oidc.ErrInvalidRequest().WithDescription("state, nonce or code_challenge too long")
	}
	for _, v := range []string{r.State, r.Nonce, r.CodeChallenge, r.RedirectURI, string(r.ResponseMode)} {
		if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
			return nil, oidc.ErrInvalidRequest().WithDescription("a parameter is not valid UTF-8 text")
		}
	}
	// Only scopes this client is allowed, each named on the consent page:
	// the library lets the standard ones (profile, email, offline_access…)
	// through whatever the client's registration says.
	c, err := st.client(ctx, r.ClientID)
	if err != nil {
		return nil, err
	}
	var scopes []string
	for _, sc := range r.Scopes {
		if KnownScope(sc) && slices.Contains(c.Scopes, sc) && !slices.Contains(scopes, sc) {
			scopes = append(scopes, sc)
		}
	}
	if !slices.Contains(scopes, "openid") {
		return nil, oidc.ErrInvalidScope().WithDescription("the openid scope is required")
	}
	r.Scopes = scopes
	a := &authRequest{ID: randomID(), ClientID: r.ClientID, RedirectURI: r.RedirectURI, State: r.State, Nonce: r.Nonce,
		Scopes: r.Scopes, ResponseType: string(r.ResponseType), ResponseMode: string(r.ResponseMode),
		CodeChallenge: r.CodeChallenge, CodeChallengeMethod: string(r.CodeChallengeMethod), CreatedAt: st.s.now()}
	for _, p := range r.Prompt {
		if p == oidc.PromptNone || p == oidc.PromptLogin || p == oidc.PromptConsent {
			a.Prompt = append(a.Prompt, p)
		}
	}
	var maxAge *int64
	if r.MaxAge != nil {
		// The library sets max_age 0 for prompt=login.
		a.MaxAge = r.MaxAge
		v := int64(min(*r.MaxAge, 1<<31))
		maxAge = &v
	}
	_, err = st.s.db.Exec(ctx, `INSERT INTO idp_auth_requests (id, client_id, redirect_uri, state, nonce, scopes, response_type,
		response_mode, code_challenge, code_challenge_method, prompt, max_age, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		a.ID, a.ClientID, a.RedirectURI, a.State, a.Nonce, strings.Join(a.Scopes, " "), a.ResponseType, a.ResponseMode,
		a.CodeChallenge, a.CodeChallengeMethod, strings.Join(a.Prompt, " "), maxAge, a.CreatedAt)
	if err != nil {
		return nil, fmt.Errorf("idp: store auth request: %w", err)
	}
	return a, nil
}

const authRequestColumns = `id, client_id, redirect_uri, state, nonce, scopes, response_type, response_mode, code_challenge,
	code_challenge_method, prompt, subject, auth_time, done, created_at, max_age, verified_at`

func scanAuthRequest(row db.Scanner) (*authRequest, error) {
	a := &authRequest{}
	var scopes, prompt string
	var authTime *time.Time
	var maxAge *int64
	err := row.Scan(&a.ID, &a.ClientID, &a.RedirectURI, &a.State, &a.Nonce, &scopes, &a.ResponseType, &a.ResponseMode,
		&a.CodeChallenge, &a.CodeChallengeMethod, &prompt, &a.Person, &authTime, &a.IsDone, &a.CreatedAt, &maxAge, &a.VerifiedAt)
	if err != nil {
		return nil, err
	}
	if maxAge != nil && *maxAge >= 0 {
		v := uint(*maxAge)
		a.MaxAge = &v
	}
	a.Scopes = splitFields(scopes)
	a.Prompt = splitFields(prompt)
	if authTime != nil {
		a.AuthTime = *authTime
	}
	return a, nil
}

// authRequestByID loads a live auth request (younger than authRequestTTL).
func (s *Service) authRequestByID(ctx context.Context, id string) (*authRequest, error) {
	a, err := scanAuthRequest(s.db.QueryRow(ctx, "SELECT "+authRequestColumns+" FROM idp_auth_requests WHERE id = $1", id))
	if errors.Is(err, db.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("idp: load auth request: %w", err)
	}
	if !s.now().Before(a.CreatedAt.Add(authRequestTTL)) {
		return nil, ErrNotFound
	}
	return a, nil
}

func (st *storage) AuthRequestByID(ctx context.Context, id string) (op.AuthRequest, error) {
	a, err := st.s.authRequestByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return a, nil
}

// AuthRequestByCode consumes the code: the conditional update lets one
// exchange through, ever, and only of the client the gate authenticated
// with the right PKCE verifier; a second use of the code, or one older
// than codeTTL, finds nothing (a second use revokes the first's tokens). One statement (UPDATE … RETURNING) rather than
// a transaction of an update and a read: one round trip to PostgreSQL
// instead of four.
func (st *storage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	tc := tokenClientOf(ctx)
	if tc == nil || tc.authClient == "" {
		return nil, ErrNotFound // not through the gate: no client authenticated
	}
	now := st.s.now()
	a, err := scanAuthRequest(st.s.db.ExecReturning(ctx, `UPDATE idp_auth_requests SET code_used_at = $1
		WHERE code_hash = $2 AND code_used_at IS NULL AND code_issued_at > $3 AND done AND client_id = $4 AND code_challenge = $5
		RETURNING `+authRequestColumns, now, sha(code), now.Add(-codeTTL), tc.authClient, tc.verifierS256))
	if errors.Is(err, db.ErrNoRows) {
		if err := st.revokeReplayedCode(ctx, code, tc.authClient, tc.verifierS256); err != nil {
			return nil, fmt.Errorf("idp: revoke a replayed code's tokens: %w", err)
		}
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("idp: consume code: %w", err)
	}
	c, err := st.client(ctx, a.ClientID)
	if err != nil {
		return nil, err
	}
	a.Subject = st.s.SubjectFor(c, a.Person)
	noteTokenClient(ctx, a.ClientID)
	notePerson(ctx, a.Person, a.ID)
	return a, nil
}

func (st *storage) SaveAuthCode(ctx context.Context, id, code string) error {
	res, err := st.s.db.Exec(ctx, `UPDATE idp_auth_requests SET code_hash = $1, code_issued_at = $2
		WHERE id = $3 AND done AND code_hash IS NULL`, sha(code), st.s.now(), id)
	if err != nil {
		return fmt.Errorf("idp: save code: %w", err)
	}
	if res.RowsAffected != 1 {
		return oidc.ErrInvalidRequest().WithDescription("authorization request already answered")
	}
	return nil
}

// DeleteAuthRequest is called after the tokens are made. The row is kept
// (its code marked used) until the cleanup, so a replayed code is told
// apart from a mistyped one in the logs; the code cannot be used again.
func (st *storage) DeleteAuthRequest(ctx context.Context, id string) error { return nil }

// DeleteExpired removes finished and abandoned auth requests, logins, SMS
// codes, sessions and tokens (the hourly cleanup).
func (s *Service) DeleteExpired(ctx context.Context) (int64, error) {
	now := s.now()
	var total int64
	for _, q := range []struct {
		sql string
		at  time.Time
	}{
		{"DELETE FROM idp_auth_requests WHERE created_at < $1 AND code_used_at IS NULL", now.Add(-authRequestTTL - codeTTL)},
		{"DELETE FROM idp_auth_requests WHERE code_used_at < $1", now.Add(-usedCodeKept)},
		{"DELETE FROM idp_logins WHERE created_at < $1", now.Add(-authRequestTTL)},
		{"DELETE FROM idp_sms_codes WHERE expires_at < $1", now.Add(-time.Hour)},
		{"DELETE FROM idp_sessions WHERE expires_at < $1", now},
		{"DELETE FROM idp_tokens WHERE expires_at < $1", now},
		{"DELETE FROM idp_refresh_tokens WHERE expires_at < $1", now},
	} {
		res, err := s.db.Exec(ctx, q.sql, q.at)
		if err != nil {
			return total, err
		}
		total += res.RowsAffected
	}
	return total, nil
}

func (st *storage) CreateAccessToken(ctx context.Context, r op.TokenRequest) (string, time.Time, error) {
	clientID := ""
	if c, ok := r.(interface{ GetClientID() string }); ok {
		clientID = c.GetClientID()
	}
	return st.insertAccessToken(ctx, st.s.db, clientID, r)
}

// insertAccessToken stores an access token of r for the person and grant
// noted in this request.
func (st *storage) insertAccessToken(ctx context.Context, q db.Querier, clientID string, r op.TokenRequest) (string, time.Time, error) {
	person, family := personOf(ctx)
	if person == "" {
		return "", time.Time{}, oidc.ErrServerError().WithDescription("no person behind the token request")
	}
	id := randomID()
	now := st.s.now()
	exp := now.Add(accessTokenTTL)
	_, err := q.Exec(ctx, `INSERT INTO idp_tokens (id, client_id, subject, scopes, expires_at, created_at, person, family) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		id, clientID, r.GetSubject(), strings.Join(r.GetScopes(), " "), exp, now, person, family)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("idp: store token: %w", err)
	}
	return id, exp, nil
}

// TerminateSession ends the provider sessions of the person behind
// clientID's pairwise subject userID (from an id_token_hint).
func (st *storage) TerminateSession(ctx context.Context, userID, clientID string) error {
	person, err := st.s.personBySubject(ctx, clientID, userID)
	if err != nil || person == "" {
		return err
	}
	_, err = st.s.db.Exec(ctx, "DELETE FROM idp_sessions WHERE subject = $1", person)
	return err
}

// personBySubject is the person (national code) behind clientID's
// pairwise subject sub, read from the tokens the client was issued (an
// HMAC is not read back); "" when none is left.
func (s *Service) personBySubject(ctx context.Context, clientID, sub string) (string, error) {
	var person string
	err := s.db.QueryRow(ctx, `SELECT person FROM idp_tokens WHERE client_id = $1 AND subject = $2 AND person <> ''
		UNION SELECT person FROM idp_refresh_tokens WHERE client_id = $1 AND subject = $2`, clientID, sub).Scan(&person)
	if errors.Is(err, db.ErrNoRows) {
		return "", nil
	}
	return person, err
}

// SigningKey is asked for the ID token's key with no client at hand: the
// algorithm the client registered comes through the request (token_alg.go).
func (st *storage) SigningKey(ctx context.Context) (op.SigningKey, error) {
	alg, err := st.tokenAlg(ctx)
	if err != nil {
		return nil, err
	}
	return st.s.currentKey(ctx, alg)
}

func (st *storage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return keyAlgorithms, nil
}

func (st *storage) KeySet(ctx context.Context) ([]op.Key, error) {
	keys, err := st.s.publishedKeys(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]op.Key, len(keys))
	for i, k := range keys {
		out[i] = publicKey{k}
	}
	return out, nil
}

func (st *storage) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := st.client(ctx, id)
	if err != nil {
		return nil, err
	}
	return &opClient{c: c, loginURL: st.loginURL}, nil
}

func (st *storage) AuthorizeClientIDSecret(ctx context.Context, id, secret string) error {
	c, err := st.client(ctx, id)
	if err != nil || !st.s.clientSecretMatches(ctx, c, secret) {
		return oidc.ErrInvalidClient().WithDescription("client authentication failed")
	}
	return nil
}

// SetUserinfoFromScopes fills the ID token's claims. userID is the
// client's pairwise subject, from which the person cannot be read back:
// the person comes from the code or refresh token of this request, and
// must be the one behind userID.
func (st *storage) SetUserinfoFromScopes(ctx context.Context, u *oidc.UserInfo, userID, clientID string, scopes []string) error {
	person, _ := personOf(ctx)
	c, err := st.client(ctx, clientID)
	if err != nil {
		return err
	}
	if person == "" || st.s.SubjectFor(c, person) != userID {
		return oidc.ErrServerError().WithDescription("subject of the token request unknown")
	}
	return st.s.fillUserinfo(ctx, u, userID, person, scopes)
}

func (st *storage) SetUserinfoFromToken(ctx context.Context, u *oidc.UserInfo, tokenID, subject, _ string) error {
	var scopes, tokSubject, person string
	var exp time.Time
	var revoked *time.Time
	err := st.s.db.QueryRow(ctx, "SELECT subject, scopes, expires_at, revoked_at, person FROM idp_tokens WHERE id = $1", tokenID).Scan(
		&tokSubject, &scopes, &exp, &revoked, &person)
	if err != nil || revoked != nil || !st.s.now().Before(exp) || tokSubject != subject || person == "" {
		return oidc.ErrInvalidRequest().WithDescription("access token invalid or expired")
	}
	return st.s.fillUserinfo(ctx, u, subject, person, splitFields(scopes))
}

func (st *storage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

func (st *storage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errors.New("idp: JWT profile is not offered")
}

func (st *storage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errors.New("idp: JWT profile is not offered")
}

func (st *storage) Health(ctx context.Context) error { return st.s.db.Ping(ctx) }

// fillUserinfo puts the person's data allowed by scopes into u: identity
// data for ScopeIdentity, the primary mobile for ScopeMobile.
func (s *Service) fillUserinfo(ctx context.Context, u *oidc.UserInfo, subject, person string, scopes []string) error {
	u.Subject = subject
	identityScope, mobileScope := slices.Contains(scopes, ScopeIdentity), slices.Contains(scopes, ScopeMobile)
	if !identityScope && !mobileScope {
		return nil
	}
	p, err := s.registry.Person(ctx, person)
	if err != nil {
		return err
	}
	if identityScope {
		u.GivenName, u.FamilyName = p.FirstName, p.LastName
		u.Name = p.FirstName + " " + p.LastName
		if p.Gender != "" {
			u.Gender = oidc.Gender(p.Gender)
		}
		if d, err := fa.ParseDate(p.BirthDate); err == nil {
			u.Birthdate = d.Time(nil).Format("2006-01-02")
		}
		u.AppendClaims(ClaimNationalCode, p.NationalCode)
		u.AppendClaims(ClaimFatherName, p.FatherName)
		u.AppendClaims(ClaimBirthDateJalali, p.BirthDate)
		u.AppendClaims(ClaimCertificateNumber, p.CertificateNumber)
		u.AppendClaims(ClaimCertificatePlace, p.CertificatePlace)
		u.AppendClaims(ClaimCertificateDate, p.CertificateDate)
	}
	if mobileScope && p.PrimaryMobile() != "" {
		u.AppendClaims(ClaimMobile, p.PrimaryMobile())
		u.PhoneNumber = "+98" + strings.TrimPrefix(p.PrimaryMobile(), "0")
		u.PhoneNumberVerified = true
	}
	return nil
}
