package db_test

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"testing"

	"pishkhan/internal/db"
)

var boxKey = []byte("0123456789abcdef0123456789abcdef")

func gcm(t *testing.T, key []byte) cipher.AEAD {
	t.Helper()
	block, err := aes.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	a, err := cipher.NewGCM(block)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func newBox(t *testing.T, key []byte, purpose, legacy string) *db.Box {
	t.Helper()
	b, err := db.NewBox(key, purpose, legacy)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestBoxSealsAndOpens: a value opens to what was sealed; two seals of it
// differ (a fresh nonce each); the format is a version byte, a 12-byte
// nonce, the ciphertext and a 16-byte tag.
func TestBoxSealsAndOpens(t *testing.T) {
	b := newBox(t, boxKey, "isp/internet-password", "")
	s1, s2 := b.Seal([]byte("modem-pass1")), b.Seal([]byte("modem-pass1"))
	if bytes.Equal(s1, s2) {
		t.Error("two seals of one value are equal")
	}
	if s1[0] != 0x01 || len(s1) != 1+12+len("modem-pass1")+16 {
		t.Errorf("sealed form % x", s1)
	}
	for _, s := range [][]byte{s1, s2} {
		if p, err := b.Open(s); err != nil || string(p) != "modem-pass1" {
			t.Errorf("Open = %q, %v", p, err)
		}
	}
	if p, err := b.Open(b.Seal(nil)); err != nil || len(p) != 0 {
		t.Errorf("empty value: %q, %v", p, err)
	}
}

// TestBoxOpensValuesSealedBefore: a value sealed the way the areas sealed
// before the box (HMAC-SHA256 of the area's label as the key, nonce then
// ciphertext) opens with that label, and not without it; a value of the
// current version whose derivation is written out here (HKDF-SHA256 of
// the server key, info "pishkhan/box/"+purpose) opens, so the key stays
// what it was when values were sealed.
func TestBoxOpensValuesSealedBefore(t *testing.T) {
	m := hmac.New(sha256.New, boxKey)
	m.Write([]byte("pishkhan/otp/aes-gcm"))
	old := gcm(t, m.Sum(nil))
	nonce := bytes.Repeat([]byte{0x01}, 12) // begins like a version byte
	legacy := old.Seal(append([]byte{}, nonce...), nonce, []byte("JBSWY3DPEHPK3PXP"), nil)

	b := newBox(t, boxKey, "otp/seeds", "pishkhan/otp/aes-gcm")
	if p, err := b.Open(legacy); err != nil || string(p) != "JBSWY3DPEHPK3PXP" {
		t.Errorf("legacy value: %q, %v", p, err)
	}
	if _, err := newBox(t, boxKey, "otp/seeds", "").Open(legacy); !errors.Is(err, db.ErrSealed) {
		t.Errorf("legacy value opened without its label: %v", err)
	}
	if _, err := newBox(t, boxKey, "otp/seeds", "pishkhan/isp/internet-password").Open(legacy); !errors.Is(err, db.ErrSealed) {
		t.Errorf("legacy value opened under another label: %v", err)
	}

	key, err := hkdf.Key(sha256.New, boxKey, nil, "pishkhan/box/otp/seeds", 32)
	if err != nil {
		t.Fatal(err)
	}
	v1 := append([]byte{0x01}, nonce...)
	v1 = gcm(t, key).Seal(v1, nonce, []byte("seed"), []byte{0x01})
	if p, err := b.Open(v1); err != nil || string(p) != "seed" {
		t.Errorf("version 1 value from the written-out derivation: %q, %v", p, err)
	}
}

// TestBoxRefusesTampering: any byte changed, the value cut short or
// grown, or nothing at all, is ErrSealed — in both formats.
func TestBoxRefusesTampering(t *testing.T) {
	b := newBox(t, boxKey, "cards/secrets", "pishkhan/cards/aes-gcm")
	m := hmac.New(sha256.New, boxKey)
	m.Write([]byte("pishkhan/cards/aes-gcm"))
	nonce := make([]byte, 12)
	legacy := gcm(t, m.Sum(nil)).Seal(append([]byte{}, nonce...), nonce, []byte("6037991234567890"), nil)
	for name, sealed := range map[string][]byte{"version 1": b.Seal([]byte("6037991234567890")), "legacy": legacy} {
		for i := range sealed {
			bad := bytes.Clone(sealed)
			bad[i] ^= 0x20
			if _, err := b.Open(bad); !errors.Is(err, db.ErrSealed) {
				t.Errorf("%s: byte %d changed opened (%v)", name, i, err)
			}
		}
		for _, bad := range [][]byte{sealed[:len(sealed)-1], sealed[:5], append(bytes.Clone(sealed), 0), nil} {
			if _, err := b.Open(bad); !errors.Is(err, db.ErrSealed) {
				t.Errorf("%s: %d bytes opened (%v)", name, len(bad), err)
			}
		}
	}
}

// TestBoxPurposesAreSeparate: a value of one purpose does not open in a
// box of another purpose, nor under another server key.
func TestBoxPurposesAreSeparate(t *testing.T) {
	isp := newBox(t, boxKey, "isp/internet-password", "")
	sealed := isp.Seal([]byte("modem-pass1"))
	if _, err := newBox(t, boxKey, "otp/seeds", "").Open(sealed); !errors.Is(err, db.ErrSealed) {
		t.Errorf("another purpose opened it: %v", err)
	}
	other := []byte("fedcba9876543210fedcba9876543210")
	if _, err := newBox(t, other, "isp/internet-password", "").Open(sealed); !errors.Is(err, db.ErrSealed) {
		t.Errorf("another server key opened it: %v", err)
	}
	if _, err := db.NewBox(boxKey[:16], "x", ""); err == nil {
		t.Error("a 16-byte server key was taken")
	}
	if _, err := db.NewBox(boxKey, "", ""); err == nil {
		t.Error("a box without a purpose was made")
	}
}

// TestBoxOpensValuesSealedUnderTheServerKey: a value sealed the way idp
// and signup sealed before the box (the server key itself, a label as the
// additional data, nonce then ciphertext) opens in a box made with that
// label, and not with another label nor in a plain box; what the box
// seals is in the versioned form and does not open under the raw key.
func TestBoxOpensValuesSealedUnderTheServerKey(t *testing.T) {
	old := gcm(t, boxKey)
	nonce := bytes.Repeat([]byte{0x01}, 12) // begins like a version byte
	legacy := old.Seal(append([]byte{}, nonce...), nonce, []byte("signing key"), []byte("idp-key"))

	b, err := db.NewBoxRawLegacy(boxKey, "idp/keys", "idp-key")
	if err != nil {
		t.Fatal(err)
	}
	if p, err := b.Open(legacy); err != nil || string(p) != "signing key" {
		t.Errorf("legacy value: %q, %v", p, err)
	}
	other, err := db.NewBoxRawLegacy(boxKey, "idp/keys", "signup-form")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Open(legacy); !errors.Is(err, db.ErrSealed) {
		t.Errorf("legacy value opened under another label: %v", err)
	}
	if _, err := newBox(t, boxKey, "idp/keys", "").Open(legacy); !errors.Is(err, db.ErrSealed) {
		t.Errorf("legacy value opened in a plain box: %v", err)
	}
	sealed := b.Seal([]byte("signing key"))
	if sealed[0] != 0x01 {
		t.Errorf("sealed form % x", sealed)
	}
	if _, err := old.Open(nil, sealed[1:13], sealed[13:], []byte("idp-key")); err == nil {
		t.Error("a new value opens under the raw server key")
	}
	if _, err := db.NewBoxRawLegacy(boxKey[:16], "idp/keys", "idp-key"); err == nil {
		t.Error("a 16-byte server key was taken")
	}
}
