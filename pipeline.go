package dedupe

import (
	"context"
	"errors"
	"sync"

	"github.com/neardup/dedupe/internal/crash"
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
	crash *WorkerPanic // the panic of Decode or work on an item, if any
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
// output does not depend on j. Memory is bounded by the batches in flight
// (see window).
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
// the cancellation of ctx stops it and is returned. A panic of read, of
// reduce, or of Decode or work (the first in input order), ends it too:
// once the pipeline's goroutines are done, run panics with it on the
// caller's goroutine, as a *WorkerPanic.
func (p *pipeline[T, R]) run(ctx context.Context) error {
	inflight := 2*p.j + 2
	win := newWindow(inflight)
	work := make(chan *batch[T, R], inflight)
	done := make(chan *batch[T, R], inflight)
	quit := make(chan struct{})
	var quitOnce sync.Once
	stop := func() { quitOnce.Do(func() { close(quit) }) }
	ended := make(chan struct{})
	defer close(ended)
	go func() {
		select {
		case <-quit:
		case <-ctx.Done():
		case <-ended:
		}
		win.close()
	}()

	type readResult struct {
		err   error
		crash *WorkerPanic
	}
	read := make(chan readResult, 1)
	go func() {
		defer close(work)
		var r readResult
		r.crash = catch(func() { r.err = p.readBatches(win, work) })
		read <- r
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

	crash, err := p.reduceInOrder(ctx, done, win, stop)
	r := <-read
	if crash == nil {
		crash = r.crash // after every batch read was reduced
	}
	if crash != nil {
		panic(crash)
	}
	if err == nil && r.err != errStop {
		err = r.err
	}
	return err
}

// A WorkerPanic is the value with which a run (Clean, Learn, Find,
// Index.Add, Index.Query, ...) panics on the caller's goroutine when a
// goroutine that reads its documents, works on them or learns from them
// panicked: Value is the value that goroutine panicked with, and Stack
// its stack then (debug.Stack). String gives both, so that an unrecovered
// WorkerPanic prints where the panic happened.
type WorkerPanic = crash.Panic

// catch calls fn and returns the panic it raised (crash.Catch).
func catch(fn func()) *WorkerPanic { return crash.Catch(fn) }

// readBatches cuts the items read into batches and sends them to work.
func (p *pipeline[T, R]) readBatches(win *window, work chan<- *batch[T, R]) error {
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
		if !win.enter(cur.bytes) {
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
	// The items read before an error are sent too: one that fails to
	// decode comes first in input order, and its error is reported, not
	// the reader's (run prefers the reduction's error).
	if !send() && err == nil {
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
		if b.crash = catch(func() { p.workBatch(w, b) }); b.crash != nil {
			b.res = nil
		}
		done <- b
	}
}

// workBatch decodes the items of b on worker w and works on those that
// decode.
func (p *pipeline[T, R]) workBatch(w int, b *batch[T, R]) {
	b.res = make([]R, len(b.docs))
	for i, d := range b.docs {
		if err := p.workItem(w, d, &b.res[i]); err != nil {
			if b.errs == nil {
				b.errs = make([]error, len(b.docs))
			}
			b.errs[i] = err
		}
	}
}

// workItem decodes d and works on it, holding hugeToken if it is huge
// (released if work panics).
func (p *pipeline[T, R]) workItem(w int, d T, r *R) error {
	if p.size(d) >= hugeItem {
		hugeToken <- struct{}{}
		defer func() { <-hugeToken }()
	}
	err := d.Decode()
	if err == nil {
		p.work(w, d, r)
	}
	return err
}

// hugeItem is the size from which an item is decoded and worked on while
// no other such item is, by any pipeline. Working on a document takes
// about 17 bytes of heap per byte of text at its peak (the word and
// shingle hashes, the repeat finder's tables, the paragraphs' features),
// and freeing them is left to the garbage collector: two workers on
// documents of 41 and 31 MB at once took the live heap to 1.41 GB, and
// RSS to 1.48-1.57 GB, over the 1.5 GB that clean promises; one at a
// time, 1.41-1.48 GB. The price is on such files only: a worker waits
// while another works on a huge document (the four records of 9-41 MB
// took 15.7-16.6 s instead of 12.4-12.9). The documentation corpus of
// the README, whose huge documents are far apart, ran as before.
const hugeItem = 16 << 20

// hugeToken is held while a huge item is decoded and worked on (see
// hugeItem). It is shared by all pipelines, as those of concurrent runs
// share the heap.
var hugeToken = make(chan struct{}, 1)

// reduceInOrder hands the batches to reduce in order of seq, up to the
// first error or panic (crash), which it returns.
func (p *pipeline[T, R]) reduceInOrder(ctx context.Context, done <-chan *batch[T, R], win *window, stop func()) (crash *WorkerPanic, err error) {
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
			if err == nil && crash == nil {
				if crash, err = p.reduceOne(ctx, nb); err != nil || crash != nil {
					stop()
				}
			}
			for _, d := range nb.docs {
				d.Release()
			}
			win.leave(nb.bytes)
		}
	}
	if err == nil {
		err = ctx.Err()
	}
	return crash, err
}

// reduceOne reduces b, unless ctx is cancelled or an item of b failed to
// decode or panicked: then it returns the first of these instead.
func (p *pipeline[T, R]) reduceOne(ctx context.Context, b *batch[T, R]) (*WorkerPanic, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// A record that failed to decode stops the run; it is the first in
	// input order since batches arrive in order, and a panic comes after
	// the errors of the items before it (the items after it were not
	// worked on).
	for _, e := range b.errs {
		if e != nil {
			return nil, e
		}
	}
	if b.crash != nil || b.res == nil { // b.res is nil after a stop
		return b.crash, nil
	}
	// A panic of reduce (of a writer it calls) is caught too, so that
	// reduceInOrder drains the batches still in flight: the workers, and
	// the reader holding its input open, would otherwise wait on done
	// forever (the window lets more batches in than done holds when a
	// big one is in flight).
	var err error
	if crash := catch(func() { err = p.reduce(b) }); crash != nil {
		return crash, nil
	}
	return nil, err
}

// bigBatch is the size from which a batch counts as big in a window: in
// practice, a batch of one document of 8 MB or more.
const bigBatch = 4 * batchBytes

// maxRunAhead bounds the bytes that a window lets in beside its big
// batches (see window).
const maxRunAhead = 32 << 20

// A window bounds the batches in flight in a pipeline, from the reader
// to the end of their reduction: at most max of them, unless big batches
// are in flight, in which case small batches may run ahead of them, up to
// four times as many bytes as the big ones hold and at most maxRunAhead.
//
// A big batch is one huge document, and the batches after it wait for it
// to be reduced, in order. With the count alone, the other workers
// stopped after max batches (a few MB) while one worker spent a second
// or more on such a document, and a core stood idle: in clean on the
// README's documentation corpus, CPU use sampled every 0.5 s fell to one
// core for about 1 s at each of its two largest documents (42 and 20 MB)
// in passes 1 and 2. A huge document takes longer per byte than the text
// around it (the 37 documents over 1 MB ran at 17 MB/s alone), hence four
// times its bytes. The bound keeps the peak RSS: the run-ahead comes
// while the huge document is in memory whole. With 96 MB the dips were
// gone, but RSS reached 1.52 GB; with 48 MB, 1.47 GB in one run of six;
// with 32 MB the dips last about half as long (0.5 s or so, at 120-160%
// CPU) and RSS stayed at 1.44 GB, as without the run-ahead.
type window struct {
	mu     sync.Mutex
	cond   sync.Cond
	n, max int   // batches in flight, and their bound
	bytes  int64 // bytes of the batches in flight
	big    int64 // bytes of the big batches in flight
	closed bool
}

func newWindow(max int) *window {
	w := &window{max: max}
	w.cond.L = &w.mu
	return w
}

// enter waits until a batch of size bytes may be sent and counts it in
// flight; it returns false, at once, if w is closed.
func (w *window) enter(size int64) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for !w.closed && !w.room(size) {
		w.cond.Wait()
	}
	if w.closed {
		return false
	}
	w.n++
	w.bytes += size
	if size >= bigBatch {
		w.big += size
	}
	return true
}

// room reports whether a batch of size bytes may enter: beyond max
// batches, only a small one beside big ones.
func (w *window) room(size int64) bool {
	if w.n < w.max {
		return true
	}
	return size < bigBatch && w.bytes-w.big < min(4*w.big, maxRunAhead)
}

// leave counts out a batch of size bytes that entered.
func (w *window) leave(size int64) {
	w.mu.Lock()
	w.n--
	w.bytes -= size
	if size >= bigBatch {
		w.big -= size
	}
	w.mu.Unlock()
	w.cond.Signal()
}

// close makes enter return false, now and from now on.
func (w *window) close() {
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
	w.cond.Broadcast()
}
