package isp

import "pishkhan/internal/web"

// HelpPages are the subscriber panel's help, in its guide's own words:
// the support menu (tickets to the provider's support units) on the panel
// and the support pages, and the entry page's important first notes. The
// guide names no support hours: a provider sets its own with the brand's
// support hours (/staff/settings), shown in every page's footer, or
// writes them into this text at /staff/help.
var HelpPages = []web.HelpPage{
	{
		Area: "isp", Slug: "support", Title: helpSupportTitle,
		Paths: []string{"/isp", "/support"},
		Body:  helpSupportBody,
	},
	{
		Area: "isp", Slug: "first-notes", Title: helpFirstNotesTitle,
		Paths: []string{"/login"},
		Body:  helpFirstNotesBody,
	},
}
