package web_test

import (
	"regexp"
	"strings"
	"testing"

	"pishkhan/internal/web"
)

// allowedHelpTag is every tag HelpHTML writes; a link's address is
// quoted and escaped.
var allowedHelpTag = regexp.MustCompile(`</?(p|br|h3|ul|ol|li|strong)>|<a href="[^"<>]*"( dir="ltr")?>|</a>`)

// FuzzHelpHTML: whatever an admin types, the help's HTML holds only the
// markup's own tags, and no link leaves http, https or this site.
func FuzzHelpHTML(f *testing.F) {
	for _, s := range []string{"<script>alert(1)</script>", "[x](javascript:alert(1))", "**b** [a](/p) https://x.y/\"><img>",
		"## t\n- a\n1. b\n\n[](https://a)", "[x](https://a\"onmouseover=1)", "\x00\xff**"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := string(web.HelpHTML(in))
		rest := allowedHelpTag.ReplaceAllString(out, "")
		if strings.ContainsAny(rest, "<>") {
			t.Fatalf("%q gave markup of its own: %s", in, out)
		}
		for _, m := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(out, -1) {
			h := m[1]
			if !strings.HasPrefix(h, "https://") && !strings.HasPrefix(h, "http://") && !(strings.HasPrefix(h, "/") && !strings.HasPrefix(h, "//")) {
				t.Fatalf("%q links to %q", in, h)
			}
		}
	})
}
