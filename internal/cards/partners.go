package cards

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"

	"pishkhan/internal/db"
)

// Partner is a merchant or insurer allowed to register purchases.
type Partner struct {
	ID   int64
	Name string
}

// CreatePartner adds a partner and returns its API key: shown this once,
// stored only as a hash. The key is "pk_" and 64 hex digits (32 random
// bytes), so the hash cannot be reversed by guessing.
func (s *Service) CreatePartner(ctx context.Context, name string) (*Partner, string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, "", err
	}
	key := "pk_" + hex.EncodeToString(b)
	p := &Partner{Name: name}
	// In a transaction: on SQLite only the writer connection may insert.
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		return tx.QueryRow(ctx, "INSERT INTO card_partners (name, key_hash, active, created_at) VALUES ($1, $2, 1, $3) RETURNING id",
			name, apiKeyHash(key), s.now()).Scan(&p.ID)
	})
	if err != nil {
		return nil, "", fmt.Errorf("cards: create partner: %w", err)
	}
	return p, key, nil
}

// PartnerByKey finds the active partner holding key, or ErrNotFound.
func (s *Service) PartnerByKey(ctx context.Context, key string) (*Partner, error) {
	if key == "" {
		return nil, ErrNotFound
	}
	p := &Partner{}
	err := s.db.QueryRow(ctx, "SELECT id, name FROM card_partners WHERE key_hash = $1 AND active = 1",
		apiKeyHash(key)).Scan(&p.ID, &p.Name)
	if errors.Is(err, db.ErrNoRows) {
		return nil, ErrNotFound
	}
	return p, err
}

// partnerSource is the idempotency scope of a partner: two partners may
// use the same key without seeing each other's answers.
func partnerSource(id int64) string { return "partner:" + strconv.FormatInt(id, 10) }
