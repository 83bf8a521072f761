package main

import (
	"fmt"
	"os"
	"os/signal"
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

// removeTempsOnSignal makes SIGINT and SIGTERM remove the registered
// temporary files and exit with status 128 plus the signal's number, as a
// shell reports a process killed by it.
func removeTempsOnSignal() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-c
		temps.RemoveAll() // later temporary files fail to be created
		nl := ""          // a terminal has "^C" or the progress bar on the line
		if isTerminal(stderr) {
			nl = "\n"
		}
		fmt.Fprintf(stderr, "%sdedupe: %v: stopped, temporary files removed\n", nl, s)
		code := 130
		if s == syscall.SIGTERM {
			code = 143
		}
		os.Exit(code)
	}()
}
