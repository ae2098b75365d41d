package web

import (
	"html/template"
	"strconv"
	"strings"

	"pishkhan/internal/fa"
)

// The chart kit: server-rendered inline SVG bar charts for pages where a
// number alone is hard to read (issue 21, «Pictures»). No script: the
// picture is drawn on the server, laid out right to left (the first bar
// is the rightmost), every figure is written in Persian digits, and the
// SVG's <title> — its accessible name, since it has role="img" — carries
// every figure the bars show, so a screen reader hears the same numbers a
// sighted reader sees.

// Bar is one bar: what it is, how big it is, and how a person reads it.
type Bar struct {
	Label string // «مصرف شده», «۱۴۰۵/۰۹/۱۲»; Latin digits become Persian
	Value int64  // the bar's size in the chart's unit (bytes, rials, a count)
	Text  string // the value as read, «۱٫۲۵ گیگابایت»; empty writes Value in Persian digits
}

// Chart is a titled set of bars on one scale.
type Chart struct {
	Title string
	Bars  []Bar
	// Max is the value of a full bar; zero scales to the largest bar.
	// Used and left of one budget set it to the budget, so the two bars
	// read as shares of the whole.
	Max int64
}

// The drawing's coordinate system; the SVG scales to its container's
// width, so these are proportions, chosen so that text stays readable at
// a phone's width (a 320-unit drawing is about one unit per CSS pixel
// there).
const (
	chartW      = 320
	colPlotTop  = 18  // room for the top value line's label
	colPlotH    = 120 // the tallest column
	colAxisH    = 34  // labels under the columns, in up to two lines
	meterRowH   = 42  // one label line and one bar
	meterBarH   = 16
	chartMargin = 4
	colPad      = 18 // room for half a day label beyond the outer columns
)

func (b Bar) text() string {
	if b.Text != "" {
		return fa.Digits(b.Text)
	}
	return fa.Amount(b.Value)
}

func (c Chart) scale() int64 {
	if c.Max > 0 {
		return c.Max
	}
	var m int64
	for _, b := range c.Bars {
		m = max(m, b.Value)
	}
	return m
}

// barLength is the length in drawing units of a bar of value v on a
// scale whose full bar is full units long. A bar above zero is at least
// one unit long, so a small figure is never drawn as nothing; a bar
// never passes the full length, even above Max.
func barLength(v, scale int64, full int) int {
	if v <= 0 || scale <= 0 {
		return 0
	}
	if v >= scale {
		return full
	}
	// Multiply in floating point: rials times units can pass int64.
	n := int(float64(v)*float64(full)/float64(scale) + 0.5)
	return min(max(n, 1), full)
}

// Alt is the chart's text alternative: its title and every bar's label
// and figure, in order.
func (c Chart) Alt() string {
	var s strings.Builder
	s.WriteString(fa.Digits(c.Title))
	for i, b := range c.Bars {
		if i == 0 {
			s.WriteString(": ")
		} else {
			s.WriteString("؛ ")
		}
		s.WriteString(fa.Digits(b.Label))
		s.WriteString(" ")
		s.WriteString(b.text())
	}
	return s.String()
}

// ColumnHeights are the heights of the columns [Columns] draws, in order.
func (c Chart) ColumnHeights() []int {
	scale := c.scale()
	h := make([]int, len(c.Bars))
	for i, b := range c.Bars {
		h[i] = barLength(b.Value, scale, colPlotH)
	}
	return h
}

// MeterLengths are the lengths of the bars [Meters] draws, in order.
func (c Chart) MeterLengths() []int {
	scale := c.scale()
	l := make([]int, len(c.Bars))
	for i, b := range c.Bars {
		l[i] = barLength(b.Value, scale, chartW-2*chartMargin)
	}
	return l
}

func attr(s string) string { return template.HTMLEscapeString(s) }

// open writes the figure, caption and the SVG's opening with its title.
// direction="rtl" makes text-anchor="start" the right end of a label.
func (c Chart) open(s *strings.Builder, class string, h int) {
	s.WriteString(`<figure class="chart ` + class + `"><figcaption>` + attr(fa.Digits(c.Title)) + `</figcaption>`)
	s.WriteString(`<svg role="img" viewBox="0 0 ` + itoa(chartW) + ` ` + itoa(h) + `" direction="rtl" xmlns="http://www.w3.org/2000/svg">`)
	s.WriteString(`<title>` + attr(c.Alt()) + `</title>`)
}

