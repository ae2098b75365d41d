package welfare

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"pishkhan/internal/identity"
)

// staffClient signs a new staff member with roles in on base.
func staffClient(t *testing.T, e *env, base, username string, roles ...string) (*client, *identity.StaffMember) {
	t.Helper()
	m, once, err := e.ids.CreateStaff(ctxb(), identity.Actor{}, username, "کارمند "+username, roles)
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, base)
	c.PostForm("/staff/login", "/staff/login", url.Values{"username": {username}, "password": {once}}).Want(t, http.StatusSeeOther, "/staff/password/first")
	c.PostForm("/staff/password/first", "/staff/password/first", url.Values{"new_password": {"Dena-Zagros-Peak-2071"}, "repeat_password": {"Dena-Zagros-Peak-2071"}}).Want(t, http.StatusSeeOther, "/staff")
	return c, m
}

// «کسورات و تسویه» opens on the regional staff member's own region and
// offers neither «همه مناطق» nor another region; the head office keeps
// «همه مناطق».
func TestPayrollOpensOnTheStaffMembersRegion(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		base := pageSite(t, e)
		p := e.employees(person{"11", "8", 40_000_000, 2, 0}, person{"12", "9", 40_000_000, 2, 0})
		fin, m := staffClient(t, e, base, "finance9", identity.RoleFinance)
		if err := e.s.AssignStaffRegion(ctxb(), m.ID, p["12"].RegionID); err != nil {
			t.Fatal(err)
		}
		own := `<option value="` + strconv.FormatInt(p["12"].RegionID, 10) + `" selected>`
		fin.Get("/staff/welfare/payroll").Want(t, 200, "").Has(t, own, "منطقه ۹").Lacks(t, "همه مناطق", "منطقه ۸", "منطقه 9")
		// The list of the selected region downloads; «همه مناطق» stays refused.
		fin.Get("/staff/welfare/payroll/deductions?region="+strconv.FormatInt(p["12"].RegionID, 10)+"&month=1403/07").Want(t, 200, "")
		fin.Get("/staff/welfare/payroll/deductions?region=0&month=1403/07").Want(t, http.StatusForbidden, "").Has(t, ErrNotYourRegion.Message)

		head, _ := staffClient(t, e, base, "headoffice", identity.RoleAdmin)
		head.Get("/staff/welfare/payroll").Want(t, 200, "").Has(t, "همه مناطق", "منطقه ۸", "منطقه ۹").Lacks(t, "منطقه 8", "منطقه 9")
	})
}
