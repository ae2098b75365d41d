package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// ConsoleEntry is one message of the browser console: a console.* call of
// a page script, an uncaught exception, or a message of the browser itself
// (a failed request, a blocked script, a violation of the content security
// policy).
type ConsoleEntry struct {
	// Level is "error", "warning", "info", "log" or "debug"; uncaught
	// exceptions are "error".
	Level string
	// Source says who wrote it: "console" for console.* calls,
	// "exception", or the browser's source ("network", "security",
	// "javascript", "rendering", …).
	Source string
	Text   string
	URL    string // where it came from, when known
	Line   int64  // 1-based, 0 when unknown
}

func (e ConsoleEntry) String() string {
	s := e.Level + " (" + e.Source + "): " + e.Text
	if e.URL != "" {
		s += " [" + e.URL
		if e.Line > 0 {
			s += fmt.Sprintf(":%d", e.Line)
		}
		s += "]"
	}
	return s
}

// IsError reports whether the entry is an error (including exceptions).
func (e ConsoleEntry) IsError() bool { return e.Level == "error" }

// Console returns everything the console received since New (or the last
// ClearConsole), in order.
func (b *Browser) Console() []ConsoleEntry {
	b.t.Helper()
	b.flush()
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]ConsoleEntry(nil), b.console...)
}

// ConsoleErrors returns the console's errors: console.error calls,
// uncaught exceptions, failed requests, CSP violations.
func (b *Browser) ConsoleErrors() []ConsoleEntry {
	b.t.Helper()
	var errs []ConsoleEntry
	for _, e := range b.Console() {
		if e.IsError() {
			errs = append(errs, e)
		}
	}
	return errs
}

// ExpectNoConsoleErrors fails the test (without stopping it) for every
// console error so far whose text contains none of the ignore strings.
// It passes over a failed /favicon.ico: the browser asks for it on its
// own, no page does (ConsoleErrors still lists it).
func (b *Browser) ExpectNoConsoleErrors(ignore ...string) {
	b.t.Helper()
next:
	for _, e := range b.ConsoleErrors() {
		if e.Source == "network" && strings.HasSuffix(e.URL, "/favicon.ico") {
			continue
		}
		for _, s := range ignore {
			if strings.Contains(e.Text, s) {
				continue next
			}
		}
		b.t.Errorf("browsertest: console error on %s: %s", b.currentURL(), e)
	}
}

// logConsole logs what the console received, to explain a failure.
func (b *Browser) logConsole() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.console) == 0 {
		b.t.Log("browsertest: the browser console stayed empty")
		return
	}
	var s strings.Builder
	for _, e := range b.console {
		s.WriteString("\n\t" + e.String())
	}
	b.t.Log("browsertest: the browser console:" + s.String())
}

// ClearConsole forgets the console entries so far.
func (b *Browser) ClearConsole() {
	b.t.Helper()
	b.flush()
	b.mu.Lock()
	b.console = nil
	b.mu.Unlock()
}

// flush makes one round trip to the tab: the listener sees every event
// that the browser sent before the answer before the answer arrives.
func (b *Browser) flush() {
	_, _ = try(b, b.wait, chromedp.Evaluate[chromedp.Void](`0`))
}

// onEvent runs in chromedp's read loop for every event of the tab: it
// must be quick and must not send commands there.
func (b *Browser) onEvent(ev any) {
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		e := ConsoleEntry{Level: consoleLevel(ev.Type), Source: "console", Text: argsText(ev.Args)}
		if st := ev.StackTrace; st != nil && len(st.CallFrames) > 0 {
			e.URL, e.Line = st.CallFrames[0].URL, st.CallFrames[0].LineNumber+1
		}
		b.record(e)
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		if d == nil {
			return
		}
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			desc, _, _ := strings.Cut(d.Exception.Description, "\n    at ")
			text += " " + desc
		}
		b.record(ConsoleEntry{Level: "error", Source: "exception", Text: text, URL: d.URL, Line: d.LineNumber + 1})
	case *log.EventEntryAdded:
		en := ev.Entry
		if en == nil {
			return
		}
		level := string(en.Level)
		if en.Level == log.EntryLevelVerbose {
			level = "debug"
		}
		line := en.LineNumber
		if line > 0 {
			line++
		}
		b.record(ConsoleEntry{Level: level, Source: string(en.Source), Text: en.Text, URL: en.URL, Line: line})
	case *page.EventJavascriptDialogOpening:
		b.mu.Lock()
		b.dialogs = append(b.dialogs, string(ev.Type)+": "+ev.Message)
		accept := !b.rejectDialogs
		b.mu.Unlock()
		// A dialog blocks the page until it is answered; answer it from
		// another goroutine, as the read loop must not send commands.
		go func() {
			ctx, cancel := context.WithTimeout(b.ctx, b.wait)
			defer cancel()
			if _, err := chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: accept}); err != nil {
				b.output.logf("answering the dialog %q: %v", ev.Message, err)
			}
		}()
	}
}

func (b *Browser) record(e ConsoleEntry) {
	b.mu.Lock()
	b.console = append(b.console, e)
	b.mu.Unlock()
}

func consoleLevel(t runtime.ConsoleAPICalledType) string {
	switch t {
	case runtime.ConsoleAPICalledTypeError, runtime.ConsoleAPICalledTypeAssert:
		return "error"
	case runtime.ConsoleAPICalledTypeWarning:
		return "warning"
	case runtime.ConsoleAPICalledTypeInfo:
		return "info"
	case runtime.ConsoleAPICalledTypeDebug:
		return "debug"
	}
	return "log"
}

// argsText renders console.* arguments roughly as DevTools does.
func argsText(args []*runtime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		if a == nil {
			continue
		}
		var s string
		switch {
		case a.Type == runtime.RemoteObjectTypeString && json.Unmarshal(a.Value, &s) == nil:
		case a.UnserializableValue != "":
			s = string(a.UnserializableValue)
		case a.Description != "":
			s = a.Description
		case len(a.Value) > 0:
			s = string(a.Value)
		default:
			s = string(a.Type)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}
