package fa

// The Persian text of the kit: the parsers' refusals and the currency word.
// Areas refer to these keys instead of writing the sentences again.

const (
	msgAmount       = "مبلغ معتبر نیست"
	msgDate         = "تاریخ معتبر نیست؛ نمونه: ۱۳۶۹/۰۸/۱۷"
	msgNationalCode = "کد ملی معتبر نیست"
	msgMobile       = "شماره تلفن همراه معتبر نیست"
	msgCard         = "شماره کارت معتبر نیست"
	msgSheba        = "شماره شبا معتبر نیست"
	msgPostalCode   = "کد پستی معتبر نیست"

	// rialWord is the currency, written after the number.
	rialWord = "ریال"
)
