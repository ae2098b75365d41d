package identity

import "sync"

// Areas write audit entries with actions of their own (otp's mobile
// confirmations, welfare's approvals …). They register each action's
// Persian label at start-up, so the staff audit log names it and offers it
// in its filter, without identity knowing the areas.
var areaActions struct {
	sync.RWMutex
	order  []string
	labels map[string]string
}

// RegisterAuditAction names an area's audit action. Registering the same
// action again (several servers in one test process) only updates the
// label.
func RegisterAuditAction(action, label string) {
	areaActions.Lock()
	defer areaActions.Unlock()
	if areaActions.labels == nil {
		areaActions.labels = map[string]string{}
	}
	if _, ok := areaActions.labels[action]; !ok {
		areaActions.order = append(areaActions.order, action)
	}
	areaActions.labels[action] = label
}

// allAuditActions is identity's actions followed by the areas'.
func allAuditActions() []string {
	areaActions.RLock()
	defer areaActions.RUnlock()
	return append(append([]string(nil), AuditActions...), areaActions.order...)
}

func areaActionLabel(a string) (string, bool) {
	areaActions.RLock()
	defer areaActions.RUnlock()
	l, ok := areaActions.labels[a]
	return l, ok
}
