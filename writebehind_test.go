package dedupe

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/neardup/dedupe/records"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Buffers handed to put come back from get once written, and so do empty
// ones, which are not written: pass 3 hands back an empty OUT buffer in
// every batch when OUT is compacted in place.
func TestWriteBehindRecycles(t *testing.T) {
	wb := newWriteBehind()
	var out bytes.Buffer
	b := append(make([]byte, 0, 1<<10), "record\n"...)
	require.NoError(t, wb.put(&out, b))
	empty := make([]byte, 0, 1<<12)
	require.NoError(t, wb.put(&out, empty))
	require.NoError(t, wb.close())
	require.Equal(t, "record\n", out.String())
	caps := []int{cap(wb.get()), cap(wb.get())}
	require.ElementsMatch(t, []int{1 << 10, 1 << 12}, caps)
	require.Nil(t, wb.get(), "only the two buffers were handed over")
	require.NoError(t, wb.put(&out, nil)) // nothing to keep
	require.Nil(t, wb.get())
}

// TestWriterPanic: "a panicking output or log writer crashes the whole
// program": the panic happened on the write-behind goroutine, past any
// recover of Clean's caller. It now reaches the caller, as a *WorkerPanic
// with the writer's stack (a nil log: TestNilArguments). Without exact
// verification stream writes them itself, on the caller's goroutine, and
// their panic reached the caller raw (QA): it is caught there and raised
// as a *WorkerPanic once the pipeline has ended.
func TestWriterPanic(t *testing.T) {
	var recs records.Slice
	for i := range 200 { // half of them copies, for the log to have records
		recs = append(recs, &records.Record{ID: fmt.Sprint(i), Text: []byte(fmt.Sprintf("document %d has words of its own, %d of them", i/2, i/2*7))})
	}
	for _, which := range []string{"out", "log"} {
		for _, opts := range []Options{{}, {Verify: Estimate}, {Verify: Estimate, batchDocs: 7}, {NoDedup: true}, {Mark: true}} {
			var out, log io.Writer = io.Discard, io.Discard
			if which == "out" {
				out = panicWriter{}
			} else {
				log = panicWriter{}
			}
			v := recovered(func() { Clean(context.Background(), recs, records.NewWriter(out, nil), log, opts) })
			require.IsType(t, &WorkerPanic{}, v, "%s, %+v", which, opts)
			crash := v.(*WorkerPanic)
			require.Equal(t, "writer bug", crash.Value, "%s, %+v", which, opts)
			require.Contains(t, string(crash.Stack), "panicWriter.Write")
		}
	}
}

// recovered calls fn and returns the value it panicked with, or nil.
func recovered(fn func()) (v any) {
	defer func() { v = recover() }()
	fn()
	return nil
}

type panicWriter struct{}

func (panicWriter) Write(p []byte) (int, error) { panic("writer bug") }

// A writer's panic is raised once, by the first put or close after it:
// raised again by a deferred close on the way up, a second panic skipped
// the rest of that deferred call.
func TestWriteBehindPanicsOnce(t *testing.T) {
	wb := newWriteBehind()
	require.NoError(t, wb.put(panicWriter{}, []byte("record\n")))
	var v any
	for v == nil { // until the write ran: put of nothing writes nothing
		v = recovered(func() { wb.put(io.Discard, nil) })
	}
	require.IsType(t, &WorkerPanic{}, v)
	require.Equal(t, "writer bug", v.(*WorkerPanic).Value)
	require.Nil(t, recovered(func() { require.ErrorIs(t, wb.close(), errWriterPanic) }))
}

// panicFile is an uncompressed output file, which exact verification
// writes in pass 2 through the spool's writeBehind, that panics.
type panicFile struct{ *records.Output }

func (panicFile) Write(p []byte) (int, error) { panic("writer bug") }

// TestSpoolRemovedAfterPanic: "when a file-backed output panics, the code
// re-panics a second time or gives 'close of closed channel', and leaves
// .dedupe-spool-* files behind" (QA). The panic was raised by the spool's
// finish, then again by its deferred remove, which then neither closed
// nor deleted the spool; or close, having closed the channel, panicked
// before remove closed it a second time. Now the writer's panic reaches
// the caller, once, and the spool is deleted: with one batch (the panic
// raised by finish) and many (raised by the put of a later batch).
func TestSpoolRemovedAfterPanic(t *testing.T) {
	var recs records.Slice
	for i := range 200 {
		recs = append(recs, &records.Record{ID: fmt.Sprint(i), Text: []byte(fmt.Sprintf("document %d has words of its own, %d of them", i/2, i/2*7))})
	}
	for _, batch := range []int{0, 7} {
		dir := t.TempDir()
		out, err := records.Create(filepath.Join(dir, "out.jsonl"), records.OutputOptions{})
		require.NoError(t, err)
		v := recovered(func() {
			Clean(context.Background(), recs, panicFile{out}, io.Discard, Options{TempDir: dir, batchDocs: batch})
		})
		out.Abort()
		require.IsType(t, &WorkerPanic{}, v, "batches of %d", batch)
		require.Equal(t, "writer bug", v.(*WorkerPanic).Value, "batches of %d", batch)
		left, err := filepath.Glob(filepath.Join(dir, ".dedupe-spool-*"))
		require.NoError(t, err)
		require.Empty(t, left, "batches of %d", batch)
	}
}

