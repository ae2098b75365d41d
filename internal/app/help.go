package app

import (
	"pishkhan/internal/cards"
	"pishkhan/internal/isp"
	"pishkhan/internal/signup"
	"pishkhan/internal/web"
	"pishkhan/internal/welfare"
)

// registerHelp gives the web kit each area's help pages (their guides'
// text), which an admin may then rewrite at /staff/help. An area's
// descriptor carries its list; a disabled area registers none.
func registerHelp(h *web.Help) {
	h.Register(cards.HelpPages...)
	h.Register(welfare.HelpPages...)
	h.Register(isp.HelpPages...)
	h.Register(signup.HelpPages...)
}
