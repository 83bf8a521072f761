package main

import (
	"runtime"
	"sync"
)

// A batch is a run of consecutive input documents with per-document results.
type batch[R any] struct {
	seq   int
	docs  []*record
	res   []R
	bytes int64
}

// Batches are cut at this many input bytes or documents, whichever comes
// first: large enough to amortise channel traffic, small enough that
// (2*j+2) batches in flight stay a few tens of MB. Tests make them small to
// get many batches out of a small corpus.
var (
	batchBytes int64 = 2 << 20
	batchDocs        = 2048
)

// pipeline reads documents with read, parses them (record.parse) and
// processes each batch with mapFn on j
// goroutines (w is the worker index, for per-worker scratch), and hands the
// batches to reduce one at a time in input order, so the output does not
// depend on j. Memory is bounded by the batches in flight. The first error
// (of read, or of reduce) stops the pipeline and is returned.
func pipeline[R any](j int, read func(emit func(*record) error) error,
	mapFn func(w int, d *record, r *R), reduce func(b *batch[R]) error) error {
	if j < 1 {
		j = runtime.NumCPU()
	}
	inflight := 2*j + 2
	tokens := make(chan struct{}, inflight)
	work := make(chan *batch[R], inflight)
	done := make(chan *batch[R], inflight)
	quit := make(chan struct{})
	var quitOnce sync.Once
	stop := func() { quitOnce.Do(func() { close(quit) }) }

	// Reader.
	readErr := make(chan error, 1)
	go func() {
		defer close(work)
		seq := 0
		cur := &batch[R]{}
		send := func() bool {
			if len(cur.docs) == 0 {
				return true
			}
			select {
			case tokens <- struct{}{}:
			case <-quit:
				return false
			}
			cur.seq = seq
			seq++
			work <- cur
			cur = &batch[R]{}
			return true
		}
		err := read(func(d *record) error {
			cur.docs = append(cur.docs, d)
			cur.bytes += int64(d.size)
			if cur.bytes >= batchBytes || len(cur.docs) >= batchDocs {
				if !send() {
					return errStop
				}
			}
			return nil
		})
		if err == nil {
			send()
		}
		readErr <- err
	}()

	// Workers.
	var wg sync.WaitGroup
	for w := 0; w < j; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for b := range work {
				select {
				case <-quit:
					done <- b
					continue
				default:
				}
				b.res = make([]R, len(b.docs))
				for i, d := range b.docs {
					d.parse()
					if d.perr == nil {
						mapFn(w, d, &b.res[i])
					}
				}
				done <- b
			}
		}(w)
	}
	go func() { wg.Wait(); close(done) }()

	// Ordered reduce.
	var err error
	pending := map[int]*batch[R]{}
	next := 0
	for b := range done {
		pending[b.seq] = b
		for {
			nb, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if err == nil {
				// A record that failed to parse stops the run; it is the
				// first in input order since batches arrive in order.
				for _, d := range nb.docs {
					if d.perr != nil {
						err = d.perr
						break
					}
				}
				if err == nil {
					err = reduce(nb)
				}
				if err != nil {
					stop()
				}
			}
			for _, d := range nb.docs {
				d.release()
			}
			<-tokens
		}
	}
	if rerr := <-readErr; err == nil && rerr != errStop {
		err = rerr
	}
	return err
}
