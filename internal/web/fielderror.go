package web

import (
	"html"
	"html/template"
	"sort"
	"strings"
)

// The markup of a form's problems is written here, once, for every page:
// the message next to its field carries an id, the field points at it
// (aria-describedby) and says it is invalid (aria-invalid), so a screen
// reader reads the problem with the field; the layouts list every
// problem at the top of the page, each linking to its field.

// errorID is the id of the element holding field's message.
func errorID(field string) string {
	return "err-" + strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' {
			return '-'
		}
		return r
	}, field)
}

// FieldError is the message of field, with its id, written next to the
// field: {{$.FieldError "mobile"}}. Nothing when the field is fine.
func (v View) FieldError(field string) template.HTML {
	msg := v.Err(field)
	if msg == "" {
		return ""
	}
	return template.HTML(`<span class="field-error" id="` + html.EscapeString(errorID(field)) + `">` +
		html.EscapeString(msg) + `</span>`)
}

// Invalid is written inside a field's tag, <input ... {{$.Invalid "mobile"}}>:
// when the field has a problem it ties the field to its message.
func (v View) Invalid(field string) template.HTMLAttr {
	if v.Err(field) == "" {
		return ""
	}
	return template.HTMLAttr(`aria-invalid="true" aria-describedby="` + html.EscapeString(errorID(field)) + `"`)
}

// FieldClass is the class of a field's wrapper: "field", or "field
// has-error" when the field has a problem, <div class="{{$.FieldClass "mobile"}}">.
// A wrapper holding two fields (a card's expiry month and year) names
// both, and is marked when either has a problem.
func (v View) FieldClass(fields ...string) string {
	for _, f := range fields {
		if v.Err(f) != "" {
			return "field has-error"
		}
	}
	return "field"
}

// Problem is one entry of the summary at the top of a form's page.
type Problem struct {
	Field   string // the field's name, which is also its input's id
	Message string
}

// Problems are the form's problems in the order they were found (which
// is the order of the fields on the page), for the summary at the top.
func (v View) Problems() []Problem {
	if v.Form == nil || len(v.Form.Errors) == 0 {
		return nil
	}
	out := make([]Problem, 0, len(v.Form.Errors))
	seen := map[string]bool{}
	for _, f := range v.Form.order {
		if msg, ok := v.Form.Errors[f]; ok && !seen[f] {
			seen[f] = true
			out = append(out, Problem{f, msg})
		}
	}
	// Problems written into Errors directly, not through Fail, follow
	// in a fixed order.
	var rest []string
	for f := range v.Form.Errors {
		if !seen[f] {
			rest = append(rest, f)
		}
	}
	sort.Strings(rest)
	for _, f := range rest {
		out = append(out, Problem{f, v.Form.Errors[f]})
	}
	return out
}
