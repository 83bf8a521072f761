package dedupe

import (
	"errors"
	"io"
	"sync/atomic"

	"github.com/neardup/dedupe/internal/crash"
)

// A writeBehind writes buffers to outputs on its own goroutine, in the
// order they are handed over, so that the ordered stage of a pipeline does
// not wait for write system calls (or compression). Buffers are recycled:
// get returns an empty one, put hands one over and gives up its ownership.
//
// Clean uses it for the spool and the output (pass 2) and for the log
// (pass 3), where the ordered stage is the bottleneck: on the 200 MB corpus
// of bench.sh (2 cores) the ordered stage of pass 2 took 0.41 s of CPU
// instead of 0.71 s, that of pass 3 0.11 s instead of 0.34 s, and pass 3
// 0.58-0.62 s of wall time instead of 0.69-0.80 s.
type writeBehind struct {
	jobs   chan writeJob
	free   chan []byte
	done   chan struct{}
	closed bool                  // by close
	err    atomic.Pointer[error] // the first write error
	// crash is a panic of a writer (the caller's io.Writer, say), raised
	// again on the goroutine that hands buffers over (put) or waits for
	// them (close): on this one it would end the program, past any
	// recover of the caller. It is raised once (see raise).
	crash atomic.Pointer[crash.Panic]
}

type writeJob struct {
	w io.Writer
	b []byte
}

func newWriteBehind() *writeBehind {
	wb := &writeBehind{jobs: make(chan writeJob, 4), free: make(chan []byte, 8), done: make(chan struct{})}
	go func() {
		defer close(wb.done)
		for j := range wb.jobs {
			if wb.err.Load() == nil {
				var err error
				if p := crash.Catch(func() { _, err = j.w.Write(j.b) }); p != nil {
					wb.crash.Store(p)
					err = errWriterPanic
				}
				if err != nil {
					wb.err.Store(&err)
				}
			}
			wb.recycle(j.b)
		}
	}()
	return wb
}

// get returns an empty buffer.
func (wb *writeBehind) get() []byte {
	select {
	case b := <-wb.free:
		return b
	default:
		return nil
	}
}

// errWriterPanic stops the writes after a writer panicked; the panic
// itself is raised again by put or close.
var errWriterPanic = errors.New("a writer panicked")

// raise panics with the panic of a writer, if one panicked and its panic
// was not raised yet. Once raised, it unwinds the caller's stack through
// deferred calls that close the writeBehind (and remove the spool): were
// close to raise it again, the second panic would skip the rest of such a
// call. Later calls of put and close return errWriterPanic instead.
func (wb *writeBehind) raise() {
	if p := wb.crash.Swap(nil); p != nil {
		panic(p)
	}
}

// put hands b over to be written to w, and returns the first write error
// so far. If a writer panicked, put raises its panic (a *crash.Panic),
// once (see raise).
func (wb *writeBehind) put(w io.Writer, b []byte) error {
	wb.raise()
	if len(b) > 0 {
		wb.jobs <- writeJob{w, b}
	} else {
		wb.recycle(b)
	}
	return wb.error()
}

// recycle keeps b for get. An empty buffer handed to put goes back to the
// free list too: pass 3 took one for OUT in every batch and, when OUT is
// compacted in place, gave it back empty; dropped, it left the log's
// buffer of the next batch to be allocated anew and zeroed (on the
// README's documentation corpus 1.8 s of CPU time under decider.batch,
// slices.Grow and memclr).
func (wb *writeBehind) recycle(b []byte) {
	if cap(b) == 0 {
		return
	}
	select {
	case wb.free <- b[:0]:
	default:
	}
}

func (wb *writeBehind) error() error {
	if p := wb.err.Load(); p != nil {
		return *p
	}
	return nil
}

// close waits for the buffers handed over to be written and returns the
// first write error. If a writer panicked, close raises its panic, once.
// Closing again only returns the error: the passes defer a close, so that
// the goroutine ends on a panic too.
func (wb *writeBehind) close() error {
	if !wb.closed {
		wb.closed = true
		close(wb.jobs)
		<-wb.done
	}
	wb.raise()
	return wb.error()
}
