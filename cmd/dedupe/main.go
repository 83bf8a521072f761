package main

import (
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"

	"github.com/neardup/dedupe"
)

//go:embed doc.go
var doc string

// stdin, stdout and stderr are variables so that tests can replace them.
var (
	stdin  io.Reader = os.Stdin
	stdout io.Writer = os.Stdout
	stderr io.Writer = pipeExit{os.Stderr}
)

// A command is one subcommand: its one-line synopsis and its entry point.
type command struct {
	synopsis string
	run      func(args []string) error
}

var commands map[string]command

func init() {
	commands = map[string]command{
		"clean":   {"clean [flags] INPUT... -o OUT", runClean},
		"find":    {"find [flags] INPUT...", runFind},
		"repeats": {"repeats [flags] INPUT...", runRepeats},
		"learn":   {"learn [flags] INPUT... -o MODEL", runLearn},
		"strip":   {"strip [flags] -model MODEL INPUT... -o OUT", runStrip},
		"index":   {"index [flags] INPUT... -o INDEX | -add INDEX", runIndex},
		"query":   {"query [flags] -index INDEX INPUT...", runQuery},
		"report":  {"report [flags] LOG [INPUT...] -o FILE", runReport},
		"eval":    {"eval neardup|repeats|boiler [flags]", runEval},
		"help":    {"help [COMMAND]", runHelp},
		"demo":    {"demo", runDemo},
		"gen":     {"gen [flags] -o FILE", runGen},
		"version": {"version", runVersion},
	}
}

// Exit status: 0 on success, 1 for bad input and runtime errors, 2 for
// usage errors, 3 for internal errors (a panic), 128 plus the signal's
// number when stopped by SIGHUP, SIGINT, SIGPIPE or SIGTERM (129, 130,
// 141, 143: interrupt.go); 141 too, without a message, when a write fails
// with EPIPE (a closed pipe, such as standard output read by head).
func main() {
	removeTempsOnSignal()
	defer exitOnPanic()
	err := run(os.Args[1:])
	waitIfStopping() // a signal came: its status, not the run's
	if err != nil {
		if errors.Is(err, syscall.EPIPE) {
			exitBrokenPipe() // as SIGPIPE does (interrupt.go)
		}
		// the library's errors start with "dedupe: " too
		fmt.Fprintf(stderr, "dedupe: %s\n", strings.TrimPrefix(err.Error(), "dedupe: "))
		var u usageError
		if errors.As(err, &u) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// exitOnPanic turns a panic into one line on stderr and exit status 3,
// after removing the temporary files; the stack goes to a report file.
// A panic of a worker goroutine comes as a *dedupe.WorkerPanic, re-raised
// on this one: the report has the worker's stack, then this one's.
func exitOnPanic() {
	p := recover()
	if p == nil {
		return
	}
	temps.RemoveAll()
	stack := debug.Stack()
	if wp, ok := p.(*dedupe.WorkerPanic); ok {
		p = wp.Value
		stack = fmt.Appendf(nil, "%s\nre-raised by:\n\n%s", wp.Stack, stack)
	}
	report := "(no report: " // filled below
	if f, err := os.CreateTemp("", "dedupe-crash-*.txt"); err == nil {
		fmt.Fprintf(f, "dedupe %s: panic: %v\n\n%s", strings.Join(os.Args[1:], " "), p, stack)
		f.Close()
		report = f.Name()
	} else {
		report += err.Error() + ")"
	}
	fmt.Fprintf(stderr, "dedupe: internal error: %v; please report it with %s\n", p, report)
	os.Exit(3)
}

// usageError is a command-line usage error (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return usageError{fmt.Sprintf(format, args...)}
}

// run runs the command line args (without the program name).
func run(args []string) error {
	if len(args) == 0 {
		return runDemo(nil)
	}
	switch args[0] {
	case "-h", "-help", "--help":
		_, err := fmt.Fprint(stdout, usage())
		return err
	case "-version", "--version":
		return runVersion(nil)
	}
	cmd, ok := commands[args[0]]
	if !ok {
		return usagef("unknown command %q (run \"dedupe help\")", args[0])
	}
	return cmd.run(args[1:])
}

// usage returns the package documentation, which is the usage text.
func usage() string {
	s := doc
	if i := strings.Index(s, "/*\n"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.Index(s, "*/"); i >= 0 {
		s = s[:i]
	}
	return s
}

func runHelp(args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") || args[0] == "help" {
		_, err := fmt.Fprint(stdout, usage())
		return err
	}
	if _, ok := commands[args[0]]; !ok {
		return usagef("help: unknown command %q", args[0])
	}
	return commands[args[0]].run([]string{"-h"})
}

// newFlagSet returns a flag set for the named command whose usage message
// prints the synopsis and the flags.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseFlags parses args with flags and positional arguments interleaved
// ("clean a.jsonl -o out.jsonl"); "--" ends the flags. It returns the
// positional arguments. -h prints the command's flags and returns errHelp.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				if _, err := io.WriteString(stdout, flagsText(fs)); err != nil {
					return nil, err
				}
				return nil, errHelp
			}
			return nil, usagef("%s: %v", fs.Name(), err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// errHelp is returned by parseFlags after -h; commands return nil for it.
var errHelp = errors.New("help requested")

// flagsText returns the usage of a command: its synopsis and flags.
func flagsText(fs *flag.FlagSet) string {
	c := commands[fs.Name()]
	if c.synopsis == "" {
		c.synopsis = fs.Name()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "usage: dedupe %s\n\nflags:\n", c.synopsis)
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	sort.Strings(names)
	for _, n := range names {
		f := fs.Lookup(n)
		arg, u := flag.UnquoteUsage(f)
		line := "  -" + n
		if arg != "" {
			line += " " + arg
		}
		def := ""
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			def = fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(&b, "%-24s %s%s\n", line, u, def)
	}
	return b.String()
}
