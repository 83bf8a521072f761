package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/neardup/dedupe/records"
)

// temps holds the temporary files of the run (an output before its rename,
// the spool of clean, the copy of standard input) while they exist, so
// that a run interrupted by SIGINT or SIGTERM removes them before it exits
// rather than leaving hidden files as large as the corpus beside OUT. OUT
// itself is never touched: it is either the previous file or the complete
// new one.
var temps = records.NewTemps()

// stopCode is the exit status of the signal the handler of
// removeTempsOnSignal has taken (128 plus its number), 0 before. main,
// every write to stderr and exitBrokenPipe then wait for the handler to
// exit (waitIfStopping) instead of exiting with the run's own status: a
// run whose last step (the commit of its outputs, which the
// handler's RemoveAll waits for) ended after the signal came exited 0 or
// 130 by the race, after printing that it had stopped. A signal that
// comes as main returns, before the handler has set stopCode, still
// leaves the run's status: the run was done.
var stopCode atomic.Int32

// testHookStopping runs in the handler after stopCode is set; tests make
// it slow, or stuck, so that main reaches its check first.
var testHookStopping = func() {}

// stopWait is how long waitIfStopping waits for the handler.
var stopWait = 5 * time.Second

// waitIfStopping, once a signal is being handled, waits for the handler
// to exit the process with the signal's status; if it has not after
// stopWait (stuck writing its message to a pipe nobody reads, say), it
// removes the temporary files and exits with that status itself.
func waitIfStopping() {
	code := stopCode.Load()
	if code == 0 {
		return
	}
	time.Sleep(stopWait)
	temps.RemoveAll()
	os.Exit(int(code))
}

// removeTempsOnSignal makes SIGINT, SIGTERM, SIGHUP (the terminal closed)
// and SIGPIPE (standard output read by a program that stopped reading, as
// head does) remove the registered temporary files and exit with status
// 128 plus the signal's number, as a shell reports a process killed by it.
// SIGPIPE exits without a message, as programs killed by it do. SIGHUP or
// SIGPIPE ignored when the program started (nohup's SIGHUP) stays ignored;
// SIGINT and SIGTERM are caught whatever, as before.
func removeTempsOnSignal() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	for _, s := range []os.Signal{syscall.SIGHUP, syscall.SIGPIPE} {
		if !signal.Ignored(s) { // nohup's SIGHUP stays ignored
			signal.Notify(c, s)
		}
	}
	go func() {
		s := <-c
		code := 128 + int(s.(syscall.Signal))
		stopCode.Store(int32(code))
		testHookStopping()
		temps.RemoveAll() // later temporary files fail to be created
		if s != syscall.SIGPIPE {
			nl := "" // a terminal has "^C" or the progress bar on the line
			if isTerminal(stderr) {
				nl = "\n"
			}
			// not through pipeExit: a closed stderr must not turn the
			// signal's status into SIGPIPE's
			w := stderr
			if p, ok := w.(pipeExit); ok {
				w = p.File
			}
			fmt.Fprintf(w, "%sdedupe: %v: stopped, temporary files removed\n", nl, s)
		}
		os.Exit(code)
	}()
}

// exitBrokenPipe removes the temporary files and exits quietly with status
// 141 (128 + SIGPIPE), as the handler above does. A write to a closed pipe
// both fails with EPIPE and raises SIGPIPE: main calls it for an error
// that wraps EPIPE, so that the exit does not depend on which of the two
// comes first (it was status 1 and "broken pipe" on stderr when the error
// won).
func exitBrokenPipe() {
	// a signal taken between pipeExit's wait and its failed write, or
	// before main's error: its status
	waitIfStopping()
	temps.RemoveAll()
	os.Exit(128 + int(syscall.SIGPIPE))
}

// pipeExit is standard error: a write that fails with EPIPE (its reader
// gone) exits as exitBrokenPipe does. The messages written to it are not
// checked, and the SIGPIPE that such a write raises raced the end of the
// run: status 0 or 141 for one run, 1 or 141 for another (review).
type pipeExit struct{ *os.File }

func (w pipeExit) Write(p []byte) (int, error) {
	// once a signal is taken its handler exits: a write to a pipe whose
	// reader stalled would block the run past waitIfStopping's bound
	waitIfStopping()
	n, err := w.File.Write(p)
	if errors.Is(err, syscall.EPIPE) {
		exitBrokenPipe()
	}
	return n, err
}
