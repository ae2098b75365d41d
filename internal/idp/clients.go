package idp

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
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

// NewClient is what the admin gives to register a relying party.
type NewClient struct {
	ID           string // chosen by the admin: lower-case letters, digits, - and _
	Name         string // shown on the consent page («مجوز ورود یکپارچه به …»)
	RedirectURIs []string
	Scopes       []string // beyond openid: ScopeIdentity, ScopeMobile
	Public       bool     // no secret: PKCE alone proves the client
	IDTokenAlg   string   // id_token_signed_response_alg; "" is RS256
	// SectorIdentifierURI (https) groups clients on several hosts into
	// one sector of pairwise subjects; "" is the redirect URIs' host.
	SectorIdentifierURI string
}

// Client registration errors, in Persian for the admin's form.
var (
	ErrClientID      = fa.Refusal(domain, "client_id", msgClientID).OnField("id")
	ErrClientName    = fa.Refusal(domain, "client_name", msgClientName).OnField("name")
	ErrRedirectURI   = fa.Refusal(domain, "redirect_uri", msgRedirectURI).OnField("redirect_uris")
	ErrClientScope   = fa.Refusal(domain, "scope", msgClientScope).OnField("scopes")
	ErrClientAlg     = fa.Refusal(domain, "id_token_alg", msgClientAlg).OnField("id_token_alg")
	ErrSectorURI     = fa.Refusal(domain, "sector_identifier_uri", msgSectorURI).OnField("sector_identifier_uri")
	ErrClientIDTaken = fa.Refusal(domain, "client_taken", msgClientIDTaken).OnField("id")
)

// RegisterClient stores a relying party and returns its secret (shown to
// the admin once; only its hash is kept). A public client gets "".
func (s *Service) RegisterClient(ctx context.Context, in NewClient, audit AuditFunc) (secret string, err error) {
	c, err := validateClient(in)
	if err != nil {
		return "", err
	}
	if err := s.checkSector(ctx, c); err != nil {
		return "", err
	}
	if !in.Public {
		b := make([]byte, 32)
		rand.Read(b)
		secret = hex.EncodeToString(b)
		c.SecretHash = hashSecret(secret)
	}
	if err := s.putClient(ctx, c, false, audit); err != nil {
		return "", err
	}
	return secret, nil
}

// EnsureClient registers or updates a client with a known secret (the
// portal's own registration, whose secret is derived from the server key,
// so every instance and restart agrees without storing it anywhere).
func (s *Service) EnsureClient(ctx context.Context, in NewClient, secret string) error {
	c, err := validateClient(in)
	if err != nil {
		return err
	}
	if secret != "" {
		c.SecretHash = hashSecret(secret)
	}
	return s.putClient(ctx, c, true, nil)
}

// AuditFunc writes the audit record of a staff action with q, inside the
// action's transaction (identity.Service.Audit); nil writes nothing.
type AuditFunc func(ctx context.Context, q db.Querier) error

func runAudit(ctx context.Context, q db.Querier, audit AuditFunc) error {
	if audit == nil {
		return nil
	}
	return audit(ctx, q)
}

func (s *Service) putClient(ctx context.Context, c *Client, upsert bool, audit AuditFunc) error {
	// The sector is written once: a client's subjects stay what they were
	// when its redirect URIs change (a client stored before pairwise
	// subjects gets the sector its registration implied).
	q := `INSERT INTO idp_clients (id, name, secret_hash, redirect_uris, scopes, created_at, id_token_alg, sector, sector_identifier_uri)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`
	if upsert {
		q += ` ON CONFLICT (id) DO UPDATE SET name = $2, secret_hash = $3, redirect_uris = $4, scopes = $5, id_token_alg = $7,
			sector = CASE WHEN idp_clients.sector = '' THEN $8 ELSE idp_clients.sector END, sector_identifier_uri = $9`
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, q, c.ID, c.Name, c.SecretHash, strings.Join(c.RedirectURIs, "\n"), strings.Join(c.Scopes, " "), s.now(), c.IDTokenAlg,
			c.sectorOrDerived(), c.SectorIdentifierURI); err != nil {
			return err
		}
		return runAudit(ctx, tx, audit)
	})
	if db.IsUniqueViolation(err) {
		return ErrClientIDTaken
	}
	if err != nil {
		return fmt.Errorf("idp: store client: %w", err)
	}
	return nil
}

func validateClient(in NewClient) (*Client, error) {
	id := strings.TrimSpace(in.ID)
	if len(id) < 3 || len(id) > 40 || strings.Trim(id, "abcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
		return nil, ErrClientID
	}
	name := strings.TrimSpace(in.Name)
	if name == "" || len([]rune(name)) > 80 {
		return nil, ErrClientName
	}
	c := &Client{ID: id, Name: name, Scopes: []string{"openid"}, IDTokenAlg: in.IDTokenAlg}
	if c.IDTokenAlg == "" {
		c.IDTokenAlg = string(keyAlgorithm)
	}
	if !slices.Contains(keyAlgorithms, jose.SignatureAlgorithm(c.IDTokenAlg)) {
		return nil, ErrClientAlg
	}
	for _, raw := range in.RedirectURIs {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			continue
		}
		u, err := url.Parse(raw)
		web := err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.Fragment == ""
		if len(raw) > 500 || !web && !(in.Public && privateUseRedirect(raw)) {
			return nil, ErrRedirectURI
		}
		if !slices.Contains(c.RedirectURIs, raw) {
			c.RedirectURIs = append(c.RedirectURIs, raw)
		}
	}
	if len(c.RedirectURIs) == 0 {
		return nil, ErrRedirectURI
	}
	if raw := strings.TrimSpace(in.SectorIdentifierURI); raw != "" {
		u, err := url.Parse(raw)
		if err != nil || u.Scheme != "https" || u.Hostname() == "" || len(raw) > 500 {
			return nil, ErrSectorURI
		}
		c.SectorIdentifierURI = raw
	}
	for _, sc := range in.Scopes {
		if !KnownScope(sc) {
			return nil, ErrClientScope
		}
		if !slices.Contains(c.Scopes, sc) {
			c.Scopes = append(c.Scopes, sc)
		}
	}
	return c, nil
}

