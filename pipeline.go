package dedupe

import (
	"context"
	"errors"
	"sync"
)

// An item is what a pipeline carries: an input record, or an entry of the
// spool of exact verification.
type item interface {
	// Decode parses the item on a worker; an error stops the run (in
	// input order: the first item with an error).
	Decode() error
	// Release frees the item's input bytes once its batch is reduced.
	Release()
}

// A batch is a run of consecutive items with per-item results.
type batch[T item, R any] struct {
	seq   int
	docs  []T
	res   []R
	errs  []error // of Decode, nil if none failed
	bytes int64
}

// Batches are cut at this many input bytes or items, whichever comes
// first: large enough to amortise channel traffic, small enough that
// (2*j+2) batches in flight stay a few tens of MB.
const (
	batchBytes = 2 << 20
	batchDocs  = 2048
)

// A pipeline reads items, decodes and maps each batch on j goroutines, and
// hands the batches to reduce one at a time in input order, so that the
// output does not depend on j. Memory is bounded by the batches in flight.
type pipeline[T item, R any] struct {
	j    int
	size func(T) int // input bytes of an item, for batching and progress
	// maxDocs bounds the items of a batch; 0 means batchDocs (tests make
	// batches small to get many of them out of a small corpus).
	maxDocs int
	read    func(emit func(T) error) error
	// work computes the result of one item on worker w (for per-worker
	// scratch); it is not called for an item whose Decode failed.
	work   func(w int, d T, r *R)
	reduce func(b *batch[T, R]) error
}

var errStop = errors.New("stop")

// run runs the pipeline. The first error (of read, Decode or reduce) or
// the cancellation of ctx stops it and is returned.
func (p *pipeline[T, R]) run(ctx context.Context) error {
	inflight := 2*p.j + 2
	tokens := make(chan struct{}, inflight)
	work := make(chan *batch[T, R], inflight)
	done := make(chan *batch[T, R], inflight)
	quit := make(chan struct{})
	var quitOnce sync.Once
	stop := func() { quitOnce.Do(func() { close(quit) }) }

	readErr := make(chan error, 1)
	go func() {
		defer close(work)
		readErr <- p.readBatches(ctx, tokens, work, quit)
	}()
	var wg sync.WaitGroup
	for w := 0; w < p.j; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			p.worker(w, work, done, quit)
		}(w)
	}
	go func() { wg.Wait(); close(done) }()

	err := p.reduceInOrder(ctx, done, tokens, stop)
	if rerr := <-readErr; err == nil && rerr != errStop {
		err = rerr
	}
	return err
}

// readBatches cuts the items read into batches and sends them to work.
func (p *pipeline[T, R]) readBatches(ctx context.Context, tokens chan struct{}, work chan<- *batch[T, R], quit chan struct{}) error {
	maxDocs := p.maxDocs
	if maxDocs <= 0 {
		maxDocs = batchDocs
	}
	seq := 0
	cur := &batch[T, R]{}
	send := func() bool {
		if len(cur.docs) == 0 {
			return true
		}
		select {
		case tokens <- struct{}{}:
		case <-quit:
			return false
		case <-ctx.Done():
			return false
		}
		cur.seq = seq
		seq++
		work <- cur
		cur = &batch[T, R]{}
		return true
	}
	err := p.read(func(d T) error {
		cur.docs = append(cur.docs, d)
		cur.bytes += int64(p.size(d))
		if cur.bytes >= batchBytes || len(cur.docs) >= maxDocs {
			if !send() {
				return errStop
			}
		}
		return nil
	})
	if err == nil && !send() {
		err = errStop
	}
	return err
}

func (p *pipeline[T, R]) worker(w int, work <-chan *batch[T, R], done chan<- *batch[T, R], quit chan struct{}) {
	for b := range work {
		select {
		case <-quit:
			done <- b
			continue
		default:
		}
		b.res = make([]R, len(b.docs))
		for i, d := range b.docs {
			if err := d.Decode(); err != nil {
				if b.errs == nil {
					b.errs = make([]error, len(b.docs))
				}
				b.errs[i] = err
				continue
			}
			p.work(w, d, &b.res[i])
		}
		done <- b
	}
}

// reduceInOrder hands the batches to reduce in order of seq.
func (p *pipeline[T, R]) reduceInOrder(ctx context.Context, done <-chan *batch[T, R], tokens chan struct{}, stop func()) error {
	var err error
	pending := map[int]*batch[T, R]{}
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
				err = ctx.Err()
			}
			if err == nil {
				// A record that failed to decode stops the run; it is
				// the first in input order since batches arrive in order.
				for _, e := range nb.errs {
					if e != nil {
						err = e
						break
					}
				}
			}
			if err == nil && nb.res != nil {
				err = p.reduce(nb)
			}
			if err != nil {
				stop()
			}
			for _, d := range nb.docs {
				d.Release()
			}
			<-tokens
		}
	}
	if err == nil {
		err = ctx.Err()
	}
	return err
}