// TestNoGoroutineLeftAfterPanic: "goroutine leak on a panic in pass3 and
// in writeMarked" (QA): the goroutines of the write-behind and of the
// compactor were stopped after the pass returned, not when a writer's
// panic left it, and stayed blocked for good. Each case panics in one of
// these: the output in pass 3 (written from the spool) or in the last
// pass of marking (put every 1 MB: 3.6 MB of records here), the log in
// pass 3 with OUT compacted in place. In pass 3, the second batch waits
// for the writer to panic (Progress), for the put of that batch, not
// close, to raise the panic.
//
// With a big document in flight ("big"), the window lets more batches in
// than the pipeline's done channel holds: a panic of the ordered stage
// left the workers, and the reader holding the spool open, blocked on it
// (review). The reduction's panic is now caught, and the batches drained.
func TestNoGoroutineLeftAfterPanic(t *testing.T) {
	var recs, big records.Slice
	for i := range 4000 { // half of them copies, for the log to have records
		text := strings.Repeat(fmt.Sprintf("document %d has words of its own, %d of them. ", i/2, i/2*7), 20)
		recs = append(recs, &records.Record{ID: fmt.Sprint(i), Text: []byte(text), Size: len(text)})
	}
	var b strings.Builder
	for k := 0; b.Len() < 9<<20; k++ {
		fmt.Fprintf(&b, "word%d ", k)
	}
	big = append(append(append(big, recs[:300]...), &records.Record{ID: "big", Text: []byte(b.String()), Size: b.Len()}), recs[300:]...)
	for _, c := range []struct {
		name string
		file bool // OUT is an uncompressed file, compacted in place
		log  bool // the log panics, not the output
		big  bool // a document of 9 MB among them
		opts Options
	}{
		{"pass 3 output", false, false, false, Options{batchDocs: 100}},
		{"pass 3 output, big", false, false, true, Options{batchDocs: 100}},
		{"pass 3 log", true, true, false, Options{}},
		{"pass 3 log, many batches", true, true, false, Options{batchDocs: 100}},
		{"mark output", false, false, false, Options{Mark: true}},
	} {
		before := runtime.NumGoroutine()
		dir := t.TempDir()
		w := &signalPanicWriter{panicked: make(chan struct{})}
		var out records.Sink = records.NewWriter(w, nil)
		var log io.Writer = io.Discard
		if c.file {
			o, err := records.Create(filepath.Join(dir, "out.jsonl"), records.OutputOptions{})
			require.NoError(t, err)
			defer o.Abort()
			out = o
		}
		if c.log {
			log = w
		}
		c.opts.TempDir, c.opts.NoBoiler = dir, true
		batches := 0
		c.opts.Progress = func(p Progress) {
			if p.Pass != "verify" {
				return
			}
			if batches++; batches == 2 {
				select {
				case <-w.panicked:
					time.Sleep(10 * time.Millisecond) // for the panic to be stored
					if c.big {
						time.Sleep(200 * time.Millisecond) // for the workers to run ahead
					}
				case <-time.After(time.Second):
				}
			}
		}
		in := recs
		if c.big {
			in = big
		}
		v := recovered(func() { Clean(context.Background(), in, out, log, c.opts) })
		require.IsType(t, &WorkerPanic{}, v, c.name)
		require.Equal(t, "writer bug", v.(*WorkerPanic).Value, c.name)
		n := runtime.NumGoroutine()
		for end := time.Now().Add(2 * time.Second); n > before && time.Now().Before(end); n = runtime.NumGoroutine() {
			time.Sleep(10 * time.Millisecond)
		}
		assert.LessOrEqual(t, n, before, "%s: goroutines left running", c.name)
	}
}

// A signalPanicWriter panics, as panicWriter, and says it did.
type signalPanicWriter struct {
	panicked chan struct{}
	once     sync.Once
}

func (w *signalPanicWriter) Write(p []byte) (int, error) {
	w.once.Do(func() { close(w.panicked) })
	panic("writer bug")
}
