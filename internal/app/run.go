// Package app wires Pishkhan together: settings → database → services →
// web server and jobs. Run is the whole program; main only calls it, and
// tests call it too, so they start the real thing.
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"pishkhan/internal/fa"
)

// Version is set at build time with -ldflags "-X pishkhan/internal/app.Version=…".
var Version = "dev"

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, env *environment) error
}

// environment is what every command receives from Run.
type environment struct {
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
	now    func() time.Time // the clock every rule that depends on time reads
	clock  *demoClock       // serve --demo: the demo's movable clock behind now; nil otherwise
}

func commands() []command {
	return []command{
		{"serve", "run the portal, the back office and the jobs", serve},
		{"migrate", "apply database migrations and exit", migrate},
		{"staff", "manage staff accounts (staff add …)", staff},
		{"demo", "seed the demo data; demo --scale N adds N customers with purchases and usage for load tests", demoCmd},
		{"partner", "register an issuer-API partner and print its key (partner add …)", partner},
		{"routes", "list every URL the server answers (method and pattern)", listRoutes},
		{"backup", "write a checked copy of the SQLite database while serving (backup FILE)", backupCmd},
		{"unlock", "lift a sign-in or second-factor lock (unlock --address A | --account ID | --staff NAME | --factor ID)", unlockCmd},
		{"import", "import data files (import <what> FILE; import --help lists what)", importFiles},
		{"version", "print the version", version},
	}
}

// Run runs one command line and returns the process exit code: 0 on
// success, 1 when the command failed, 2 when it was used wrongly.
func Run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	return RunWithClock(ctx, args, getenv, stdout, stderr, time.Now)
}

// RunWithClock is Run with another clock, for tests that move time (a
// 30-minute lockout, a 72-hour wait) instead of sleeping through it.
func RunWithClock(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, now func() time.Time) int {
	env := &environment{getenv: getenv, stdout: stdout, stderr: stderr, now: now}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		usage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			err := c.run(ctx, args[1:], env)
			switch {
			case err == nil:
				return 0
			case errors.Is(err, flag.ErrHelp):
				return 0
			case errors.Is(err, errUsage):
				return 2
			default:
				fmt.Fprintf(stderr, "pishkhan %s: %s\n", c.name, oneLine(cliMessage(err)))
				return 1
			}
		}
	}
	fmt.Fprintf(stderr, "pishkhan: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

var errUsage = errors.New("usage")

func usage(w io.Writer) {
	var b strings.Builder
	b.WriteString(usageHeadline + "\n\nUsage: pishkhan <command> [flags]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-10s %s\n", c.name, c.summary)
	}
	b.WriteString("\nRun 'pishkhan <command> --help' for a command's flags. Settings also come from PISHKHAN_* environment variables (see README).\n")
	io.WriteString(w, b.String())
}

// newFlags makes a command's flag set; --help prints its usage to stdout.
func newFlags(name, summary string, env *environment) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.stdout, "Usage: pishkhan %s [flags]\n\n%s\n\nFlags:\n", name, summary)
		fs.SetOutput(env.stdout)
		fs.PrintDefaults()
		fs.SetOutput(env.stderr)
	}
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	return nil
}

func version(_ context.Context, args []string, env *environment) error {
	fs := newFlags("version", "Print the version of this build.", env)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "pishkhan %s\n", Version)
	return nil
}

// oneLine folds a multi-line error (pgx lists each address it tried) into
// the one line an operator reads at start-up.
func oneLine(s string) string {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' })
	for i := range fields {
		fields[i] = strings.TrimSpace(fields[i])
	}
	return strings.Join(fields, "; ")
}

// cliMessage is what the console says about a failed command. A refusal
// (*fa.Error) is said by its Persian sentence, in the words around it
// («bad.csv: line 3: کد ملی معتبر نیست (nothing imported)»), never by its
// "domain: code", which is for logs; any other error is an internal
// failure and is said as it is.
func cliMessage(err error) string {
	var fe *fa.Error
	if !errors.As(err, &fe) || fe.Message == "" {
		return err.Error()
	}
	s := err.Error()
	if code := fe.Error(); strings.Contains(s, code) {
		return strings.Replace(s, code, fe.Message, 1)
	}
	return fe.Message
}
