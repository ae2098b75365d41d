package app

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"pishkhan/internal/fa"
	"pishkhan/internal/idp"
	"pishkhan/internal/welfare"
)

// A refused import says its Persian sentence (and lists the bad rows),
// never the refusal's "domain: code"; an internal failure is returned as
// it is.
func TestImportFailedSaysTheRefusalInPersian(t *testing.T) {
	refused := fa.Refusal("welfare", "file_format", "فایل باید CSV یا XLSX باشد.")
	cases := []struct {
		name       string
		err        error
		msg        string
		stderr     []string
		notShown   []string
		sameErrOut bool
	}{
		{name: "refusal", err: fmt.Errorf("reading: %w", refused.Because(errors.New("zip: not a valid zip file"))),
			msg: "فایل باید CSV یا XLSX باشد.", notShown: []string{"welfare", "file_format", "zip"}},
		{name: "refusal listing rules", err: refused.Listing([]string{"ردیف ۲: کد ملی معتبر نیست", "ردیف ۵: شماره تلفن همراه معتبر نیست"}),
			msg: "فایل باید CSV یا XLSX باشد.", stderr: []string{"  ردیف ۲: کد ملی معتبر نیست\n", "  ردیف ۵: شماره تلفن همراه معتبر نیست\n"}, notShown: []string{"file_format"}},
		{name: "row list", err: &welfare.ImportError{Rows: []welfare.RowError{{Line: 3, Message: "کد ملی معتبر نیست"}}, More: true},
			msg: "فایل به دلیل ردیف‌های نادرست ثبت نشد؛ هیچ تغییری داده نشد.", stderr: []string{"  line 3: کد ملی معتبر نیست\n", "  …\n"}, notShown: []string{"welfare:"}},
		{name: "internal failure", err: fmt.Errorf("open employees: %w", os.ErrPermission), sameErrOut: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stderr bytes.Buffer
			got := importFailed(&environment{stderr: &stderr}, c.err)
			if c.sameErrOut {
				if got != c.err || stderr.Len() != 0 {
					t.Fatalf("internal failure: got %v, printed %q; want the error itself, nothing printed", got, stderr.String())
				}
				return
			}
			said := cliMessage(got)
			if said != c.msg {
				t.Errorf("the console says %q, want %q", said, c.msg)
			}
			for _, s := range c.stderr {
				if !strings.Contains(stderr.String(), s) {
					t.Errorf("stderr %q lacks %q", stderr.String(), s)
				}
			}
			for _, s := range c.notShown {
				if strings.Contains(stderr.String()+said, s) {
					t.Errorf("%q shown to the operator: %q %q", s, stderr.String(), said)
				}
			}
		})
	}
}

// The console says a refusal in Persian, keeping the words around it.
func TestCLIMessage(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("bad.csv: %w (nothing imported)", &idp.LineError{Line: 3, Err: fa.ErrNationalCode}), "bad.csv: line 3: کد ملی معتبر نیست (nothing imported)"},
		{fa.ErrMobile, "شماره تلفن همراه معتبر نیست"},
		{fmt.Errorf("staff add: %w", fa.ErrMobile.Because(errors.New("detail"))), "staff add: شماره تلفن همراه معتبر نیست"},
		{fmt.Errorf("open x.csv: %w", os.ErrNotExist), "open x.csv: file does not exist"},
	} {
		if got := cliMessage(c.err); got != c.want {
			t.Errorf("cliMessage(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}
