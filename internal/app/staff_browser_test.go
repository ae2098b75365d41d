package app_test

import (
	"strings"
	"testing"

	"pishkhan/internal/browsertest"
)

// browserStaffSignIn signs a staff member in through the back office's
// pages in b, doing whatever the first sign-in demands (the change of the
// one-time password), and fails the test if the back office does not open.
// Every browser journey that needs staff signs in through here, so a new
// step at staff sign-in is taught to the journeys in one place.
func browserStaffSignIn(t *testing.T, b *browsertest.Browser, baseURL, username, password, newPassword string) {
	t.Helper()
	b.Navigate(baseURL + "/staff/login")
	b.Fill("#username", username)
	b.Fill("#password", password)
	b.Submit("#username")
	if browserPath(t, b) == "/staff/password/first" {
		b.Fill("#new_password", newPassword)
		b.Fill("#repeat_password", newPassword)
		b.Submit("#new_password")
	}
	// Two-factor: enrol the authenticator at the first sign-in, or give
	// its code (staff_two_factor_test.go plays the phone).
	switch browserPath(t, b) {
	case "/staff/two-factor/enrol":
		staffPhoneEnrol(t, baseURL, username, `id="totp-secret">`+b.Text("#totp-secret")+`<`)
		b.Fill("#code", staffPhoneCode(t, baseURL, username))
		b.Submit("#code")
	case "/staff/two-factor":
		b.Fill("#code", staffPhoneCode(t, baseURL, username))
		b.Submit("#code")
	}
	if p := browserPath(t, b); strings.HasPrefix(p, "/staff/login") || p == "/staff/password/first" || strings.HasPrefix(p, "/staff/two-factor") {
		t.Fatalf("staff sign-in as %s: still on %s\n\tthe page says: %s", username, p, strings.Join(strings.Fields(b.Text("main")), " "))
	}
}
