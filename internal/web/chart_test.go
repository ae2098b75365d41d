package web

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestChartFiguresBecomeBarLengths(t *testing.T) {
	c := Chart{Title: "t", Bars: []Bar{{Label: "a", Value: 0}, {Label: "b", Value: 50}, {Label: "c", Value: 100}, {Label: "d", Value: 1}}}
	if got, want := c.ColumnHeights(), []int{0, 60, 120, 1}; !equalInts(got, want) {
		t.Errorf("column heights = %v, want %v (scale to the largest; a small figure is still seen)", got, want)
	}
	c.Max = 200 // used and left of a budget: bars are shares of Max
	if got, want := c.MeterLengths(), []int{0, 78, 156, 2}; !equalInts(got, want) {
		t.Errorf("meter lengths = %v, want %v", got, want)
	}
	// Rials times drawing units would pass int64 in integer arithmetic.
	big := Chart{Bars: []Bar{{Value: 1 << 61}, {Value: 1 << 62}}}
	if got, want := big.ColumnHeights(), []int{60, 120}; !equalInts(got, want) {
		t.Errorf("big heights = %v, want %v", got, want)
	}
	// The drawn rectangles have those heights.
	svg := string(Chart{Bars: []Bar{{Label: "x", Value: 50}, {Label: "y", Value: 100}}}.Columns())
	var hs []int
	for _, m := range regexp.MustCompile(`class="chart-bar" [^>]*height="(\d+)"`).FindAllStringSubmatch(svg, -1) {
		n, _ := strconv.Atoi(m[1])
		hs = append(hs, n)
	}
	if !equalInts(hs, []int{60, 120}) {
		t.Errorf("drawn heights = %v in %s", hs, svg)
	}
}

func TestChartPersianDigitsAndTextAlternative(t *testing.T) {
	c := Chart{Title: "مصرف 30 روز", Bars: []Bar{
		{Label: "1405/09/01", Value: 1234567},
		{Label: "1405/09/02", Value: 7, Text: "0.01 گیگابایت"},
	}}
	for name, svg := range map[string]string{"columns": string(c.Columns()), "meters": string(c.Meters())} {
		// Latin digits only in markup (coordinates), never in text.
		text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(svg, " ")
		if regexp.MustCompile(`[0-9]`).MatchString(text) {
			t.Errorf("%s: Latin digit in text: %s", name, text)
		}
		if !strings.Contains(svg, `role="img"`) || !strings.Contains(svg, "<title>") {
			t.Errorf("%s: no role=img with a title: %s", name, svg)
		}
		if strings.Contains(svg, "<script") {
			t.Errorf("%s: script in chart", name)
		}
	}
	alt := c.Alt()
	for _, want := range []string{"مصرف ۳۰ روز", "۱۴۰۵/۰۹/۰۱ ۱٬۲۳۴٬۵۶۷", "۱۴۰۵/۰۹/۰۲ ۰.۰۱ گیگابایت"} {
		if !strings.Contains(alt, want) {
			t.Errorf("alt %q lacks %q", alt, want)
		}
	}
	if !strings.Contains(string(c.Columns()), "<title>"+alt+"</title>") {
		t.Errorf("title is not the text alternative")
	}
}

func TestChartColumnsReadRightToLeft(t *testing.T) {
	c := Chart{Bars: []Bar{{Label: "1", Value: 1}, {Label: "2", Value: 2}, {Label: "3", Value: 3}}}
	var xs []float64
	for _, m := range regexp.MustCompile(`class="chart-bar" x="([0-9.]+)"`).FindAllStringSubmatch(string(c.Columns()), -1) {
		x, _ := strconv.ParseFloat(m[1], 64)
		xs = append(xs, x)
	}
	if len(xs) != 3 || !(xs[0] > xs[1] && xs[1] > xs[2]) {
		t.Errorf("column x = %v: the first bar must be the rightmost", xs)
	}
	// Meters grow from the right edge: every bar ends at the same x.
	m := Chart{Bars: []Bar{{Label: "a", Value: 1}, {Label: "b", Value: 3}}, Max: 4}
	var ends []float64
	for _, g := range regexp.MustCompile(`class="chart-bar chart-bar-\d" x="(\d+)" y="\d+" width="(\d+)"`).FindAllStringSubmatch(string(m.Meters()), -1) {
		x, _ := strconv.ParseFloat(g[1], 64)
		w, _ := strconv.ParseFloat(g[2], 64)
		ends = append(ends, x+w)
	}
	if len(ends) != 2 || ends[0] != ends[1] || ends[0] != chartW-chartMargin {
		t.Errorf("meter right ends = %v, want both %d", ends, chartW-chartMargin)
	}
	// Counts of things alike, on the largest's scale, share one colour.
	m.Max = 0
	if got := regexp.MustCompile(`<rect class="chart-bar[^"]*"`).FindAllString(string(m.Meters()), -1); len(got) != 2 || got[0] != `<rect class="chart-bar"` || got[1] != got[0] {
		t.Errorf("meters without Max: %q, want one class", got)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
