package identity

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"golang.org/x/crypto/argon2"

	"pishkhan/internal/fa"
)

// Params are argon2id's cost parameters. They are written into every
// hash, so raising them later leaves old hashes verifiable; a successful
// sign-in then re-hashes with the current ones.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
	SaltLen uint32
	KeyLen  uint32
}

// DefaultParams is OWASP's floor for argon2id: m = 19 MiB, t = 2, p = 1.
var DefaultParams = Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

var errBadHash = errors.New("identity: malformed password hash")

// hashPassword returns the PHC string
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash> (unpadded standard base64).
func (p Params) hashPassword(password string) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("identity: salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// verifyPassword checks password against a PHC string with the parameters
// written in it. needsRehash reports a hash weaker than p (the current
// parameters).
func (p Params) verifyPassword(encoded, password string) (ok, needsRehash bool, err error) {
	parts := strings.Split(encoded, "$")
	// "", "argon2id", "v=19", "m=…,t=…,p=…", salt, hash
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return false, false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, false, errBadHash
	}
	var h Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &h.Memory, &h.Time, &h.Threads); err != nil ||
		h.Memory == 0 || h.Time == 0 || h.Threads == 0 {
		return false, false, errBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) == 0 || len(want) == 0 {
		return false, false, errBadHash
	}
	got := argon2.IDKey([]byte(password), salt, h.Time, h.Memory, h.Threads, uint32(len(want)))
	ok = subtle.ConstantTimeCompare(got, want) == 1
	needsRehash = h.Memory < p.Memory || h.Time < p.Time || h.Threads < p.Threads ||
		uint32(len(salt)) < p.SaltLen || uint32(len(want)) < p.KeyLen
	return ok, needsRehash, nil
}

// normalisePassword makes a password independent of the keyboard it was
// typed on, exactly as every form field is normalised (Persian and
// Arabic-Indic digits become Latin, edges trimmed): a national code typed
// with Persian digits must open an account whose initial password is that
// national code. The web form already does this; doing it here too keeps
// hashes identical whoever calls.
func normalisePassword(p string) string { return fa.NormalizeInput(p) }

// Alphabets for generated passwords, without look-alikes (0/O, 1/l/I) that
// people misread when copying from an SMS.
const (
	upperChars = "ABCDEFGHJKLMNPQRSTUVWXYZ"
	lowerChars = "abcdefghijkmnpqrstuvwxyz"
	digitChars = "23456789"
	allChars   = upperChars + lowerChars + digitChars
)

// randomPassword returns n random characters with at least one upper-case
// letter, one lower-case letter and one digit, so it meets the policy's
// character rules; callers still run the whole policy on it.
func randomPassword(n int) string {
	for {
		b := make([]byte, n)
		for i := range b {
			b[i] = allChars[randIndex(len(allChars))]
		}
		s := string(b)
		if strings.ContainsAny(s, upperChars) && strings.ContainsAny(s, lowerChars) && strings.ContainsAny(s, digitChars) {
			return s
		}
	}
}

func randIndex(n int) int {
	v, err := rand.Int(rand.Reader, big.NewInt(int64(n)))
	if err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return int(v.Int64())
}
