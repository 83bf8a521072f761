package minhash

import "math"

// classic fills s (len K, all EmptyValue) with the k-permutation signature of
// xs (non-empty): for each permutation j, the minimum of a[j]·y + b[j] mod
// 2^64 over the mixed shingles y (multiply-shift hashing, Dietzfelbinger et
// al. 1997), output as the top 32 bits of the mixed minimum, so that two
// different minima collide with probability 2^-32.
//
// The minima live in an array on the stack, of 128 values up to K = 128:
// Go zeroes an array where it is declared, and zeroing 8 KB for every
// signature was a tenth of the signature of a short text (go test -cpu 1
// -bench Append/classic ./minhash/, CPU time: 1.41 -> 1.29 µs for 8
// shingles, 7.8 -> 7.2 µs for 50).
func (h *Hasher) classic(s []uint32, xs []uint64) {
	switch {
	case len(s) <= 128:
		var buf [128]uint64
		h.classicMins(s, xs, buf[:len(s)])
	case len(s) <= 1024:
		var buf [1024]uint64
		h.classicMins(s, xs, buf[:len(s)])
	default:
		h.classicMins(s, xs, make([]uint64, len(s)))
	}
}

// classicMins is classic with the scratch mins, len(s) long.
func (h *Hasher) classicMins(s []uint32, xs []uint64, mins []uint64) {
	for j := range mins {
		mins[j] = math.MaxUint64
	}
	a, b := h.a[:len(mins)], h.b[:len(mins)]
	// Shingles go in blocks of 8 so that each permutation's minimum is
	// loaded and stored once per block, not once per shingle.
	var y [8]uint64
	for i := 0; i < len(xs); i += len(y) {
		blk := xs[i:min(i+len(y), len(xs))]
		for t := range y {
			// A short block repeats its first shingle: duplicates do not
			// change a minimum.
			x := blk[0]
			if t < len(blk) {
				x = blk[t]
			}
			y[t] = mix(x ^ h.key)
		}
		for j, m := range mins {
			aj, bj := a[j], b[j]
			for _, v := range y {
				m = min(m, aj*v+bj)
			}
			mins[j] = m
		}
	}
	for j, m := range mins {
		s[j] = rank32(mix(m) >> 32)
	}
}
