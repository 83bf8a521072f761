//go:build race

package shingle

// raceEnabled is true when the race detector, which slows the sweeps of
// the tokenizer tests about tenfold, is on.
const raceEnabled = true
