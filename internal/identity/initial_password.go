package identity

import (
	"context"
	"crypto/subtle"
)

// NationalCodePassword is stored in credentials.password_hash instead of a
// hash while a customer's initial password is their national code (a
// new account, or one support has reset). A national code is no secret
// — it is on the person's card and in every file that lists them — so an
// argon2id hash of it protects nothing, and a first import paid one per
// new employee (BenchmarkEmployeesImport runs at the production cost). Such a credential is always must_change with an
// expiry, as a hashed initial password was: the right national code opens
// the forced change only, within InitialPasswordTTL, and wrong guesses
// count towards the same lockouts. It is not a PHC string, so nothing
// that verifies hashes can mistake it for one.
const NationalCodePassword = "national-code"

// checkPassword tells whether secret opens cred, the credential of a
// person whose national code is nationalCode (empty for staff). Exactly
// one argon2id verification runs either way, so an account whose initial
// password is its national code answers in the time any other does.
func (s *Service) checkPassword(ctx context.Context, cred credential, nationalCode, secret string) (ok, rehash bool, err error) {
	if cred.hash != NationalCodePassword {
		return s.verify(ctx, cred.hash, secret)
	}
	if _, _, err := s.verify(ctx, s.dummyHash(), secret); err != nil {
		return false, false, err
	}
	ok = nationalCode != "" && subtle.ConstantTimeCompare([]byte(secret), []byte(nationalCode)) == 1
	return ok, false, nil
}
