package minhash

// The OnePermutation family: Fast Similarity Sketching.
//
// Round 1 is one-permutation hashing (Li, Owen and Zhang, NIPS 2012): each
// shingle, mixed with the key, goes to bin (z>>32)·K>>32 with rank uint32(z),
// and each bin keeps its lowest rank. When n is small against K some bins stay
// empty; rather than copying values from other bins (the densification of
// Shrivastava, ICML 2017, which measured 1.24 times the classic RMSE for
// n = 10 in BenchmarkAlternatives), each further round r = 2, 3, ..., K sends every shingle again to a
// fresh random bin with an independent rank, and only bins that were still
// empty when the round began take part: all ranks of round r exceed all ranks
// of earlier rounds, as in Dahlgaard, Knudsen and Thorup, "Fast Similarity
// Sketching" (FOCS 2017), so a bin's value is the minimum over the first round
// that reached it. The rounds stop as soon as no bin is empty; bins still
// empty after K rounds (only when n is tiny) each take the minimum of one more
// independent hash over all shingles, the classic MinHash for that bin (our
// choice for these leftovers; it keeps every bin's winner uniform). Every
// bin is thus won by a uniformly random element of the set, and two sets
// agree on a bin exactly when the winner for their union lies in their
// intersection: the estimate is unbiased. Expected cost: O(n + K·log K)
// hashes (a round costs n hashes and rounds continue while bins are empty).

// onePermutation fills s (len K, all EmptyValue) with the signature of xs
// (non-empty).
func (h *Hasher) onePermutation(s []uint32, xs []uint64) {
	k := uint64(len(s))
	key := h.key
	for _, x := range xs {
		z := mix(x ^ key)
		bin := (z >> 32) * k >> 32
		if r := rank32(z); r < s[bin] {
			s[bin] = r
		}
	}
	empty := 0
	for _, v := range s {
		if v == EmptyValue {
			empty++
		}
	}
	if empty > 0 {
		fillEmpty(s, xs, key, empty)
	}
}

// fillEmpty runs the rounds after the first for the empty bins of s: a
// separate function so that its scratch is zeroed only when needed.
func fillEmpty(s []uint32, xs []uint64, key uint64, empty int) {
	k := uint64(len(s))
	// filled[bin] is the round that filled bin, when after the first; a
	// bin is open in round r if it is empty or was filled in round r.
	var buf [1024]uint16
	filled := buf[:]
	if len(s) > len(buf) {
		filled = make([]uint16, len(s))
	}
	filled = filled[:len(s)]
	for round := uint64(1); round < k && empty > 0; round++ {
		salt := round * golden
		for _, x := range xs {
			y := (x ^ key) + salt
			bin := roundBin(y, k)
			v := s[bin]
			if v != EmptyValue && uint64(filled[bin]) != round {
				continue
			}
			if r := rank32(mix(y)); r < v {
				if v == EmptyValue {
					empty--
					filled[bin] = uint16(round)
				}
				s[bin] = r
			}
		}
	}
	if empty == 0 {
		return
	}
	for j, v := range s {
		if v != EmptyValue {
			continue
		}
		salt := (k + uint64(j)) * golden
		m := EmptyValue
		for _, x := range xs {
			if r := rank32(mix((x ^ key) + salt)); r < m {
				m = r
			}
		}
		s[j] = m
	}
}

// roundBin returns the bin of y = (x ^ key) + round·golden in a round after
// the first: one multiply (multiply-shift, Dietzfelbinger et al. 1997) of y
// folded on itself, so that every bit of y reaches the top bits of the
// product. Only the few shingles that land in an open bin pay for the full
// mix that gives their rank, which is independent of the bin. Measured
// (go test -cpu 1 -bench Append/one ./minhash/, CPU time): bin and rank
// from one full mix per shingle, 1.39, 1.88 and 8.5 µs for n = 50, 500 and
// 5000; with roundBin, see onePermutation.
func roundBin(y, k uint64) uint64 {
	return ((y ^ y>>29) * binMul >> 32) * k >> 32
}

// binMul is the odd multiplier of roundBin (the first constant of the
// MurmurHash3 finalizer).
const binMul = 0xff51afd7ed558ccd
