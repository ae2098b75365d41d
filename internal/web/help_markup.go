package web

import (
	"html"
	"html/template"
	"net/url"
	"regexp"
	"strings"

	"pishkhan/internal/fa"
)

// HelpHTML writes a help text as HTML. The text is plain, with a little
// markup an admin can type in a textarea:
//
//	a blank line           starts a new paragraph
//	## title               a heading (the rest of its block follows it)
//	- item                 a list (every line of the block)
//	1. item / ۱. item      a numbered list
//	**bold**               bold
//	[text](address)        a link: https://…, http://… or a path on this site
//	https://…              a bare address becomes a link
//
// Nothing else is markup: every other character is escaped, so no tag,
// attribute or script an admin types reaches the page (sanitised by
// construction, not by filtering HTML). Latin digits become Persian
// outside addresses; addresses are shown left to right.
func HelpHTML(text string) template.HTML {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	var b strings.Builder
	for _, block := range splitBlocks(text) {
		lines := strings.Split(block, "\n")
		if strings.HasPrefix(lines[0], "## ") { // a heading, and what follows it in its block
			b.WriteString("<h3>")
			writeInline(&b, strings.TrimSpace(lines[0][3:]))
			b.WriteString("</h3>")
			if lines = lines[1:]; len(lines) == 0 {
				continue
			}
		}
		switch {
		case allLines(lines, bulletItem):
			b.WriteString("<ul>")
			for _, l := range lines {
				item, _ := bulletItem(l)
				b.WriteString("<li>")
				writeInline(&b, item)
				b.WriteString("</li>")
			}
			b.WriteString("</ul>")
		case allLines(lines, numberedItem):
			b.WriteString("<ol>")
			for _, l := range lines {
				item, _ := numberedItem(l)
				b.WriteString("<li>")
				writeInline(&b, item)
				b.WriteString("</li>")
			}
			b.WriteString("</ol>")
		default:
			b.WriteString("<p>")
			for i, l := range lines {
				if i > 0 {
					b.WriteString("<br>")
				}
				writeInline(&b, strings.TrimSpace(l))
			}
			b.WriteString("</p>")
		}
	}
	return template.HTML(b.String())
}

func splitBlocks(text string) []string {
	var blocks []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			blocks = append(blocks, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) == "" {
			flush()
			continue
		}
		cur = append(cur, l)
	}
	flush()
	return blocks
}

func allLines(lines []string, item func(string) (string, bool)) bool {
	for _, l := range lines {
		if _, ok := item(l); !ok {
			return false
		}
	}
	return true
}

func bulletItem(l string) (string, bool) {
	l = strings.TrimSpace(l)
	for _, p := range []string{"- ", "* ", "• "} {
		if strings.HasPrefix(l, p) {
			return strings.TrimSpace(l[len(p):]), true
		}
	}
	return "", false
}

var numbered = regexp.MustCompile(`^\s*[0-9۰-۹]{1,3}\s*[.)\-]\s+`)

func numberedItem(l string) (string, bool) {
	m := numbered.FindStringIndex(l)
	if m == nil {
		return "", false
	}
	return strings.TrimSpace(l[m[1]:]), true
}

// inline markup: a link, bold text, or a bare address.
var inlineMarkup = regexp.MustCompile(`\[([^\]\n]{1,200})\]\(([^()\s]{1,500})\)|\*\*([^*\n]{1,500})\*\*|https?://[^\s<>"'()\[\]]+`)

func writeInline(b *strings.Builder, s string) {
	for {
		m := inlineMarkup.FindStringSubmatchIndex(s)
		if m == nil {
			writeText(b, s)
			return
		}
		writeText(b, s[:m[0]])
		whole := s[m[0]:m[1]]
		switch {
		case m[2] >= 0: // [text](address)
			text, addr := s[m[2]:m[3]], s[m[4]:m[5]]
			if helpLinkOK(addr) {
				b.WriteString(`<a href="` + html.EscapeString(addr) + `">`)
				writeText(b, text)
				b.WriteString("</a>")
			} else {
				writeText(b, whole)
			}
		case m[6] >= 0: // **bold**
			b.WriteString("<strong>")
			writeText(b, s[m[6]:m[7]])
			b.WriteString("</strong>")
		default: // a bare address, without the punctuation that ends its sentence
			addr := strings.TrimRight(whole, ".,;:!?،؛")
			if helpLinkOK(addr) {
				b.WriteString(`<a href="` + html.EscapeString(addr) + `" dir="ltr">` + html.EscapeString(addr) + "</a>")
			} else {
				writeText(b, addr)
			}
			writeText(b, whole[len(addr):])
		}
		s = s[m[1]:]
	}
}

func writeText(b *strings.Builder, s string) { b.WriteString(html.EscapeString(fa.Digits(s))) }

// helpLinkOK: links go to the web (http, https) or to a page of this site.
func helpLinkOK(addr string) bool {
	if SameSitePath(addr) {
		return true
	}
	u, err := url.Parse(addr)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil &&
		!strings.ContainsAny(addr, `"'<>`+"`")
}
