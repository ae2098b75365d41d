package app

import (
	"pishkhan/internal/area"
	"pishkhan/internal/cards"
	"pishkhan/internal/identity"
	"pishkhan/internal/idp"
	"pishkhan/internal/isp"
	"pishkhan/internal/otp"
	"pishkhan/internal/signup"
	"pishkhan/internal/web"
	"pishkhan/internal/welfare"
)

// areaDescriptors is every area of the program, built on sys's services,
// in the order the home page shows their widgets (the sign-in's own,
// which every customer has, last).
func areaDescriptors(sys *system) []area.Descriptor {
	return []area.Descriptor{
		cards.Area(sys.cards, sys.identity, sys.billing, sys.cfg.BaseURL),
		// The holder's «رمز دوم» page, where the authenticator is added,
		// is the card area's.
		otp.Area(sys.otp, sys.identity, cards.Key, "/cards/second-password"),
		welfare.Area(sys.welfare, sys.identity),
		isp.Area(sys.isp, sys.identity, sys.support),
		idp.Area(sys.sso.idp, sys.identity, idp.Registration{
			Routes:        func(s *web.Server) error { return signup.Routes(s, sys.sso.signup) },
			DeleteExpired: sys.sso.signup.DeleteExpired,
			Help:          signup.HelpPages,
		}),
	}
}

// registerAreas fills the shared domains' registries from the enabled
// areas' descriptors: billing's order kinds, the job runner's schedules,
// support's audiences, identity's audit labels and roles.
func registerAreas(sys *system) {
	for i := range sys.areas {
		d := &sys.areas[i]
		for _, k := range d.Orders {
			sys.billing.RegisterOrderKind(k)
		}
		d.Schedule(sys.jobs)
		if d.Support != nil {
			sys.support.AddArea(d.Support)
		}
		for _, a := range d.AuditActions {
			identity.RegisterAuditAction(a.Key, a.Label)
		}
		for _, r := range d.Roles {
			identity.RegisterRole(r.Key, r.Label)
		}
		sys.web.Help.Register(d.Help...)
	}
}

// enabled reports whether the area key is served.
func (s *system) enabled(key string) bool {
	for _, d := range s.areas {
		if d.Key == key {
			return true
		}
	}
	return false
}
