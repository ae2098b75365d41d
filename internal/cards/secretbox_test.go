package cards

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"testing"
)

// TestCardNumbersSealedBeforeTheBoxOpen: a card number stored the way
// cards sealed it before db.Box (nonce and ciphertext under HMAC-SHA256
// of "pishkhan/cards/aes-gcm") still opens for staff; a number sealed at
// issue is in the box's versioned form.
func TestCardNumbersSealedBeforeTheBoxOpen(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		_, _, ic := e.creditCard(t, 1_000_000)
		var sealed []byte
		if err := e.d.QueryRow(ctx, "SELECT number_enc FROM cards WHERE id = $1", ic.ID).Scan(&sealed); err != nil || sealed[0] != 0x01 {
			t.Fatalf("an issued number is not in the box's form: % x (%v)", sealed, err)
		}
		if n, err := e.s.CardNumber(ctx, ic.ID); err != nil || n != ic.Number {
			t.Fatalf("number %q, %v; want %s", n, err, ic.Number)
		}

		m := hmac.New(sha256.New, testKey)
		m.Write([]byte("pishkhan/cards/aes-gcm"))
		block, _ := aes.NewCipher(m.Sum(nil))
		aead, _ := cipher.NewGCM(block)
		nonce := make([]byte, aead.NonceSize())
		rand.Read(nonce)
		old := aead.Seal(append([]byte{}, nonce...), nonce, []byte(ic.Number), nil)
		if _, err := e.d.Exec(ctx, "UPDATE cards SET number_enc = $1 WHERE id = $2", old, ic.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := e.s.CardNumber(ctx, ic.ID); err != nil || n != ic.Number {
			t.Fatalf("old number %q, %v; want %s", n, err, ic.Number)
		}
	})
}
