package main

import (
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// Temporary files (an output before its rename, the spool of clean, the
// copy of standard input) are registered here while they exist, so that a
// run interrupted by SIGINT or SIGTERM removes them before it exits rather
// than leaving hidden files as large as the corpus beside OUT. OUT itself
// is never touched: it is either the previous file or the complete new one.
var temps = struct {
	sync.Mutex
	paths map[string]bool
}{paths: map[string]bool{}}

// addTemp registers the temporary file at path.
func addTemp(path string) {
	temps.Lock()
	temps.paths[path] = true
	temps.Unlock()
}

// dropTemp unregisters path, renamed or removed.
func dropTemp(path string) {
	temps.Lock()
	delete(temps.paths, path)
	temps.Unlock()
}

// removeTempsOnSignal makes SIGINT and SIGTERM remove the registered
// temporary files and exit with status 128 plus the signal's number, as a
// shell reports a process killed by it.
func removeTempsOnSignal() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-c
		temps.Lock() // kept: nothing is registered or dropped from now on
		for p := range temps.paths {
			os.Remove(p)
		}
		nl := "" // a terminal has "^C" or the progress bar on the line
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