func hashSecret(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

const clientColumns = "id, name, secret_hash, redirect_uris, scopes, disabled, id_token_alg, sector, sector_identifier_uri"

// ClientByID returns a registered, enabled client, or ErrNotFound.
func (s *Service) ClientByID(ctx context.Context, id string) (*Client, error) {
	// Hostile ids never reach the database (PostgreSQL refuses invalid
	// UTF-8 and NUL with an error, not with no row).
	if len(id) > 100 || !utf8.ValidString(id) || strings.ContainsRune(id, 0) {
		return nil, ErrNotFound
	}
	c := &Client{}
	var uris, scopes string
	err := s.db.QueryRow(ctx, "SELECT "+clientColumns+" FROM idp_clients WHERE id = $1", id).Scan(
		&c.ID, &c.Name, &c.SecretHash, &uris, &scopes, &c.Disabled, &c.IDTokenAlg, &c.Sector, &c.SectorIdentifierURI)
	if errors.Is(err, db.ErrNoRows) || err == nil && c.Disabled {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("idp: load client: %w", err)
	}
	c.RedirectURIs = strings.Split(uris, "\n")
	c.Scopes = splitFields(scopes)
	return c, nil
}

// Clients lists every registered client (the admin's page).
func (s *Service) Clients(ctx context.Context) ([]*Client, error) {
	return db.All(ctx, s.db, func(sc db.Scanner) (*Client, error) {
		c := &Client{}
		var uris, scopes string
		err := sc.Scan(&c.ID, &c.Name, &c.SecretHash, &uris, &scopes, &c.Disabled, &c.IDTokenAlg, &c.Sector, &c.SectorIdentifierURI)
		c.RedirectURIs = strings.Split(uris, "\n")
		c.Scopes = splitFields(scopes)
		return c, err
	}, "SELECT "+clientColumns+" FROM idp_clients ORDER BY id")
}

// SetClientDisabled turns a client off (its sign-ins are refused) or on.
func (s *Service) SetClientDisabled(ctx context.Context, id string, disabled bool, audit AuditFunc) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE idp_clients SET disabled = $1 WHERE id = $2", disabled, id); err != nil {
			return err
		}
		return runAudit(ctx, tx, audit)
	})
}

// opClient adapts a Client to zitadel's op.Client.
type opClient struct {
	c        *Client
	loginURL func(authRequestID string) string
}

func (o *opClient) GetID() string                    { return o.c.ID }
func (o *opClient) RedirectURIs() []string           { return o.c.RedirectURIs }
func (o *opClient) PostLogoutRedirectURIs() []string { return nil }
func (o *opClient) ApplicationType() op.ApplicationType {
	if o.c.native() {
		return op.ApplicationTypeNative
	}
	if o.c.SecretHash == "" {
		return op.ApplicationTypeUserAgent
	}
	return op.ApplicationTypeWeb
}
func (o *opClient) AuthMethod() oidc.AuthMethod {
	if o.c.SecretHash == "" {
		return oidc.AuthMethodNone
	}
	return oidc.AuthMethodBasic
}
func (o *opClient) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}

// GrantTypes: refresh tokens for the clients allowed offline_access.
func (o *opClient) GrantTypes() []oidc.GrantType {
	if slices.Contains(o.c.Scopes, ScopeOfflineAccess) {
		return []oidc.GrantType{oidc.GrantTypeCode, oidc.GrantTypeRefreshToken}
	}
	return []oidc.GrantType{oidc.GrantTypeCode}
}
func (o *opClient) LoginURL(id string) string { return o.loginURL(id) }
func (o *opClient) AccessTokenType() op.AccessTokenType {
	return op.AccessTokenTypeBearer
}
func (o *opClient) IDTokenLifetime() time.Duration { return time.Hour }

// DevMode lets a public client use an http redirect (local testing);
// confidential clients may anyway, as the library allows for the code flow.
func (o *opClient) DevMode() bool { return false }
func (o *opClient) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (o *opClient) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}

// IsScopeAllowed lets through the custom scopes the admin allowed this
// client; the library drops the others from the request.
func (o *opClient) IsScopeAllowed(scope string) bool     { return slices.Contains(o.c.Scopes, scope) }
func (o *opClient) IDTokenUserinfoClaimsAssertion() bool { return false }
func (o *opClient) ClockSkew() time.Duration             { return 0 }

func secretMatches(hash, secret string) bool {
	return hash != "" && subtle.ConstantTimeCompare([]byte(hash), []byte(hashSecret(secret))) == 1
}

// redirectAllowed reports whether the client registered redirect (the
// provider's own check before the library's, so that a bad one gets a
// page and never a redirect).
func (c *Client) redirectAllowed(redirect string) bool {
	return slices.Contains(c.RedirectURIs, redirect) || c.loopbackMatches(redirect)
}
