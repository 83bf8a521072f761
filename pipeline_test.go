package dedupe

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/neardup/dedupe/boiler"
	"github.com/neardup/dedupe/records"
	"github.com/stretchr/testify/require"
)

// A window lets in max batches; beside a big batch, small ones up to four
// times its bytes (at most maxRunAhead), but no more big ones; and
// nothing once closed. (room decides; enter, which waits for it, is
// called only when it holds, so that the test never waits.)
func TestWindow(t *testing.T) {
	w := newWindow(2)
	require.True(t, w.enter(batchBytes))
	require.True(t, w.enter(batchBytes))
	require.False(t, w.room(batchBytes), "a third small batch waits")
	w.leave(batchBytes)
	require.True(t, w.room(batchBytes))

	// a big batch: small ones run ahead by 4 times its bytes, capped
	w = newWindow(2)
	big := int64(bigBatch)
	require.True(t, w.enter(big))
	var ahead int64
	for ahead < min(4*big, maxRunAhead) {
		require.True(t, w.room(batchBytes), "run-ahead at %d bytes", ahead)
		require.True(t, w.enter(batchBytes))
		ahead += batchBytes
	}
	require.False(t, w.room(batchBytes), "beyond the run-ahead")
	require.False(t, w.room(big), "a big one beyond max")
	w.leave(big) // the big one reduced: back to the count
	require.False(t, w.room(batchBytes))
	w.close()
	require.False(t, w.enter(batchBytes), "closed")

	// big batches beyond max wait, however small the run-ahead
	w = newWindow(2)
	require.True(t, w.enter(big))
	require.True(t, w.enter(big))
	require.False(t, w.room(big), "a third big batch waits")
	require.True(t, w.room(batchBytes), "a small one runs ahead")
}

// A reader waiting in enter gets in when a batch leaves.
func TestWindowLeave(t *testing.T) {
	w := newWindow(1)
	require.True(t, w.enter(1))
	got := make(chan bool)
	go func() { got <- w.enter(1) }()
	time.Sleep(10 * time.Millisecond)
	w.leave(1)
	require.True(t, <-got)
}

// Closing a window releases a reader that waits in enter.
func TestWindowClose(t *testing.T) {
	w := newWindow(1)
	require.True(t, w.enter(1))
	var wg sync.WaitGroup
	wg.Add(1)
	var ok bool
	go func() { defer wg.Done(); ok = w.enter(1) }()
	time.Sleep(10 * time.Millisecond)
	w.close()
	wg.Wait()
	require.False(t, ok)
}

// testItem is a pipeline item of a given size.
type testItem struct{ n, size int }

func (testItem) Decode() error { return nil }
func (testItem) Release()      {}

// testItems returns n items, item i of size(i) bytes.
func testItems(n int, size func(i int) int) []testItem {
	items := make([]testItem, n)
	for i := range items {
		items[i] = testItem{i, size(i)}
	}
	return items
}

