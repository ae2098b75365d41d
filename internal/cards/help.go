package cards

import "pishkhan/internal/web"

// HelpPages are the card-holder service's help texts, in its guides' own
// words: «راهنمای پرداخت اقساط» where the card-holder guide puts it (the
// purchases and installments pages, and the entry page's help), and the
// second-password guide's «برنامک رمزساز» questions on the second
// password page, with the bank's download address and its support line.
// An admin may rewrite them at /staff/help.
var HelpPages = []web.HelpPage{
	{
		Area: "cards", Slug: "installments", Title: titleHelpInstallments,
		Paths: []string{"/cards/purchases", "/cards/installments/pay", "/login"},
		Body:  helpInstallmentsBody,
	},
	{
		Area: "cards", Slug: "authenticator", Title: titleHelpAuthenticator,
		Paths: []string{"/cards/second-password"},
		Body:  helpAuthenticatorBody,
	},
}
