package db

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
)

// Box seals the secrets an area keeps in its columns and must read back
// (an internet password, an authenticator seed, a card's number): AES-256-GCM
// with a random nonce, under a key derived by HKDF-SHA256 from the server
// key and the box's purpose, so a key of one purpose opens nothing of
// another's and the server key itself never encrypts anything.
//
// A sealed value is versioned: a version byte, the nonce, the ciphertext
// with its tag; the version byte is authenticated too. Values sealed
// before the box (the nonce and ciphertext alone, under a key an area
// derived with HMAC-SHA256 of its own label) still open when the box is
// given that label; they are sealed again in the new form the next time
// the area writes them.
type Box struct {
	aead     cipher.AEAD
	legacy   cipher.AEAD // nil: no values from before the box
	legacyAD []byte      // the additional data the old values were sealed with
}

// boxV1 is the version byte of values sealed by Box.
const boxV1 = 0x01

// ErrSealed is returned for a value that does not open: tampered with,
// cut short, or sealed for another purpose or under another key.
var ErrSealed = errors.New("db: sealed value does not open")

// NewBox returns the box of purpose ("isp/internet-password") under the
// 32-byte server key. legacyLabel, when not empty, is the HMAC label of
// the key the area sealed with before ("pishkhan/isp/internet-password").
func NewBox(serverKey []byte, purpose, legacyLabel string) (*Box, error) {
	if len(serverKey) != 32 {
		return nil, errors.New("db: the server key must be 32 bytes")
	}
	if purpose == "" {
		return nil, errors.New("db: a box needs a purpose")
	}
	key, err := hkdf.Key(sha256.New, serverKey, nil, "pishkhan/box/"+purpose, 32)
	if err != nil {
		return nil, err
	}
	b := &Box{}
	if b.aead, err = newGCM(key); err != nil {
		return nil, err
	}
	if legacyLabel != "" {
		m := hmac.New(sha256.New, serverKey)
		m.Write([]byte(legacyLabel))
		if b.legacy, err = newGCM(m.Sum(nil)); err != nil {
			return nil, err
		}
	}
	return b, nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// NewBoxRawLegacy returns the box of purpose for a package that sealed,
// before the box, under the server key itself with a label as the
// additional data (the identity provider's signing keys, "idp-key";
// registration's form, "signup-form"): such values still open, and are
// sealed in the box's form the next time the package writes them. The
// server key is only ever used to open those; nothing new is sealed with
// it.
func NewBoxRawLegacy(serverKey []byte, purpose, legacyAD string) (*Box, error) {
	b, err := NewBox(serverKey, purpose, "")
	if err != nil {
		return nil, err
	}
	if b.legacy, err = newGCM(serverKey); err != nil {
		return nil, err
	}
	b.legacyAD = []byte(legacyAD)
	return b, nil
}

// Seal encrypts plain in the current version.
func (b *Box) Seal(plain []byte) []byte {
	out := make([]byte, 1+b.aead.NonceSize(), 1+b.aead.NonceSize()+len(plain)+b.aead.Overhead())
	out[0] = boxV1
	nonce := out[1:]
	_, _ = rand.Read(nonce) // crypto/rand.Read never fails (Go 1.24)
	return b.aead.Seal(out, nonce, plain, out[:1])
}

// Open decrypts a value sealed by Seal, or by the area before the box.
func (b *Box) Open(sealed []byte) ([]byte, error) {
	n := b.aead.NonceSize()
	if len(sealed) >= 1+n && sealed[0] == boxV1 {
		if p, err := b.aead.Open(nil, sealed[1:1+n], sealed[1+n:], sealed[:1]); err == nil {
			return p, nil
		}
	}
	// An old value: its random nonce may begin with the version byte too
	// (one in 256), so a failed version-1 open falls through to here.
	if b.legacy != nil && len(sealed) >= n {
		if p, err := b.legacy.Open(nil, sealed[:n], sealed[n:], b.legacyAD); err == nil {
			return p, nil
		}
	}
	return nil, ErrSealed
}
