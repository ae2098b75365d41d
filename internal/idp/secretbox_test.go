package idp_test

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"pishkhan/internal/db"
)

// TestSigningKeysSealedBeforeTheBoxOpen: the signing keys the provider
// makes are sealed in db.Box's versioned form; a key stored the way the
// provider sealed it before the box (AES-GCM under the key itself,
// "idp-key" as additional data, nonce then ciphertext) still opens, is
// published and signs ID tokens.
func TestSigningKeysSealedBeforeTheBoxOpen(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		b := e.browser()
		e.setAlg(t, "ES256")
		e.signedIDToken(t, b, "ES256")
		sealed, err := db.All(ctx, e.d, func(sc db.Scanner) ([]byte, error) {
			var s []byte
			return s, sc.Scan(&s)
		}, "SELECT private_sealed FROM idp_keys")
		if err != nil || len(sealed) == 0 {
			t.Fatalf("keys: %d, %v", len(sealed), err)
		}
		for _, s := range sealed {
			if s[0] != 0x01 {
				t.Fatalf("a new signing key is not in the box's form: % x", s[:13])
			}
		}

		priv, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		der, _ := x509.MarshalPKCS8PrivateKey(priv)
		block, _ := aes.NewCipher(testKey)
		aead, _ := cipher.NewGCM(block)
		nonce := make([]byte, aead.NonceSize())
		rand.Read(nonce)
		old := aead.Seal(append([]byte{}, nonce...), nonce, der, []byte("idp-key"))
		if _, err := e.d.Exec(ctx, "INSERT INTO idp_keys (id, generation, algorithm, private_sealed, created_at) VALUES ($1, $2, $3, $4, $5)",
			"00000000sealedold", 99, "ES256", old, e.clock.Now()); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(2 * time.Minute) // past the current key's cache
		raw := e.signedIDToken(t, b, "ES256")
		jws, err := jose.ParseSignedCompact(raw, []jose.SignatureAlgorithm{jose.ES256})
		if err != nil {
			t.Fatal(err)
		}
		if kid := jws.Signatures[0].Header.KeyID; kid != "00000000sealedold" {
			t.Fatalf("ID token signed by %s, not by the key sealed before the box", kid)
		}
		if _, err := jws.Verify(&priv.PublicKey); err != nil {
			t.Fatalf("the old key's public half does not verify the token: %v", err)
		}
	})
}
