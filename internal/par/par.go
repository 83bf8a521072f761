// Package par runs the independent steps of a computation on all cores.
package par

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/neardup/dedupe/internal/crash"
)

// For calls fn(i) for every i in [0, n) on up to GOMAXPROCS goroutines,
// which take the next i as they finish one, and returns when every call
// has returned. fn must be safe to call concurrently for distinct i; a
// result that each call writes to its own place does not depend on the
// number of goroutines. A panic of fn is raised again on the caller's
// goroutine, as a *crash.Panic with the stack where it happened, once
// the other goroutines are done (the first, if several panicked).
func For(n int, fn func(i int)) {
	g := min(runtime.GOMAXPROCS(0), n)
	if g <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var first atomic.Pointer[crash.Panic]
	var wg sync.WaitGroup
	for range g {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := crash.Catch(func() {
				for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
					fn(i)
				}
			})
			if p != nil {
				first.CompareAndSwap(nil, p)
			}
		}()
	}
	wg.Wait()
	if p := first.Load(); p != nil {
		panic(p)
	}
}
