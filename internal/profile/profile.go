// Package profile writes the profiles the command's -cpuprofile and
// -memprofile flags ask for: a CPU profile of the run, and the heap
// profile of the moment the live heap was largest.
package profile

import (
	"bytes"
	"errors"
	"io"
	"os"
	"runtime/metrics"
	"runtime/pprof"
	"time"
)

// Start starts a CPU profile written to cpuPath and a heap sampler whose
// profile is written to memPath; an empty path starts nothing. It returns
// the function that stops both, writes their files and reports the first
// error of either (a profile cut short by a full disk is not silently
// kept). Call stop once.
func Start(cpuPath, memPath string) (stop func() error, err error) {
	stopMem := func() error { return nil }
	if memPath != "" {
		// created now, so that a bad path fails before the run, not after
		mf, err := os.Create(memPath)
		if err != nil {
			return nil, err
		}
		stopMem = peakHeap(mf, 250*time.Millisecond)
	}
	if cpuPath == "" {
		return stopMem, nil
	}
	fh, err := os.Create(cpuPath)
	if err != nil {
		return nil, errors.Join(err, stopMem())
	}
	// pprof drops the errors of its writes: ew keeps the first
	ew := &errWriter{w: fh}
	if err := pprof.StartCPUProfile(ew); err != nil {
		return nil, errors.Join(err, fh.Close(), stopMem())
	}
	return func() error {
		pprof.StopCPUProfile() // waits for the profile's last write
		return errors.Join(ew.err, fh.Close(), stopMem())
	}, nil
}

// errWriter keeps the first error of the writes to w.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	n, err := e.w.Write(p)
	if err != nil && e.err == nil {
		e.err = err
	}
	return n, err
}

// peakHeap samples the live heap (after the last collection) every
// period and keeps the heap profile of the largest, written to f by the
// returned function, which closes f. Peak memory is what limits a run, and
// a profile at the end shows the heap after the work is freed.
func peakHeap(f *os.File, period time.Duration) (stop func() error) {
	done := make(chan struct{})
	finished := make(chan []byte)
	go func() {
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		var best uint64
		var prof bytes.Buffer
		tick := time.NewTicker(period)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			// a new profile only when the heap grew by 5%: writing one
			// costs a walk of the heap's sampled records
			if live := sample[0].Value.Uint64(); live > best+best/20 || prof.Len() == 0 {
				best = live
				prof.Reset()
				pprof.Lookup("heap").WriteTo(&prof, 0) // a bytes.Buffer does not fail
			}
			select {
			case <-done:
				finished <- prof.Bytes()
				return
			case <-tick.C:
			}
		}
	}()
	return func() error {
		close(done)
		_, err := f.Write(<-finished)
		return errors.Join(err, f.Close())
	}
}
