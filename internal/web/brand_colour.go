package web

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"pishkhan/internal/fa"
)

// The brand colour is the background of the header and the buttons,
// under white text, and the colour of links on the page's light
// backgrounds (white cards, the page's #f5f7fa, the current menu item's
// tint of the brand). WCAG 2.1 AA asks 4.5:1 for text, so the colour
// must hold that against each of them.
const minContrast = 4.5

// colourSurfaces are the backgrounds brand-coloured text sits on, besides
// the brand's own tint.
var colourSurfaces = []string{"#ffffff", "#f5f7fa"}

type rgb struct{ r, g, b float64 } // 0–255

func parseHexColour(s string) (rgb, bool) {
	if len(s) != 7 || s[0] != '#' {
		return rgb{}, false
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return rgb{}, false
	}
	return rgb{float64(v >> 16 & 0xff), float64(v >> 8 & 0xff), float64(v & 0xff)}, true
}

func (c rgb) hex() string {
	return fmt.Sprintf("#%02x%02x%02x", int(math.Round(c.r)), int(math.Round(c.g)), int(math.Round(c.b)))
}

// luminance is WCAG 2.1's relative luminance.
func (c rgb) luminance() float64 {
	ch := func(v float64) float64 {
		v /= 255
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(c.r) + 0.7152*ch(c.g) + 0.0722*ch(c.b)
}

func contrast(a, b rgb) float64 {
	la, lb := a.luminance(), b.luminance()
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// mix is c moved towards o by t (0: c, 1: o).
func (c rgb) mix(o rgb, t float64) rgb {
	return rgb{c.r + (o.r-c.r)*t, c.g + (o.g-c.g)*t, c.b + (o.b-c.b)*t}
}

// BrandTint is the light tint of the colour behind the current menu item.
func BrandTint(colour string) string {
	c, ok := parseHexColour(colour)
	if !ok {
		c, _ = parseHexColour(DefaultColour)
	}
	white := rgb{255, 255, 255}
	return white.mix(c, 0.1).hex()
}

// ColourContrast is the colour's lowest contrast against the surfaces it
// meets (white text on it; it as text on white, on the page and on its
// tint).
func ColourContrast(colour string) (float64, bool) {
	c, ok := parseHexColour(colour)
	if !ok {
		return 0, false
	}
	lowest := math.Inf(1)
	for _, s := range append(colourSurfaces, BrandTint(colour)) {
		bg, _ := parseHexColour(s)
		lowest = math.Min(lowest, contrast(c, bg))
	}
	return lowest, true
}

// DarkenToContrast returns the colour darkened (towards black, hue kept)
// just enough to reach the contrast: what the settings page offers
// instead of a colour that fails.
func DarkenToContrast(colour string) string {
	c, ok := parseHexColour(colour)
	if !ok {
		return DefaultColour
	}
	black := rgb{}
	for t := 0.0; t <= 1; t += 0.02 {
		d := c.mix(black, t).hex()
		if n, _ := ColourContrast(d); n >= minContrast {
			return d
		}
	}
	return "#000000"
}

// colourProblem explains, in Persian, why a colour cannot be the brand's.
// The messages hold no colour code: a code's Latin digits would sit in
// running Persian text; the page shows the suggestion (ColourSuggestion)
// in a left-to-right box of its own.
func colourProblem(colour string) string {
	n, ok := ColourContrast(colour)
	switch {
	case colour == "":
		return msgColourMissing
	case !ok:
		return msgColourNotCode
	case n < minContrast:
		ratio := strings.Replace(strconv.FormatFloat(math.Floor(n*10)/10, 'f', 1, 64), ".", "٫", 1)
		return msgColourFaint(fa.Digits(ratio))
	}
	return ""
}

// ColourSuggestion is the darker colour to offer instead of a valid code
// whose contrast fails ("" when the colour is fine or not a code).
func ColourSuggestion(colour string) string {
	if n, ok := ColourContrast(colour); ok && n < minContrast {
		return DarkenToContrast(colour)
	}
	return ""
}
