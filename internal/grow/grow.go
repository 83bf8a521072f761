// Package grow makes room in scratch slices that may grow to the size of a
// huge document, with less copying and fewer fresh pages than append or
// slices.Grow.
//
// For a slice past 256 elements append grows the capacity by about a
// quarter, so a slice appended to 50 MB is reallocated some 40 times and
// the arrays it passes through add up to five times its size, each array
// a run of fresh pages that the kernel faults in one by one (4.5 µs a page
// on the 2-core machine of the README). slices.Grow(s, n) reallocates
// once, but copies all of cap(s), not len(s), and zeroes the new room
// with a memclr that touches every page of it. Room doubles the capacity
// (the arrays add up to twice the final size), copies len(s) elements and
// leaves the zeroing to make, which skips memory fresh from the kernel.
package grow

// Room returns s with room for n more elements: s itself when it has the
// room, else a new array holding s's elements, with a capacity of
// max(len(s)+n, 2*cap(s)).
func Room[S ~[]E, E any](s S, n int) S {
	if n <= cap(s)-len(s) {
		return s
	}
	t := make(S, len(s), max(len(s)+n, 2*cap(s)))
	copy(t, s)
	return t
}

// Len returns a slice of length n over s's array when it has the room,
// else over a new one of capacity max(n, 2*cap(s)); its elements are
// unspecified (s's, or zero).
func Len[S ~[]E, E any](s S, n int) S {
	if n <= cap(s) {
		return s[:n]
	}
	return make(S, n, max(n, 2*cap(s)))
}
