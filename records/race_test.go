//go:build race

package records

// raceEnabled is true when the race detector, which slows the sweeps of
// the decoder tests about tenfold, is on.
const raceEnabled = true
