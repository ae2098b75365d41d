package identity

import (
	"slices"
	"testing"
)

// An area's role exists for staff accounts only once the area registers
// it, with its Persian label; registering again only updates the label.
func TestRegisterRole(t *testing.T) {
	const role = "test_area_keeper"
	if slices.Contains(AllRoles(), role) {
		t.Fatal("the role exists before any area registered it")
	}
	if _, err := validRoles([]string{role}); err == nil {
		t.Error("an unregistered role was accepted")
	}
	RegisterRole(role, "نگهبان")
	RegisterRole(role, "نگهبان ناحیه")
	if got := AllRoles(); got[len(got)-1] != role || slices.Index(got, role) != len(got)-1 {
		t.Errorf("AllRoles() = %v, want the role once, after the shared ones", got)
	}
	if _, err := validRoles([]string{role}); err != nil {
		t.Errorf("a registered role was refused: %v", err)
	}
	if l := RoleLabel(role); l != "نگهبان ناحیه" {
		t.Errorf("RoleLabel = %q", l)
	}
}
