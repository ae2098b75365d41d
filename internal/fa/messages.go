package fa

// The Persian text of the kit: the parsers' refusals (exported: an area
// that refuses the same value refers to the key instead of writing the
// sentence again) and the currency word.

const (
	MsgAmount       = "مبلغ معتبر نیست"
	MsgDate         = "تاریخ معتبر نیست؛ نمونه: ۱۳۶۹/۰۸/۱۷"
	MsgNationalCode = "کد ملی معتبر نیست"
	MsgMobile       = "شماره تلفن همراه معتبر نیست"
	MsgCard         = "شماره کارت معتبر نیست"
	MsgSheba        = "شماره شبا معتبر نیست"
	MsgPostalCode   = "کد پستی معتبر نیست"

	// rialWord is the currency, written after the number.
	rialWord = "ریال"
)
