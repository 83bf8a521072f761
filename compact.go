package dedupe

import (
	"fmt"
	"os"
)

// A compactor removes byte ranges from a file in place, front to back: the
// records that pass 3 of clean removes from an output that pass 2 wrote
// whole (spool.go). The caller walks the file's records in order and says
// of each whether it stays (keep) or goes (drop); a kept record behind a
// dropped one is moved down by the bytes dropped so far. Moves are
// coalesced into runs and copied on a goroutine of their own, a megabyte at
// a time with ReadAt and WriteAt, while the caller goes on.
//
// The copies never touch bytes that are yet to be read: a record is moved
// to an offset at or below its own, after every record before it, so what a
// copy writes ends before the first record not yet handed to the
// compactor. Records that pass 3's workers read ahead of the ordered stage
// are therefore still in place when they read them.
//
// Why not write the output from the spool in pass 3: writing a file costs
// far more system time than rewriting pages already in the page cache, the
// more so with a gigabyte of dirty pages from pass 2 (dd of 1 GB to a new
// file: 0.14-0.38 s of system time after a sync, 0.7-2.1 s with 1-2 GB
// already dirty; over the cached pages of a file: 0.1 s).
type compactor struct {
	f        *os.File
	src, dst int64 // offset of the next record, and where it goes
	run      move  // moves not yet handed to the goroutine
	jobs     chan move
	done     chan error
	synced   chan error // answers a barrier
	ended    bool       // by finish or abort
}

// A move copies n bytes at offset src to offset dst <= src.
type move struct{ src, dst, n int64 }

// maxRun is the largest move handed over at once.
const maxRun = 4 << 20

func newCompactor(f *os.File) *compactor {
	c := &compactor{f: f, jobs: make(chan move, 16), done: make(chan error, 1), synced: make(chan error)}
	go func() {
		buf := make([]byte, 1<<20)
		var err error
		for m := range c.jobs {
			if m.n < 0 { // a barrier (wait)
				c.synced <- err
				continue
			}
			for m.n > 0 && err == nil {
				b := buf[:min(m.n, int64(len(buf)))]
				if _, err = f.ReadAt(b, m.src); err == nil {
					_, err = f.WriteAt(b, m.dst)
				}
				m.src += int64(len(b))
				m.dst += int64(len(b))
				m.n -= int64(len(b))
			}
		}
		c.done <- err
	}()
	return c
}

// keep keeps the next n bytes.
func (c *compactor) keep(n int) {
	if c.src != c.dst {
		if c.run.n > 0 && c.run.src+c.run.n == c.src {
			c.run.n += int64(n)
		} else {
			c.handOver()
			c.run = move{c.src, c.dst, int64(n)}
		}
		if c.run.n >= maxRun {
			c.handOver()
		}
	}
	c.src += int64(n)
	c.dst += int64(n)
}

// wait hands over the moves so far and waits until they are done, so that
// the kept records are where dst says; it returns the first error of the
// moves.
func (c *compactor) wait() error {
	c.handOver()
	c.jobs <- move{n: -1}
	return <-c.synced
}

// drop removes the next n bytes.
func (c *compactor) drop(n int) { c.src += int64(n) }

func (c *compactor) handOver() {
	if c.run.n > 0 {
		c.jobs <- c.run
	}
	c.run = move{}
}

// finish waits for the moves and truncates the file after the last kept
// byte. It checks that the records handed to the compactor cover the file
// exactly.
func (c *compactor) finish() error {
	c.handOver()
	c.ended = true
	close(c.jobs)
	err := <-c.done
	if err != nil {
		return err
	}
	fi, err := c.f.Stat()
	if err != nil {
		return err
	}
	if fi.Size() != c.src {
		return fmt.Errorf("%w: %d bytes of records for an output of %d", errSpool, c.src, fi.Size())
	}
	return c.f.Truncate(c.dst)
}

// abort drops the moves not yet handed over and waits for the goroutine to
// end; the file is to be removed. After finish or abort it does nothing:
// pass 3 defers it, for a panic.
func (c *compactor) abort() {
	if c.ended {
		return
	}
	c.run = move{}
	c.ended = true
	close(c.jobs)
	<-c.done
}
