package otp

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"testing"
	"time"
)

// TestSeedsSealedBeforeTheBoxVerify: an authenticator seed stored the way
// otp sealed it before db.Box (nonce and ciphertext under HMAC-SHA256 of
// "pishkhan/otp/aes-gcm") still verifies the RFC 6238 code; seeds sealed
// now are in the box's versioned form.
func TestSeedsSealedBeforeTheBoxVerify(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		if s := e.s.seal("JBSWY3DPEHPK3PXP"); s[0] != 0x01 {
			t.Errorf("a new seed is not in the box's form: % x", s)
		}
		m := hmac.New(sha256.New, testKey)
		m.Write([]byte("pishkhan/otp/aes-gcm"))
		block, _ := aes.NewCipher(m.Sum(nil))
		aead, _ := cipher.NewGCM(block)
		nonce := make([]byte, aead.NonceSize())
		rand.Read(nonce)
		old := aead.Seal(append([]byte{}, nonce...), nonce, []byte(base32.StdEncoding.EncodeToString(rfcSecret)), nil)

		p := e.customer(t)
		if _, err := e.d.Exec(ctx, `INSERT INTO otp_devices (person_id, status, seed_sealed, created_at, activated_at)
			VALUES ($1, 'active', $2, $3, $3)`, p, old, e.clock.Now()); err != nil {
			t.Fatal(err)
		}
		v := rfcVectors[3]
		e.clock.Set(time.Unix(v.unix, 0))
		if ok, err := e.s.VerifyTOTP(ctx, p, v.code[2:]); !ok || err != nil {
			t.Fatalf("code of an old seed: %v, %v", ok, err)
		}
	})
}