// Columns draws vertical bars side by side, the first at the right (days
// oldest to newest read right to left, as Persian does). Only some labels
// (the last bar's and every so many before it) are written under the axis
// so they do not collide on a phone; every label is in the title.
func (c Chart) Columns() template.HTML {
	n := len(c.Bars)
	h := colPlotTop + colPlotH + colAxisH
	var s strings.Builder
	c.open(&s, "chart-columns", h)
	base := colPlotTop + colPlotH
	right := chartW - chartMargin
	s.WriteString(`<line class="chart-axis" x1="` + itoa(chartMargin) + `" x2="` + itoa(right) + `" y1="` + itoa(base) + `" y2="` + itoa(base) + `"/>`)
	if scale := c.scale(); scale > 0 {
		s.WriteString(`<line class="chart-grid" x1="` + itoa(chartMargin) + `" x2="` + itoa(right) + `" y1="` + itoa(colPlotTop) + `" y2="` + itoa(colPlotTop) + `"/>`)
		top := fa.Amount(scale)
		for _, b := range c.Bars {
			if b.Value == scale {
				top = b.text()
				break
			}
		}
		s.WriteString(`<text class="chart-figure" x="` + itoa(right) + `" y="` + itoa(colPlotTop-5) + `" text-anchor="start">` + attr(top) + `</text>`)
	}
	if n > 0 {
		slot := float64(right-chartMargin-2*colPad) / float64(n)
		every := (n + 5) / 6 // at most six labels under the axis
		for i, b := range c.Bars {
			hi := barLength(b.Value, c.scale(), colPlotH)
			x1 := float64(right-colPad) - float64(i+1)*slot
			w := slot * 0.7
			x := x1 + (slot-w)/2
			s.WriteString(`<rect class="chart-bar" x="` + ff(x) + `" y="` + itoa(base-hi) + `" width="` + ff(w) + `" height="` + itoa(hi) + `"/>`)
			// Count from the last bar, so the newest (today) is labelled.
			if (n-1-i)%every == 0 {
				// Two lines («۲۵» over «بهمن», «اسفند» over «۱۴۰۵»): a
				// label several words long would run into its neighbour.
				cx := ff(x1 + slot/2)
				s.WriteString(`<text class="chart-label" y="` + itoa(base+15) + `" text-anchor="middle">`)
				first, rest, two := strings.Cut(fa.Digits(b.Label), " ")
				s.WriteString(`<tspan x="` + cx + `">` + attr(first) + `</tspan>`)
				if two {
					s.WriteString(`<tspan x="` + cx + `" dy="13">` + attr(rest) + `</tspan>`)
				}
				s.WriteString(`</text>`)
			}
		}
	}
	s.WriteString(`</svg></figure>`)
	return template.HTML(s.String())
}

// Meters draws one horizontal bar per row, growing from the right edge,
// each under a line with its label and figure: used and left of a
// budget, read at a glance on a phone.
func (c Chart) Meters() template.HTML {
	h := len(c.Bars)*meterRowH + chartMargin
	var s strings.Builder
	c.open(&s, "chart-meters", h)
	right := chartW - chartMargin
	full := right - chartMargin
	for i, b := range c.Bars {
		y := i*meterRowH + chartMargin
		l := barLength(b.Value, c.scale(), full)
		s.WriteString(`<text class="chart-label" x="` + itoa(right) + `" y="` + itoa(y+14) + `" text-anchor="start">` + attr(fa.Digits(b.Label)+": "+b.text()) + `</text>`)
		s.WriteString(`<rect class="chart-track" x="` + itoa(chartMargin) + `" y="` + itoa(y+20) + `" width="` + itoa(full) + `" height="` + itoa(meterBarH) + `"/>`)
		s.WriteString(`<rect class="` + meterClass(c.Max, i) + `" x="` + itoa(right-l) + `" y="` + itoa(y+20) + `" width="` + itoa(l) + `" height="` + itoa(meterBarH) + `"/>`)
	}
	s.WriteString(`</svg></figure>`)
	return template.HTML(s.String())
}

// meterClass is the class of meter i: shares of one whole (Max set: used
// and left) take a colour each; counts of things alike (tickets per
// department) take one, so no bar looks singled out.
func meterClass(whole int64, i int) string {
	if whole > 0 {
		return "chart-bar chart-bar-" + itoa(i)
	}
	return "chart-bar"
}

// ff writes a coordinate with at most two decimals.
func ff(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }
