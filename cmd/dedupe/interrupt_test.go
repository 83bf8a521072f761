package main

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the tests run this test binary as the dedupe command
// (DEDUPE_RUN_MAIN=1), to send it signals or make it crash (with the
// commands of addTestCommands).
func TestMain(m *testing.M) {
	if os.Getenv("DEDUPE_RUN_MAIN") == "1" {
		addTestCommands()
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestInterrupt interrupts clean while it reads standard input (a pipe kept
// open, so the run cannot end first) and checks that it exits with status
// 130 and leaves no temporary file: not the outputs' (single pass,
// -no-boiler), not the copy of standard input (two passes). SIGHUP (a
// closed terminal) and SIGPIPE (standard output read by head, say) left
// every temporary file, a spool as large as the corpus included: they now
// do as SIGINT does, SIGPIPE without a message.
func TestInterrupt(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send")
	}
	for _, tc := range []struct {
		name  string
		flags []string
		temp  string // a file name prefix that appears while the run waits
		sig   os.Signal
		code  int
		says  string // on stderr
	}{
		{"outputs", []string{"-no-boiler"}, ".out.jsonl.tmp", os.Interrupt, 130, "interrupt"},
		{"stdin copy", nil, "dedupe-stdin-", os.Interrupt, 130, "interrupt"},
		{"hangup", nil, "dedupe-stdin-", syscall.SIGHUP, 129, "hangup"},
		{"broken pipe", nil, "dedupe-stdin-", syscall.SIGPIPE, 141, ""},
		// stderr read by nobody: the message fails, the status stays
		// SIGTERM's (it was SIGPIPE's through pipeExit: review)
		{"terminate, stderr closed", nil, "dedupe-stdin-", syscall.SIGTERM, 143, closedStderr},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.sig != os.Interrupt && signal.Ignored(tc.sig) {
				// the command inherits it ignored (nohup), and keeps it so
				t.Skipf("%v is ignored in this environment", tc.sig)
			}
			dir := t.TempDir()
			args := append([]string{"clean", "-q"}, tc.flags...)
			args = append(args, "-", "-o", filepath.Join(dir, "out.jsonl"))
			cmd := exec.Command(os.Args[0], args...)
			cmd.Env = append(os.Environ(), "DEDUPE_RUN_MAIN=1", "TMPDIR="+dir)
			in, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			var errOut strings.Builder
			cmd.Stderr = &errOut
			if tc.says == closedStderr {
				r, w, err := os.Pipe()
				if err != nil {
					t.Fatal(err)
				}
				r.Close()
				defer w.Close()
				cmd.Stderr, tc.says = w, ""
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer in.Close()
			io.WriteString(in, `{"id":"a","text":"one paragraph of text"}`+"\n")
			waitFor(t, dir, tc.temp)
			if err := cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			err = cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != tc.code {
				t.Fatalf("exit: %v, want status %d; stderr: %s", err, tc.code, errOut.String())
			}
			if tc.says == "" && errOut.Len() > 0 || !strings.Contains(errOut.String(), tc.says) {
				t.Errorf("stderr %q, want %q", errOut.String(), tc.says)
			}
			if left, _ := os.ReadDir(dir); len(left) > 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}
}

// runStopLate sends SIGINT to its own process and ends, with the error
// of args[0] if any, once the handler has taken the signal and while it
// is still at work (addTestCommands makes it slow): the run's end races
// the handler, as a commit that ends just after the signal does.
func runStopLate(args []string) error {
	// a temporary file for the exit to remove, when the handler is stuck
	// before it can
	f, err := temps.Create("", "dedupe-stop-*")
	if err != nil {
		return err
	}
	f.Close()
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		return err
	}
	for stopCode.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	switch {
	case len(args) == 0:
		return nil
	case args[0] == "-summary": // as a run's summary
		_, err := stderr.Write([]byte("summary\n"))
		return err
	}
	return errors.New(args[0])
}

// TestInterruptAtEnd: a signal taken as the run ends, successful or not,
// exits with the signal's status and message. The run's own status (0, 1)
// won the race when main returned before the handler exited: SIGINT
// during the commit exited 0 or 130 at random.
func TestInterruptAtEnd(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send")
	}
	const said = "dedupe: interrupt: stopped, temporary files removed\n"
	for _, tc := range []struct {
		args   []string
		stderr string // "closed": a pipe whose reader is gone; "full": one whose reader stalled
		says   string // on stderr, when it is not a pipe
	}{
		{[]string{"stop-late"}, "", said},
		{[]string{"stop-late", "the run failed"}, "", said},
		// the summary's write would fail with EPIPE: it waits for the
		// handler (pipeExit) and does not exit 141
		{[]string{"stop-late", "-summary"}, "closed", ""},
		// the summary's write and the handler's message would block: the
		// write exits after stopWait
		{[]string{"stop-late", "-summary"}, "full", ""},
		// a handler that never exits: main exits for it, after stopWait
		{[]string{"stop-stuck"}, "", ""},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		tmp := t.TempDir()
		cmd := exec.CommandContext(ctx, os.Args[0], tc.args...)
		cmd.Env = append(os.Environ(), "DEDUPE_RUN_MAIN=1", "TMPDIR="+tmp)
		var errOut strings.Builder
		cmd.Stderr = &errOut
		if tc.stderr != "" {
			r, w := stalledPipe(t)
			if tc.stderr == "closed" {
				r.Close()
			}
			cmd.Stderr = w
		}
		err := cmd.Run()
		cancel()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 130 {
			t.Errorf("dedupe %v, stderr %s: exit %v, want status 130; stderr: %q", tc.args, tc.stderr, err, errOut.String())
		}
		if got := errOut.String(); tc.stderr == "" && got != tc.says {
			t.Errorf("dedupe %v: stderr %q, want %q", tc.args, got, tc.says)
		}
		if left, _ := os.ReadDir(tmp); len(left) > 0 {
			t.Errorf("dedupe %v: left behind: %v", tc.args, left)
		}
	}
}

// stalledPipe returns a pipe whose buffer is full: a write to w blocks
// until r is read (or fails once r is closed). The test closes both.
func stalledPipe(t *testing.T) (r, w *os.File) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(); w.Close() })
	fd := int(w.Fd()) // sets w blocking, as a child's stderr is
	if err := syscall.SetNonblock(fd, true); err != nil {
		t.Fatal(err)
	}
	for buf := make([]byte, 4096); ; {
		if _, err := syscall.Write(fd, buf); err != nil {
			break // EAGAIN: full
		}
	}
	if err := syscall.SetNonblock(fd, false); err != nil {
		t.Fatal(err)
	}
	return r, w
}

