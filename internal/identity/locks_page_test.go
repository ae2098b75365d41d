package identity_test

import (
	"net/http"
	"net/url"
	"testing"

	"pishkhan/internal/identity"
)

// An admin sees the address locked for customers at /staff/locks and
// lifts it there; the customer signs in again at once. Others than
// admins do not reach the desk.
func TestPageLocksDesk(t *testing.T) {
	pageEngines(t, nil, func(t *testing.T, e *pageEnv) {
		e.readyCustomer(pageAli(), pagePassword)
		_, admin := e.staffMember("boss", identity.RoleAdmin)
		_, support := e.staffMember("sara", identity.RoleSupport)
		support.Get("/staff/locks").Want(t, http.StatusForbidden, "")

		admin.Get("/staff/locks").Want(t, http.StatusOK, "").Has(t, "اکنون چیزی مسدود نیست.")
		for range 3 {
			e.client("").SignIn("ali.rezaei", "Wrong-Secret-1")
		}
		e.client("").SignIn("ali.rezaei", pagePassword).Want(t, http.StatusTooManyRequests, "")
		// Staff sign in from the same address all the same.
		e.client("").StaffSignIn("sara", pageStaffPassword).Want(t, http.StatusSeeOther, "/staff")

		p := admin.Get("/staff/locks").Want(t, http.StatusOK, "").Has(t, "نشانی IP (ورود مشتریان)", "127.0.0.1", "رفع مسدودی")
		admin.PostWith(p, "/staff/locks/lift", url.Values{"scope": {"address"}, "item": {"127.0.0.1"}}).Want(t, http.StatusSeeOther, "/staff/locks")
		admin.Get("/staff/locks").Want(t, http.StatusOK, "").Has(t, "اکنون چیزی مسدود نیست.")
		e.client("").SignIn("ali.rezaei", pagePassword).Want(t, http.StatusSeeOther, "/")
		if n := e.audit(identity.AuditFilter{Action: identity.ActionUnlockAddress}); n[identity.ActionUnlockAddress] != 1 {
			t.Fatalf("lift audited %d times", n[identity.ActionUnlockAddress])
		}
	})
}
