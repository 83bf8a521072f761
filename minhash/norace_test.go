//go:build !race

package minhash

// raceEnabled is true when the race detector, which slows the accuracy
// trials about tenfold, is on.
const raceEnabled = false
