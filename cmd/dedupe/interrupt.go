package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"

	"github.com/neardup/dedupe/records"
)

// temps holds the temporary files of the run (an output before its rename,
// the spool of clean, the copy of standard input) while they exist, so
// that a run interrupted by SIGINT or SIGTERM removes them before it exits
// rather than leaving hidden files as large as the corpus beside OUT. OUT
// itself is never touched: it is either the previous file or the complete
// new one.
var temps = records.NewTemps()

// stopping is set once the handler of removeTempsOnSignal has taken a
// signal. main then waits for the handler to exit instead of exiting with
// the run's own status: a run whose last step (the commit of its outputs,
// which the handler's RemoveAll waits for) ended after the signal came
// exited 0 or 130 by the race, after printing that it had stopped.
var stopping atomic.Bool

// testHookStopping runs in the handler after stopping is set; tests make
// it slow, so that main reaches its check first.
var testHookStopping = func() {}

// waitIfStopping blocks for good if a signal is being handled: the
// handler exits the process with the signal's status.
func waitIfStopping() {
	if stopping.Load() {
		select {}
	}
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
		stopping.Store(true)
		testHookStopping()
		temps.RemoveAll() // later temporary files fail to be created
		code := 128 + int(s.(syscall.Signal))
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
	temps.RemoveAll()
	os.Exit(128 + int(syscall.SIGPIPE))
}

// pipeExit is standard error: a write that fails with EPIPE (its reader
// gone) exits as exitBrokenPipe does. The messages written to it are not
// checked, and the SIGPIPE that such a write raises raced the end of the
// run: status 0 or 141 for one run, 1 or 141 for another (review).
type pipeExit struct{ *os.File }

func (w pipeExit) Write(p []byte) (int, error) {
	n, err := w.File.Write(p)
	if errors.Is(err, syscall.EPIPE) {
		exitBrokenPipe()
	}
	return n, err
}
