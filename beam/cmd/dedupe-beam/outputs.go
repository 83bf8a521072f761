package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// outputState returns what each of the local files names is before a
// run: its FileInfo, or nil if it does not exist (or is not local).
func outputState(names []string) []os.FileInfo {
	state := make([]os.FileInfo, len(names))
	for i, n := range names {
		if fi, err := os.Lstat(n); err == nil {
			state[i] = fi
		}
	}
	return state
}

// removePartial runs after a run that failed with err, whose output
// files are names, in the state before the run. The shards are renamed
// one by one as they are complete: if the run renamed any (a file is
// there that was not before), the set is a mix of this run's shards and
// older ones or none, so every file of it is removed, the older shards
// too (the set they belonged to is no longer whole). A run that renamed
// none leaves the files as they were. It returns err, saying what it
// removed.
func removePartial(err error, names []string, before []os.FileInfo) error {
	written := 0
	for i, n := range names {
		if fi, err := os.Lstat(n); err == nil && (before[i] == nil || !os.SameFile(before[i], fi)) {
			written++
		}
	}
	if written == 0 {
		return err
	}
	removed := 0
	var rmErr error
	for _, n := range names {
		switch err := os.Remove(n); {
		case err == nil:
			removed++
		case !errors.Is(err, fs.ErrNotExist) && rmErr == nil:
			rmErr = err
		}
	}
	err = fmt.Errorf("%w; the run had written %d of the %d output files: removed the %d files of the set, so that no incomplete set is left", err, written, len(names), removed)
	if rmErr != nil {
		err = fmt.Errorf("%w (%v)", err, rmErr)
	}
	return err
}
