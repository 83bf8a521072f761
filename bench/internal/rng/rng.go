// Package rng is the small random number generator of the bench packages:
// splitmix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
// generators", OOPSLA 2014), in independent streams. It is written here
// rather than taken from math/rand/v2 so that generated corpora and the
// permutations of the naive baseline can never change with a Go release,
// and so that a stream costs no allocation.
package rng

import "math/bits"

// A Stream is a sequence of pseudo-random numbers. The zero value is a
// valid stream (that of state 0); a Stream is not safe for concurrent use.
type Stream struct{ s uint64 }

// New returns the stream for (seed, stream, i): different triples give
// unrelated streams.
func New(seed, stream, i uint64) Stream {
	r := Stream{s: seed ^ 0x9e3779b97f4a7c15}
	r.s = mix64(r.s + stream*0xbf58476d1ce4e5b9)
	r.s = mix64(r.s + i*0x94d049bb133111eb + 1)
	return r
}

func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Next returns the next 64 random bits.
func (r *Stream) Next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	return mix64(r.s)
}

// Intn returns a value in [0, n), n > 0, by Lemire's multiply-shift
// reduction (the bias, below 2^-32 for the n the bench packages use, does
// not matter for test data).
func (r *Stream) Intn(n int) int {
	hi, _ := bits.Mul64(r.Next(), uint64(n))
	return int(hi)
}

// Float returns a value in [0, 1).
func (r *Stream) Float() float64 { return float64(r.Next()>>11) / (1 << 53) }
