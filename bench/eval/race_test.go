//go:build race

package eval

// raceEnabled is true in builds with the race detector, which slows the
// evaluations on real data about tenfold: the largest corpus is then skipped.
const raceEnabled = true
