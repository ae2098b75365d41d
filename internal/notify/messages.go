package notify

// The Persian text of the SMS service: the SMS log's status labels and
// the console's line for a message kept in the outbox (--demo).

// statusLabels label a message's status on the SMS log.
var statusLabels = map[string]string{
	StatusQueued: "در صف ارسال",
	StatusSent:   "ارسال شد",
	StatusKept:   "در صندوق خروجی (بدون ارسال)",
	StatusFailed: "ناموفق",
}

// fmtConsoleLine prints a message on the console: the number, the text.
const fmtConsoleLine = "پیامک به %s: %s\n"
