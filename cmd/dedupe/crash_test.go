package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/neardup/dedupe"
	"github.com/neardup/dedupe/records"
)

// addTestCommands adds the commands that only the tests run (see TestMain).
func addTestCommands() {
	commands["crash"] = command{"crash", runCrash}
	commands["stop-late"] = command{"stop-late", runStopLate}
	commands["stop-stuck"] = command{"stop-stuck", runStopLate}
	// set before main starts the handler, which reads them
	switch {
	case len(os.Args) < 2:
	case os.Args[1] == "stop-late":
		testHookStopping = func() { time.Sleep(300 * time.Millisecond) }
		stopWait = time.Second // more than the hook's sleep
	case os.Args[1] == "stop-stuck":
		testHookStopping = func() { select {} }
		stopWait = 100 * time.Millisecond
	}
}

// runCrash queries an empty index with the documents of a source that
// panics while the run reads it, on a goroutine of its own.
func runCrash([]string) error {
	x, err := dedupe.NewIndex(dedupe.Options{}, nil)
	if err != nil {
		return err
	}
	return x.Query(context.Background(), panicSource{}, dedupe.RunOptions{Workers: 2}, func(dedupe.QueryResult) error { return nil })
}

type panicSource struct{}

func (panicSource) Each(func(*records.Record) error) error { panic("the source panicked") }

// TestCrashReport: a panic on a goroutine of a run, not the command's,
// is one line on stderr, a crash report with the stack of the goroutine
// that panicked, and exit status 3 (QA: a panic in a pipeline worker
// killed the process with Go's raw panic and exit status 2, which is
// documented as a usage error).
func TestCrashReport(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "crash")
	cmd.Env = append(os.Environ(), "DEDUPE_RUN_MAIN=1", "TMPDIR="+dir)
	var errOut strings.Builder
	cmd.Stderr = &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 3 {
		t.Fatalf("exit: %v, want status 3; stderr:\n%s", err, errOut.String())
	}
	m := regexp.MustCompile(`^dedupe: internal error: the source panicked; please report it with (\S+)\n$`).FindStringSubmatch(errOut.String())
	if m == nil {
		t.Fatalf("stderr is not the one line expected:\n%s", errOut.String())
	}
	if filepath.Dir(m[1]) != dir {
		t.Errorf("report %s not in TMPDIR %s", m[1], dir)
	}
	report := string(readFile(t, m[1]))
	for _, want := range []string{"dedupe crash: panic: the source panicked\n", "panicSource.Each", "re-raised by:", "exitOnPanic"} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q:\n%s", want, report)
		}
	}
}
