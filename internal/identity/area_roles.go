package identity

import "sync"

// Areas bring staff roles of their own (a welfare fund's manager). They
// register each at start-up with its Persian label, so staff accounts may
// hold it and the back office names it, without identity knowing the
// areas; a deployment without the area has no such role to give.
var areaRoles struct {
	sync.RWMutex
	order  []string
	labels map[string]string
}

// RegisterRole adds an area's staff role. Registering it again (several
// servers in one test process) only updates the label.
func RegisterRole(role, label string) {
	areaRoles.Lock()
	defer areaRoles.Unlock()
	if areaRoles.labels == nil {
		areaRoles.labels = map[string]string{}
	}
	if _, ok := areaRoles.labels[role]; !ok {
		areaRoles.order = append(areaRoles.order, role)
	}
	areaRoles.labels[role] = label
}

// AllRoles is every deployment's roles followed by the areas'.
func AllRoles() []string {
	areaRoles.RLock()
	defer areaRoles.RUnlock()
	return append(append([]string(nil), Roles...), areaRoles.order...)
}

func areaRoleLabel(r string) (string, bool) {
	areaRoles.RLock()
	defer areaRoles.RUnlock()
	l, ok := areaRoles.labels[r]
	return l, ok
}
