package app

// The Persian text of the program's own pages and console; the demo's is
// in messages_demo.go.

// The home page.
const (
	titleHome            = "صفحه اصلی"
	msgWidgetUnavailable = "اطلاعات این بخش اکنون در دسترس نیست؛ کمی بعد دوباره سر بزنید."
)

// portalClientName is the portal as the consent page names it
// («مجوز ورود یکپارچه به …»).
const portalClientName = "پیشخوان"

// usageHeadline opens `pishkhan help`.
const usageHeadline = "Pishkhan (پیشخوان): the self-service counter of credit and subscription providers."
