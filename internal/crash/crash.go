// Package crash carries a panic from the goroutine that raised it to the
// one that waits for that goroutine, so that the panic ends the program,
// or reaches a caller that recovers it, with the stack where it happened.
package crash

import (
	"fmt"
	"runtime/debug"
)

// A Panic is a panic caught on one goroutine (Catch), to be raised again
// on another: Value is the value it was raised with and Stack the stack
// of the goroutine then.
type Panic struct {
	Value any
	Stack []byte
}

// String gives the value and the stack, so that an unrecovered Panic
// prints where the panic happened.
func (p *Panic) String() string {
	return fmt.Sprintf("%v\n\n%s", p.Value, p.Stack)
}

// Catch calls fn and returns the panic it raised, with its stack, or nil
// if it returned. A *Panic (one raised again inside fn) is returned as it
// is.
func Catch(fn func()) (crash *Panic) {
	defer func() {
		if v := recover(); v != nil {
			if crash, _ = v.(*Panic); crash == nil {
				crash = &Panic{Value: v, Stack: debug.Stack()}
			}
		}
	}()
	fn()
	return nil
}
