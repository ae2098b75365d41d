package idp

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
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
// must accept.
const (
	keyAlgorithm = jose.RS256
	keyBits      = 2048
)

// signingKey is one row of idp_keys, opened.
type signingKey struct {
	id         string
	generation int64
	priv       *rsa.PrivateKey
	createdAt  time.Time
}

func (k *signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return keyAlgorithm }
func (k *signingKey) Key() any                                    { return k.priv }
func (k *signingKey) ID() string                                  { return k.id }

// publicKey is a key as the JWKS shows it.
type publicKey struct{ k *signingKey }

func (p publicKey) ID() string                         { return p.k.id }
func (p publicKey) Algorithm() jose.SignatureAlgorithm { return keyAlgorithm }
func (p publicKey) Use() string                        { return "sig" }
func (p publicKey) Key() any                           { return &p.k.priv.PublicKey }

// keyCache keeps opened keys (parsing and decrypting on every token would
// cost more than signing) and the current key for a minute, after which
// the database is asked again: another instance may have rotated.
type keyCache struct {
	mu        sync.Mutex
	m         map[string]*signingKey
	current   *signingKey
	checkedAt time.Time
}

const keyRecheck = time.Minute

// currentKey returns the key that signs now, making the first key or the
// next generation when the newest is older than KeyLifetime.
func (s *Service) currentKey(ctx context.Context) (*signingKey, error) {
	now := s.now()
	s.keys.mu.Lock()
	cur, checked := s.keys.current, s.keys.checkedAt
	s.keys.mu.Unlock()
	if cur != nil && now.Sub(checked) < keyRecheck && now.Before(cur.createdAt.Add(s.opts.KeyLifetime)) {
		return cur, nil
	}
	for range 3 {
		newest, err := s.newestKey(ctx)
		if err != nil {
			return nil, err
		}
		if newest != nil && now.Before(newest.createdAt.Add(s.opts.KeyLifetime)) {
			s.keys.mu.Lock()
			s.keys.current, s.keys.checkedAt = newest, now
			s.keys.mu.Unlock()
			return newest, nil
		}
		gen := int64(1)
		if newest != nil {
			gen = newest.generation + 1
		}
		err = s.createKey(ctx, s.db, gen, now, nil)
		if err != nil && !db.IsUniqueViolation(err) {
			return nil, err
		}
		// Made, or another instance made this generation first: read again.
	}
	return nil, errors.New("idp: no signing key after rotation")
}

// RotateKey makes a new signing key now (the admin's «rotate» button and
// tests); the old one stays published until it expires.
func (s *Service) RotateKey(ctx context.Context, audit AuditFunc) error {
	newest, err := s.newestKey(ctx)
	if err != nil {
		return err
	}
	gen := int64(1)
	if newest != nil {
		gen = newest.generation + 1
	}
	if err := s.createKey(ctx, s.db, gen, s.now(), audit); err != nil {
		return err
	}
	s.keys.mu.Lock()
	s.keys.current = nil
	s.keys.mu.Unlock()
	return nil
}

func (s *Service) createKey(ctx context.Context, d *db.DB, generation int64, now time.Time, audit AuditFunc) error {
	priv, err := rsa.GenerateKey(rand.Reader, keyBits)
	if err != nil {
		return fmt.Errorf("idp: generate key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return err
	}
	sealed, err := s.seal(der)
	if err != nil {
		return err
	}
	id := make([]byte, 8)
	rand.Read(id)
	return d.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO idp_keys (id, generation, algorithm, private_sealed, created_at) VALUES ($1, $2, $3, $4, $5)`,
			hex.EncodeToString(id), generation, string(keyAlgorithm), sealed, now); err != nil {
			return err
		}
		return runAudit(ctx, tx, audit)
	})
}

func (s *Service) newestKey(ctx context.Context) (*signingKey, error) {
	keys, err := s.loadKeys(ctx, "ORDER BY generation DESC LIMIT 1")
	if err != nil || len(keys) == 0 {
		return nil, err
	}
	return keys[0], nil
}

// publishedKeys are the keys in the JWKS: every key young enough that a
// token it signed may still be in use.
func (s *Service) publishedKeys(ctx context.Context) ([]*signingKey, error) {
	if _, err := s.currentKey(ctx); err != nil {
		return nil, err
	}
	keys, err := s.loadKeys(ctx, "ORDER BY generation DESC")
	if err != nil {
		return nil, err
	}
	cutoff := s.now().Add(-2 * s.opts.KeyLifetime)
	var out []*signingKey
	for i, k := range keys {
		if i == 0 || k.createdAt.After(cutoff) {
			out = append(out, k)
		}
	}
	return out, nil
}

func (s *Service) loadKeys(ctx context.Context, tail string) ([]*signingKey, error) {
	type row struct {
		id         string
		generation int64
		sealed     []byte
		createdAt  time.Time
	}
	rows, err := db.All(ctx, s.db, func(sc db.Scanner) (row, error) {
		var r row
		return r, sc.Scan(&r.id, &r.generation, &r.sealed, &r.createdAt)
	}, "SELECT id, generation, private_sealed, created_at FROM idp_keys "+tail)
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
			priv, ok := parsed.(*rsa.PrivateKey)
			if !ok {
				return nil, fmt.Errorf("idp: key %s is not RSA", r.id)
			}
			k = &signingKey{id: r.id, generation: r.generation, priv: priv, createdAt: r.createdAt}
			s.keys.mu.Lock()
			s.keys.m[r.id] = k
			s.keys.mu.Unlock()
		}
		out = append(out, k)
	}
	return out, nil
}

func (s *Service) aead() (cipher.AEAD, error) {
	block, err := aes.NewCipher(s.opts.Key[:32])
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func (s *Service) seal(plain []byte) ([]byte, error) {
	g, err := s.aead()
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, g.NonceSize())
	rand.Read(nonce)
	return g.Seal(nonce, nonce, plain, []byte("idp-key")), nil
}

func (s *Service) open(sealed []byte) ([]byte, error) {
	g, err := s.aead()
	if err != nil {
		return nil, err
	}
	if len(sealed) < g.NonceSize() {
		return nil, errors.New("short")
	}
	return g.Open(nil, sealed[:g.NonceSize()], sealed[g.NonceSize():], []byte("idp-key"))
}
