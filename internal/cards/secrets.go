package cards

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"math/big"
	"strconv"

	"pishkhan/internal/db"
)

// keyring derives one key per purpose from the 32-byte server key, so a
// leak of one MAC column says nothing about another and the encryption
// key is never used as a MAC key.
type keyring struct {
	box  *db.Box // card numbers and other values read back
	macs map[string][]byte
}

// MAC purposes.
const (
	macNumber   = "card-number"
	macSecondID = "second-id"
	macCVV2     = "cvv2"
	macPIN      = "pin"
	macPassword = "second-password"
)

func newKeyring(key []byte) (*keyring, error) {
	if len(key) != 32 {
		return nil, errKeyLength
	}
	derive := func(label string) []byte {
		m := hmac.New(sha256.New, key)
		m.Write([]byte("pishkhan/cards/" + label))
		return m.Sum(nil)
	}
	// Values sealed before the box open under their old key's label.
	box, err := db.NewBox(key, "cards/secrets", "pishkhan/cards/aes-gcm")
	if err != nil {
		return nil, err
	}
	k := &keyring{box: box, macs: map[string][]byte{}}
	for _, p := range []string{macNumber, macSecondID, macCVV2, macPIN, macPassword} {
		k.macs[p] = derive("mac/" + p)
	}
	return k, nil
}

// encrypt seals plain in the box.
func (k *keyring) encrypt(plain string) []byte { return k.box.Seal([]byte(plain)) }

func (k *keyring) decrypt(sealed []byte) (string, error) {
	p, err := k.box.Open(sealed)
	return string(p), err
}

// mac is the keyed hash of a secret. Card secrets are bound to their card
// (cardID), so two cards with the same PIN do not share a hash; the card
// number is bound to nothing (cardID 0) so it can be looked up.
func (k *keyring) mac(purpose string, cardID int64, secret string) string {
	m := hmac.New(sha256.New, k.macs[purpose])
	m.Write([]byte(strconv.FormatInt(cardID, 10) + "\x00" + secret))
	return hex.EncodeToString(m.Sum(nil))
}

// check compares in constant time.
func (k *keyring) check(purpose string, cardID int64, secret, stored string) bool {
	return hmac.Equal([]byte(k.mac(purpose, cardID, secret)), []byte(stored))
}

// randomDigits returns n uniformly random decimal digits.
func randomDigits(n int) string {
	b := make([]byte, n)
	for i := range b {
		v, _ := rand.Int(rand.Reader, big.NewInt(10))
		b[i] = byte('0' + v.Int64())
	}
	return string(b)
}

// luhnComplete appends the Luhn check digit to 15 digits.
func luhnComplete(body string) string {
	sum := 0
	double := true // the check digit will be rightmost, so the last body digit doubles
	for i := len(body) - 1; i >= 0; i-- {
		d := int(body[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return body + strconv.Itoa((10-sum%10)%10)
}

// apiKeyHash is how partner keys are stored: the keys are 32 random bytes,
// so a plain SHA-256 cannot be brute-forced and lets us look a key up.
func apiKeyHash(key string) string {
	s := sha256.Sum256([]byte(key))
	return hex.EncodeToString(s[:])
}
