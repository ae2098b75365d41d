package idp

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"pishkhan/internal/db"
)

// keyAlgorithm is RS256, the algorithm every OpenID Connect relying party
// must accept, and the default of a client that registers none.
// keyAlgorithms are all that are served: ES256 and EdDSA sign several
// times faster than RSA-2048 (docs/benchmarks.md), for the clients that
// register them as id_token_signed_response_alg.
const (
	keyAlgorithm = jose.RS256
	keyBits      = 2048
)

var keyAlgorithms = []jose.SignatureAlgorithm{jose.RS256, jose.ES256, jose.EdDSA}

// signingKey is one row of idp_keys, opened.
type signingKey struct {
	id         string
	generation int64
	alg        jose.SignatureAlgorithm
	priv       crypto.Signer // *rsa.PrivateKey, *ecdsa.PrivateKey or ed25519.PrivateKey
	createdAt  time.Time
}

func (k *signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return k.alg }
func (k *signingKey) Key() any                                    { return k.priv }
func (k *signingKey) ID() string                                  { return k.id }

// publicKey is a key as the JWKS shows it.
type publicKey struct{ k *signingKey }

func (p publicKey) ID() string                         { return p.k.id }
func (p publicKey) Algorithm() jose.SignatureAlgorithm { return p.k.alg }
func (p publicKey) Use() string                        { return "sig" }
func (p publicKey) Key() any                           { return p.k.priv.Public() }

// keyCache keeps opened keys (parsing and decrypting on every token would
// cost more than signing) and the current key of each algorithm for a
// minute, after which the database is asked again: another instance may
// have rotated.
type keyCache struct {
	mu      sync.Mutex
	m       map[string]*signingKey
	current map[jose.SignatureAlgorithm]cachedKey
}

type cachedKey struct {
	k         *signingKey
	checkedAt time.Time
}

const keyRecheck = time.Minute

// currentKey returns the key of alg that signs now, making the first key
// or the next generation when the newest is older than KeyLifetime.
func (s *Service) currentKey(ctx context.Context, alg jose.SignatureAlgorithm) (*signingKey, error) {
	now := s.now()
	s.keys.mu.Lock()
	c := s.keys.current[alg]
	s.keys.mu.Unlock()
	if c.k != nil && now.Sub(c.checkedAt) < keyRecheck && now.Before(c.k.createdAt.Add(s.opts.KeyLifetime)) {
		return c.k, nil
	}
	for range 3 {
		newest, err := s.newestKey(ctx, alg)
		if err != nil {
			return nil, err
		}
		if newest != nil && now.Before(newest.createdAt.Add(s.opts.KeyLifetime)) {
			s.keys.mu.Lock()
			s.keys.current[alg] = cachedKey{newest, now}
			s.keys.mu.Unlock()
			return newest, nil
		}
		gen := int64(1)
		if newest != nil {
			gen = newest.generation + 1
		}
		err = s.createKey(ctx, s.db, alg, gen, now, nil)
		if err != nil && !db.IsUniqueViolation(err) {
			return nil, err
		}
		// Made, or another instance made this generation first: read again.
	}
	return nil, errors.New("idp: no signing key after rotation")
}

// RotateKey makes a new signing key of every algorithm now (the admin's
// «rotate» button and tests), in one transaction; the old ones stay
// published until they expire.
func (s *Service) RotateKey(ctx context.Context, audit AuditFunc) error {
	now := s.now()
	rows := make([]keyRow, 0, len(keyAlgorithms))
	for _, alg := range keyAlgorithms {
		newest, err := s.newestKey(ctx, alg)
		if err != nil {
			return err
		}
		gen := int64(1)
		if newest != nil {
			gen = newest.generation + 1
		}
		r, err := s.newKeyRow(alg, gen, now)
		if err != nil {
			return err
		}
		rows = append(rows, r)
	}
	if err := s.insertKeys(ctx, s.db, rows, audit); err != nil {
		return err
	}
	s.keys.mu.Lock()
	clear(s.keys.current)
	s.keys.mu.Unlock()
	return nil
}

type keyRow struct {
	id         string
	generation int64
	alg        jose.SignatureAlgorithm
	sealed     []byte
	createdAt  time.Time
}

func generateKey(alg jose.SignatureAlgorithm) (crypto.Signer, error) {
	switch alg {
	case jose.RS256:
		return rsa.GenerateKey(rand.Reader, keyBits)
	case jose.ES256:
		return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case jose.EdDSA:
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		return priv, err
	}
	return nil, fmt.Errorf("idp: unsupported key algorithm %q", alg)
}

