package cards

import (
	"html/template"
	"strconv"
	"strings"
	"unsafe"

	"pishkhan/internal/fa"
)

// The purchase list's rows and every schedule are written here in Go, not
// by html/template: a card holder's list has hundreds of cells (ten
// purchases and their 31 installments make about 450), and each template
// action is a reflective call plus an escaper call, which was half of the
// page's CPU (BenchmarkPurchaseList). Every string that does not come from
// this file is escaped with template.HTMLEscapeString; numbers and dates
// are formatted by internal/fa as everywhere else.
//
// Each cell carries its column's name in data-label: below 1100 px the CSS
// (app.css, .purchase-list) turns each purchase into a card of labelled
// values with its schedule folded under it, and the same markup stays a
// 13-column table from 1100 px up.

// htmlWriter writes cells into one buffer.
type htmlWriter struct{ b []byte }

// The buffer is sized from the list before writing, so it is allocated
// once: a purchase's row with its schedule's heading and frame is about
// 1,260 bytes, an installment's row about 300 (TestPurchaseListSizing
// measures both and fails when the markup outgrows these).
const (
	purchaseRowBytes    = 1500
	installmentRowBytes = 400
)

// html hands the written bytes to the template as HTML without copying
// them: the buffer is the writer's alone and is never written again once
// html is called (a writer is used for one list, then dropped).
func (w *htmlWriter) html() template.HTML {
	if len(w.b) == 0 {
		return ""
	}
	return template.HTML(unsafe.String(&w.b[0], len(w.b)))
}

func (w *htmlWriter) str(s string) { w.b = append(w.b, s...) }

// text writes s with its digits made Persian, escaped when it holds a
// character HTML gives a meaning to.
func (w *htmlWriter) text(s string) {
	if strings.ContainsAny(s, "<>&'\"\x00") {
		// Digits first: the escapes themselves hold digits («&#34;»).
		w.str(template.HTMLEscapeString(fa.Digits(s)))
		return
	}
	w.b = fa.AppendDigits(w.b, s)
}

func (w *htmlWriter) open(class, label string) {
	w.str(`<td`)
	if class != "" {
		w.str(` class="`)
		w.str(class)
		w.str(`"`)
	}
	w.str(` data-label="`)
	w.str(label)
	w.str(`">`)
}

func (w *htmlWriter) cell(class, label, text string) {
	w.open(class, label)
	w.text(text)
	w.str(`</td>`)
}

func (w *htmlWriter) number(label string, n int) {
	w.open("num", label)
	w.b = fa.AppendDigits(w.b, strconv.Itoa(n))
	w.str(`</td>`)
}

func (w *htmlWriter) amount(label string, n int64) {
	w.open("num", label)
	w.b = fa.AppendAmount(w.b, n)
	w.str(`</td>`)
}

// month writes the Jalali month of a due day in words («مهر ۱۴۰۳»),
// reading the stored "1403/07/15" directly (monthLabel parses any date).
func (w *htmlWriter) month(due string) {
	if len(due) == 10 && due[4] == '/' && due[7] == '/' {
		if m, err := strconv.Atoi(due[5:7]); err == nil && m >= 1 && m <= 12 && fa.AllDigits(due[:4]) {
			w.str(fa.MonthName(m))
			w.str(" ")
			w.b = fa.AppendDigits(w.b, due[:4])
			return
		}
	}
	w.text(monthLabel(due))
}

// purchaseListRows is the tbody of the customer's purchase list: for each
// purchase, its row of the guide's 13 columns and, under it, a row with
// its schedule in a <details> (it opens without script).
func purchaseListRows(list []PurchaseRow) template.HTML {
	if len(list) == 0 {
		return `<tr class="empty"><td colspan="13">` + msgNoPurchases + `</td></tr>`
	}
	size := 0
	for _, p := range list {
		size += purchaseRowBytes + len(p.Schedule)*installmentRowBytes
	}
	w := htmlWriter{b: make([]byte, 0, size)}
	c := &purchaseColumns
	for i, p := range list {
		no := strconv.Itoa(i + 1)
		w.str(`<tr class="purchase">`)
		w.cell("no", c[0], no)
		w.cell("", c[1], p.Date)
		w.cell("ltr", c[2], p.PolicyNumber)
		w.amount(c[3], p.CashShare)
		w.amount(c[4], p.InstallmentShare)
		w.amount(c[5], p.Total)
		w.number(c[6], p.Installments)
		w.number(c[7], p.Paid)
		w.number(c[8], p.Left)
		w.amount(c[9], p.Penalty)
		w.amount(c[10], p.TotalPaid)
		w.amount(c[11], p.Payable)
		w.number(c[12], p.Violations)
		w.str(`</tr><tr class="schedule"><td colspan="13"><details><summary>` + labelScheduleOfRow + ` `)
		w.text(no)
		w.str(`</summary>`)
		w.schedule(p.Schedule)
		w.str(`</details></td></tr>`)
	}
	return w.html()
}

// scheduleHTML is one purchase's installment schedule, on the customer's
// list and on the staff card desk.
func scheduleHTML(list []Installment) template.HTML {
	w := htmlWriter{b: make([]byte, 0, purchaseRowBytes+len(list)*installmentRowBytes)}
	w.schedule(list)
	return w.html()
}

func (w *htmlWriter) schedule(list []Installment) {
	c := &scheduleColumns
	w.str(`<table class="schedule-table"><thead><tr>`)
	for _, h := range c {
		w.str(`<th>`)
		w.str(h)
		w.str(`</th>`)
	}
	w.str(`</tr></thead><tbody>`)
	for _, in := range list {
		w.str(`<tr>`)
		w.open("", c[0])
		w.b = fa.AppendDigits(w.b, strconv.Itoa(in.Seq))
		w.str(`</td>`)
		w.open("", c[1])
		w.month(in.DueOn)
		w.str(`</td>`)
		w.cell("", c[2], in.DueOn)
		w.amount(c[3], in.Amount)
		w.amount(c[4], in.Penalty)
		w.str(`<td data-label="`)
		w.str(c[5])
		if in.PaidAt != nil {
			w.str(`"><span class="status-ok">`)
			w.str(fa.FormatDate(*in.PaidAt))
		} else {
			w.str(`"><span class="status-bad">` + labelUnpaid)
		}
		w.str(`</span></td></tr>`)
	}
	if len(list) == 0 {
		w.str(`<tr class="empty"><td colspan="6">` + msgNoInstallments + `</td></tr>`)
	}
	w.str(`</tbody></table>`)
}