// closedStderr, as what TestInterrupt's case says, makes its stderr a pipe
// whose reader is gone.
const closedStderr = "(stderr closed)"

// waitFor waits until a file whose name starts with prefix is in dir.
func waitFor(t *testing.T, dir, prefix string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), prefix) {
				return
			}
		}
	}
	t.Fatalf("no %s* file in %s", prefix, dir)
}

// TestBrokenPipe runs commands whose standard output is a pipe nobody
// reads (head that has exited): each must exit with status 141 and say
// nothing, as a program killed by SIGPIPE does, and leave no temporary
// file. QA: "dedupe clean ... | head -1" exited with status 1 and "broken
// pipe" on stderr when main returned the write's EPIPE before the SIGPIPE
// handler exited (status 1 or 141 by the race; the demo exited 0 or 141,
// as it ignored its write errors). Each command runs a few times, for the
// race.
func TestBrokenPipe(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGPIPE")
	}
	dir := demoDir(t)
	for _, args := range [][]string{
		nil, // the demo
		{"help"},
		{"help", "clean"},
		{"version"},
		{"clean", "-q", dir, "-o", "-", "-log", filepath.Join(t.TempDir(), "log.jsonl")},
		{"clean", "-q", "-verify", "estimate", dir, "-o", "-", "-log", filepath.Join(t.TempDir(), "log.jsonl")},
		{"find", "-q", dir},
		{"repeats", "-q", dir},
	} {
		for range 3 {
			tmp := t.TempDir()
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			r.Close() // the reader is gone: every write fails with EPIPE
			cmd := exec.Command(os.Args[0], args...)
			cmd.Env = append(os.Environ(), "DEDUPE_RUN_MAIN=1", "TMPDIR="+tmp)
			cmd.Stdout = w
			var errOut strings.Builder
			cmd.Stderr = &errOut
			err = cmd.Run()
			w.Close()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 141 || errOut.Len() > 0 {
				t.Fatalf("dedupe %v: exit %v, stderr %q; want status 141 and nothing", args, err, errOut.String())
			}
			if left, _ := os.ReadDir(tmp); len(left) > 0 {
				t.Errorf("dedupe %v: left behind: %v", args, left)
			}
		}
	}
}

// TestBrokenPipeStderr: standard error read by nobody. A run that writes
// to it (its summary, an error) exits 141 every time, as the SIGPIPE of
// the write would have it; it was 141 or the run's own status (0, 1),
// whichever came first (review). A run that writes nothing there (-q,
// success) keeps its status.
func TestBrokenPipeStderr(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGPIPE")
	}
	dir := demoDir(t)
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"clean", dir, "-o", "OUT"}, 141},                    // the summary
		{[]string{"clean", "no-such-file", "-o", "OUT"}, 141},         // the error
		{[]string{"clean", "-q", dir, "-o", "OUT"}, 0},                // nothing
		{[]string{"clean", "-q", "-bad-flag", dir, "-o", "OUT"}, 141}, // usage
	} {
		for range 5 {
			out := t.TempDir()
			args := slices.Clone(tc.args)
			args[len(args)-1] = filepath.Join(out, "out.jsonl")
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			r.Close()
			cmd := exec.Command(os.Args[0], args...)
			cmd.Env = append(os.Environ(), "DEDUPE_RUN_MAIN=1", "TMPDIR="+out)
			cmd.Stderr = w
			err = cmd.Run()
			w.Close()
			code := 0
			if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tc.code {
				t.Fatalf("dedupe %v with stderr closed: status %d, want %d", tc.args, code, tc.code)
			}
		}
	}
}