func (s *Service) newKeyRow(alg jose.SignatureAlgorithm, generation int64, now time.Time) (keyRow, error) {
	priv, err := generateKey(alg)
	if err != nil {
		return keyRow{}, fmt.Errorf("idp: generate key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return keyRow{}, err
	}
	sealed := s.seal(der)
	id := make([]byte, 8)
	rand.Read(id)
	return keyRow{id: hex.EncodeToString(id), generation: generation, alg: alg, sealed: sealed, createdAt: now}, nil
}

func (s *Service) createKey(ctx context.Context, d *db.DB, alg jose.SignatureAlgorithm, generation int64, now time.Time, audit AuditFunc) error {
	r, err := s.newKeyRow(alg, generation, now)
	if err != nil {
		return err
	}
	return s.insertKeys(ctx, d, []keyRow{r}, audit)
}

func (s *Service) insertKeys(ctx context.Context, d *db.DB, rows []keyRow, audit AuditFunc) error {
	return d.InTx(ctx, func(tx *db.Tx) error {
		for _, r := range rows {
			if _, err := tx.Exec(ctx, `INSERT INTO idp_keys (id, generation, algorithm, private_sealed, created_at) VALUES ($1, $2, $3, $4, $5)`,
				r.id, r.generation, string(r.alg), r.sealed, r.createdAt); err != nil {
				return err
			}
		}
		return runAudit(ctx, tx, audit)
	})
}

func (s *Service) newestKey(ctx context.Context, alg jose.SignatureAlgorithm) (*signingKey, error) {
	keys, err := s.loadKeys(ctx, "WHERE algorithm = $1 ORDER BY generation DESC LIMIT 1", string(alg))
	if err != nil || len(keys) == 0 {
		return nil, err
	}
	return keys[0], nil
}

// publishedKeys are the keys in the JWKS: of every algorithm, the current
// key and every key young enough that a token it signed may still be in
// use.
func (s *Service) publishedKeys(ctx context.Context) ([]*signingKey, error) {
	for _, alg := range keyAlgorithms {
		if _, err := s.currentKey(ctx, alg); err != nil {
			return nil, err
		}
	}
	keys, err := s.loadKeys(ctx, "ORDER BY algorithm, generation DESC")
	if err != nil {
		return nil, err
	}
	cutoff := s.now().Add(-2 * s.opts.KeyLifetime)
	var out []*signingKey
	for i, k := range keys {
		newestOfAlg := i == 0 || keys[i-1].alg != k.alg
		if newestOfAlg || k.createdAt.After(cutoff) {
			out = append(out, k)
		}
	}
	return out, nil
}

func (s *Service) loadKeys(ctx context.Context, tail string, args ...any) ([]*signingKey, error) {
	type row struct {
		id         string
		generation int64
		alg        string
		sealed     []byte
		createdAt  time.Time
	}
	rows, err := db.All(ctx, s.db, func(sc db.Scanner) (row, error) {
		var r row
		return r, sc.Scan(&r.id, &r.generation, &r.alg, &r.sealed, &r.createdAt)
	}, "SELECT id, generation, algorithm, private_sealed, created_at FROM idp_keys "+tail, args...)
	if err != nil {
		return nil, fmt.Errorf("idp: load keys: %w", err)
	}
	var out []*signingKey
	for _, r := range rows {
		s.keys.mu.Lock()
		k := s.keys.m[r.id]
		s.keys.mu.Unlock()
		if k == nil {
			der, err := s.open(r.sealed)
			if err != nil {
				return nil, fmt.Errorf("idp: open key %s: %w", r.id, err)
			}
			parsed, err := x509.ParsePKCS8PrivateKey(der)
			if err != nil {
				return nil, err
			}
			priv, ok := parsed.(crypto.Signer)
			alg := jose.SignatureAlgorithm(r.alg)
			if !ok || !keyMatches(alg, priv) {
				return nil, fmt.Errorf("idp: key %s is not a %s key", r.id, alg)
			}
			k = &signingKey{id: r.id, generation: r.generation, alg: alg, priv: priv, createdAt: r.createdAt}
			s.keys.mu.Lock()
			s.keys.m[r.id] = k
			s.keys.mu.Unlock()
		}
		out = append(out, k)
	}
	return out, nil
}

// keyMatches tells whether priv is a key of alg's type.
func keyMatches(alg jose.SignatureAlgorithm, priv crypto.Signer) bool {
	switch k := priv.(type) {
	case *rsa.PrivateKey:
		return alg == jose.RS256
	case *ecdsa.PrivateKey:
		return alg == jose.ES256 && k.Curve == elliptic.P256()
	case ed25519.PrivateKey:
		return alg == jose.EdDSA
	}
	return false
}

// seal encrypts a signing key's PKCS #8 form in the box.
func (s *Service) seal(plain []byte) []byte { return s.box.Seal(plain) }

// open decrypts a key sealed by seal, or sealed before the box.
func (s *Service) open(sealed []byte) ([]byte, error) { return s.box.Open(sealed) }
