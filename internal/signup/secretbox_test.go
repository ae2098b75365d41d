package signup_test

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/json"
	"testing"
)

// TestFormsSealedBeforeTheBoxOpen: a completed form is sealed in db.Box's
// versioned form; a form stored the way registration sealed it before the
// box (AES-GCM under the key itself, "signup-form" as additional data,
// nonce then ciphertext) still opens, and the account is made from it.
func TestFormsSealedBeforeTheBoxOpen(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		token := e.verified(t)
		if _, err := e.svc.Submit(ctx, token, goodDetails); err != nil {
			t.Fatal(err)
		}
		var sealed []byte
		if err := e.d.QueryRow(ctx, "SELECT sealed_form FROM signup_flows WHERE step = 'confirm'").Scan(&sealed); err != nil {
			t.Fatal(err)
		}
		if len(sealed) < 1+12+16 || sealed[0] != 0x01 {
			t.Fatalf("a new form is not in the box's form: % x", sealed)
		}

		d := goodDetails
		d.City, d.CertificateDate = "تبریز", "1369/09/02"
		plain, _ := json.Marshal(d)
		block, _ := aes.NewCipher([]byte("0123456789abcdef0123456789abcdef"))
		aead, _ := cipher.NewGCM(block)
		nonce := make([]byte, aead.NonceSize())
		rand.Read(nonce)
		old := aead.Seal(append([]byte{}, nonce...), nonce, plain, []byte("signup-form"))
		if _, err := e.d.Exec(ctx, "UPDATE signup_flows SET sealed_form = $1 WHERE step = 'confirm'", old); err != nil {
			t.Fatal(err)
		}
		c, created, err := e.svc.Confirm(ctx, token, e.lastCode(t, "09121110005"))
		if err != nil || !created {
			t.Fatalf("confirm with a form sealed before the box: %+v %v %v", c, created, err)
		}
		var city string
		if err := e.d.QueryRow(ctx, "SELECT city FROM customer_certificates WHERE person_id = $1", c.ID).Scan(&city); err != nil || city != "تبریز" {
			t.Fatalf("city %q (%v): the old form was not the one opened", city, err)
		}
	})
}
