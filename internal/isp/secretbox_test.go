package isp

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"testing"
)

// TestInternetPasswordsSealedBeforeTheBoxOpen: a password stored the way
// the ISP sealed it before db.Box (nonce and ciphertext under HMAC-SHA256
// of "pishkhan/isp/internet-password") is still revealed and still
// checked by RADIUS' lookup, and a changed password is stored in the
// box's versioned form.
func TestInternetPasswordsSealedBeforeTheBoxOpen(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		sub := e.subscriber(t)
		var sealed []byte
		if err := e.d.QueryRow(ctx, "SELECT password_enc FROM isp_subscribers WHERE id = $1", sub.ID).Scan(&sealed); err != nil || sealed[0] != 0x01 {
			t.Fatalf("a new password is not in the box's form: % x (%v)", sealed, err)
		}

		m := hmac.New(sha256.New, testKey)
		m.Write([]byte("pishkhan/isp/internet-password"))
		block, _ := aes.NewCipher(m.Sum(nil))
		aead, _ := cipher.NewGCM(block)
		nonce := make([]byte, aead.NonceSize())
		rand.Read(nonce)
		old := aead.Seal(append([]byte{}, nonce...), nonce, []byte("old-modem-pass"), nil)
		if _, err := e.d.Exec(ctx, "UPDATE isp_subscribers SET password_enc = $1 WHERE id = $2", old, sub.ID); err != nil {
			t.Fatal(err)
		}
		if pw, err := e.s.InternetPassword(ctx, sub.ID); err != nil || pw != "old-modem-pass" {
			t.Fatalf("old password revealed as %q, %v", pw, err)
		}
		if err := e.s.ChangeInternetPassword(ctx, sub.ID, "old-modem-pass", "new-modem-pass1", "new-modem-pass1"); err != nil {
			t.Fatal(err)
		}
		if err := e.d.QueryRow(ctx, "SELECT password_enc FROM isp_subscribers WHERE id = $1", sub.ID).Scan(&sealed); err != nil || sealed[0] != 0x01 {
			t.Fatalf("the changed password is not in the box's form: % x (%v)", sealed, err)
		}
		if pw, err := e.s.InternetPassword(ctx, sub.ID); err != nil || pw != "new-modem-pass1" {
			t.Fatalf("new password revealed as %q, %v", pw, err)
		}
	})
}
