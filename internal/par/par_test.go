package par

import (
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/neardup/dedupe/internal/crash"
)

func TestFor(t *testing.T) {
	for _, procs := range []int{1, 2, 4} {
		old := runtime.GOMAXPROCS(procs)
		for _, n := range []int{0, 1, 2, 3, 100} {
			calls := make([]atomic.Int32, n)
			For(n, func(i int) { calls[i].Add(1) })
			for i := range calls {
				if c := calls[i].Load(); c != 1 {
					t.Errorf("GOMAXPROCS %d, n %d: fn(%d) called %d times", procs, n, i, c)
				}
			}
		}
		runtime.GOMAXPROCS(old)
	}
}

// TestForPanic: a panic of fn on one of the goroutines is raised again
// on the caller's, as a *crash.Panic with the stack of fn, after the other
// calls returned (it used to end the program, past the command's handler
// of panics, which prints one line and writes a crash report).
func TestForPanic(t *testing.T) {
	old := runtime.GOMAXPROCS(2)
	defer runtime.GOMAXPROCS(old)
	var calls atomic.Int32
	got := func() (v any) {
		defer func() { v = recover() }()
		For(100, func(i int) {
			calls.Add(1)
			if i == 7 {
				panic("seven")
			}
		})
		return nil
	}()
	p, ok := got.(*crash.Panic)
	if !ok || p.Value != "seven" || !strings.Contains(string(p.Stack), "TestForPanic") {
		t.Fatalf("recovered %#v, want a *crash.Panic of %q with the stack of fn", got, "seven")
	}
	if n := calls.Load(); n < 8 || n > 100 {
		t.Errorf("%d calls", n)
	}
}