// testPipeline returns a pipeline reading items, on j workers, in batches
// of at most maxDocs items; work and reduce are the caller's to set.
func testPipeline(items []testItem, j, maxDocs int) *pipeline[testItem, int] {
	return &pipeline[testItem, int]{
		j: j, size: func(d testItem) int { return d.size }, maxDocs: maxDocs,
		read: func(emit func(testItem) error) error {
			for _, d := range items {
				if err := emit(d); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

// A pipeline reduces batches in input order whatever the sizes of its
// items, huge ones among them (which open the window, see window), and
// stops at a reduce error or a cancelled context.
func TestPipelineOrder(t *testing.T) {
	items := testItems(400, func(i int) int {
		if i%97 == 5 {
			return 3 * bigBatch // one item in a batch of its own
		}
		return 1000
	})
	for _, j := range []int{1, 2, 4} {
		var got []int
		p := testPipeline(items, j, 7)
		p.work = func(w int, d testItem, r *int) {
			if d.size > bigBatch {
				time.Sleep(20 * time.Millisecond) // the others run ahead
			}
			*r = d.n
		}
		p.reduce = func(b *batch[testItem, int]) error { got = append(got, b.res...); return nil }
		require.NoError(t, p.run(context.Background()))
		require.Len(t, got, len(items))
		for i, n := range got {
			require.Equal(t, i, n, "j=%d", j)
		}

		stop := errors.New("reduce failed")
		p.reduce = func(b *batch[testItem, int]) error {
			if b.seq == 3 {
				return stop
			}
			return nil
		}
		require.ErrorIs(t, p.run(context.Background()), stop)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		require.ErrorIs(t, p.run(ctx), context.Canceled)
	}
}

// Huge items are worked on one at a time, whatever the workers: they come
// in pairs, and each stays a while in work, where the second of a pair
// would join it if it could.
func TestPipelineHugeOneAtATime(t *testing.T) {
	items := testItems(60, func(i int) int {
		if i%10 < 2 {
			return hugeItem
		}
		return 1000
	})
	var huge, most atomic.Int32
	p := testPipeline(items, 4, 1)
	p.work = func(w int, d testItem, r *int) {
		*r = d.n
		if d.size >= hugeItem {
			n := huge.Add(1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			time.Sleep(5 * time.Millisecond)
			huge.Add(-1)
		}
	}
	p.reduce = func(b *batch[testItem, int]) error { return nil }
	require.NoError(t, p.run(context.Background()))
	require.Equal(t, int32(1), most.Load(), "huge items at once")
}

// TestFirstBadLine: "a file whose line 2 has no text and whose line 3 is
// not an object failed with line 3's error": the reader rejects line 3
// before a worker decodes line 2, and the batch holding lines 1 and 2 was
// dropped with the reader's error. The error is line 2's now, whatever
// the workers.
func TestFirstBadLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.jsonl")
	data := `{"id":"a","text":"hello world foo"}` + "\n" + `{"id":"b"}` + "\n" + "[1]\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, j := range []int{1, 2} {
		_, err := Clean(context.Background(), &records.Files{Paths: []string{path}}, records.NewWriter(io.Discard, nil), io.Discard, Options{Workers: j})
		if err == nil || !strings.Contains(err.Error(), "bad.jsonl:2:") {
			t.Errorf("-j %d: %v, want the error of line 2", j, err)
		}
	}
}

// workerPanic calls fn and returns the *WorkerPanic it panics with, nil
// if it returns; another panic goes on.
func workerPanic(fn func()) (crash *WorkerPanic) {
	defer func() {
		if v := recover(); v != nil {
			var ok bool
			if crash, ok = v.(*WorkerPanic); !ok {
				panic(v)
			}
		}
	}()
	fn()
	return nil
}

// A panic in work (on a huge item, holding hugeToken) or in read reaches
// the caller of run as a *WorkerPanic with the stack of the goroutine that
// panicked, after the batches before it were reduced and none after;
// hugeToken is free again (QA: a panic in a worker killed the process
// with Go's raw panic and exit status 2, bypassing the command's
// exitOnPanic).
func TestPipelinePanic(t *testing.T) {
	items := testItems(400, func(i int) int {
		if i == 100 {
			return hugeItem
		}
		return 1000
	})
	for _, j := range []int{1, 2, 4} {
		var got []int
		p := testPipeline(items, j, 7)
		p.work = func(w int, d testItem, r *int) {
			if d.n == 100 {
				panic("item 100")
			}
			*r = d.n
		}
		p.reduce = func(b *batch[testItem, int]) error { got = append(got, b.res...); return nil }
		crash := workerPanic(func() { p.run(context.Background()) })
		require.NotNil(t, crash, "j=%d: no panic", j)
		require.Equal(t, "item 100", crash.Value)
		require.Contains(t, string(crash.Stack), "TestPipelinePanic.func", "the stack of the worker")
		require.Contains(t, crash.String(), "item 100\n\ngoroutine ")
		require.Len(t, got, 98, "j=%d: the batches before the one of item 100", j)
		select {
		case hugeToken <- struct{}{}:
			<-hugeToken
		default:
			t.Fatalf("j=%d: hugeToken held after the panic", j)
		}

		got = nil
		p = testPipeline(items, j, 7)
		p.work = func(w int, d testItem, r *int) { *r = d.n }
		p.reduce = func(b *batch[testItem, int]) error { got = append(got, b.res...); return nil }
		read := p.read
		p.read = func(emit func(testItem) error) error {
			n := 0
			return read(func(d testItem) error {
				if n++; n > 50 {
					panic("read 50")
				}
				return emit(d)
			})
		}
		crash = workerPanic(func() { p.run(context.Background()) })
		require.NotNil(t, crash, "j=%d: no panic of read", j)
		require.Equal(t, "read 50", crash.Value)
		require.Len(t, got, 49, "j=%d: the batches sent before", j)
	}
}

// startLearners' goroutines, which learn from the batches the learning
// pass reduced, catch a panic too: the batches sent after it are taken
// (the sender is not blocked), and end raises it again on the caller's
// goroutine as a *WorkerPanic. Both learners here are nil, so each panics
// at its first page.
func TestLearnersPanic(t *testing.T) {
	learnc, end := startLearners([]*boiler.Learner{nil, nil}, make(chan *boiler.PageAnalysis, 1))
	for range 20 {
		learnc <- &batch[*records.Record, learnResult]{docs: []*records.Record{{}}, res: []learnResult{{an: new(boiler.PageAnalysis)}}}
	}
	crash := workerPanic(end)
	require.NotNil(t, crash, "no panic")
	require.Contains(t, string(crash.Stack), "addLearned")
}
