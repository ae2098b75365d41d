package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"pishkhan/internal/fa"
	"pishkhan/internal/welfare"
)

// importer reads one kind of data file into the database.
type importer struct {
	what    string
	summary string
	run     func(ctx context.Context, sys *system, name string, r io.Reader, env *environment) error
}

// importers lists what `pishkhan import <what> FILE` can read. Each area
// adds its line.
func importers() []importer {
	return []importer{
		{"employees", "regions and employees (CSV or XLSX: personnel number, national code, region, net salary, service, mobile)", importEmployees},
		{"settlement", "a welfare payroll settlement file (the deduction list as the employer deducted it)", importSettlement},
		{"registry", "civil registry persons and their mobiles (CSV: " + registryColumns() + ")", importRegistry},
	}
}

// fileArg takes a command's FILE from its arguments, first or last:
// `import employees staff.xlsx --data-dir d` and `import employees
// --data-dir d staff.xlsx`. The rest are flags.
func fileArg(args []string) (file string, flags []string, ok bool) {
	switch {
	case len(args) > 0 && !strings.HasPrefix(args[0], "-"):
		return args[0], args[1:], true
	case len(args) > 0 && !strings.HasPrefix(args[len(args)-1], "-"):
		return args[len(args)-1], args[:len(args)-1], true
	}
	return "", args, false
}

// importFiles is `pishkhan import <what> FILE [flags]` (or the FILE last).
func importFiles(ctx context.Context, args []string, env *environment) error {
	list := importers()
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" || args[0] == "help" {
		var b strings.Builder
		b.WriteString("Usage: pishkhan import <what> FILE [flags]\n\nWhat:\n")
		for _, im := range list {
			fmt.Fprintf(&b, "  %-12s %s\n", im.what, im.summary)
		}
		b.WriteString("\nA file with a bad row is refused whole; each bad row is listed with its line.\n")
		io.WriteString(env.stdout, b.String())
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	var im *importer
	for i := range list {
		if list[i].what == args[0] {
			im = &list[i]
		}
	}
	if im == nil {
		fmt.Fprintf(env.stderr, "pishkhan import: unknown kind %q (try: pishkhan import --help)\n", args[0])
		return errUsage
	}
	rest := args[1:]
	if len(rest) > 0 && (rest[len(rest)-1] == "--help" || rest[len(rest)-1] == "-h") {
		_, err := loadConfig(rest, env, "import "+im.what, "Import "+im.summary+".", nil)
		return err
	}
	file, flags, ok := fileArg(rest)
	if !ok {
		fmt.Fprintf(env.stderr, "pishkhan import %s: name the FILE to import\n", im.what)
		return errUsage
	}
	cfg, err := loadConfig(flags, env, "import "+im.what, "Import "+im.summary+".", nil)
	if err != nil {
		return err
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	logger := newLogger(cfg, env.stderr)
	d, runner, err := openDatabase(ctx, cfg, logger)
	if err != nil {
		return err
	}
	sys, err := build(cfg, logger, d, runner, env)
	if err != nil {
		d.Close()
		return err
	}
	defer sys.close()
	return im.run(ctx, sys, file, f, env)
}

// importFailed reports a refused import to the operator: the bad rows by
// line (a welfare file's row list, or the rules a refusal lists), then
// the Persian sentence saying why; never the refusal's "domain: code",
// which is for logs. Any other error is an internal failure and is
// returned as it is.
func importFailed(env *environment, err error) error {
	msg, ok := fa.UserMessage(err)
	if !ok {
		return err
	}
	var ie *welfare.ImportError
	if errors.As(err, &ie) {
		for _, row := range ie.Rows {
			fmt.Fprintf(env.stderr, "  line %d: %s\n", row.Line, row.Message)
		}
		if ie.More {
			fmt.Fprintln(env.stderr, "  …")
		}
	}
	var fe *fa.Error
	if errors.As(err, &fe) {
		for _, p := range fe.Problems {
			fmt.Fprintln(env.stderr, "  "+p)
		}
	}
	return errors.New(msg)
}
