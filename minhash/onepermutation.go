package minhash

import "math/bits"

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
//
// The first round keeps each bin's lowest rank with min, a conditional
// move, and stores it back whether or not it changed. A branch on
// r < s[bin] is taken for the i-th shingle to reach a bin with
// probability 1/i, in no order a predictor can learn: for a 3 KB
// document, 500 shingles in 128 bins, it is taken for half of them.
// Measured (go test -cpu 1 -bench Append/one ./minhash/, 64 random sets,
// CPU time, 2.1 GHz EPYC shared with other jobs), the branch against min:
// 1.31 and 1.30 µs for n = 50, 1.84 and 1.91 for n = 500, 14.7 and 10.4
// for n = 5000; with fillFew as well, 1.23, 1.68 and 10.4. In the
// shingle+signature path of the bench package, where a document's
// shingles come straight from its text: 356 against 409 MB/s of CPU time
// (go test -bench CPU ./bench/). In BenchmarkSpeedup, whose phases of the
// naive baseline leave the predictors to relearn, the whole path ran at
// 290 MB/s with the branch, a fifth below its speed alone; without it,
// within a few percent of it.
func (h *Hasher) onePermutation(s []uint32, xs []uint64) {
	k := uint64(len(s))
	key := h.key
	if k == 128 {
		firstRound128((*[128]uint32)(s), xs, key)
	} else {
		for _, x := range xs {
			z := mix(x ^ key)
			bin := (z >> 32) * k >> 32
			s[bin] = min(s[bin], rank32(z))
		}
	}
	empty := 0
	for _, v := range s {
		empty += int(b2u(v == EmptyValue))
	}
	if empty > 0 {
		fillEmpty(s, xs, key, empty)
	}
}

// firstRound128 is the first round of onePermutation for K = 128, the
// default: the bin (z>>32)·128>>32 is z>>57, a shift where the general
// loop multiplies, and indexes an array of 128 with no bounds check.
// Measured with fillRound128, both in one commit (go test -cpu 1 -bench
// 'RealSpeedup/(pages|news)/fold' ./bench/, CPU time, two runs of each
// build in turn, loaded 2-core EPYC): web pages 288-294 -> 304-317 MB/s,
// 11.6-11.8 -> 12.2-12.7 times the naive form; news unchanged (10.0-10.5).
func firstRound128(s *[128]uint32, xs []uint64, key uint64) {
	for _, x := range xs {
		z := mix(x ^ key)
		bin := z >> 57
		s[bin] = min(s[bin], rank32(z))
	}
}

// fillEmpty runs the rounds after the first for the empty bins of s, of
// which there are empty: for at most listCap shingles (and K <= 1024), all
// of them in fillSmall; for more, those of fillMany while more than maxFew
// bins are open, then those of fillFew; then the leftovers.
func fillEmpty(s []uint32, xs []uint64, key uint64, empty int) {
	k := uint64(len(s))
	round := uint64(1)
	switch {
	case len(xs) <= listCap && len(s) == 128:
		empty, round = fillSmall128((*[128]uint32)(s), xs, key, empty), k
	case len(xs) <= listCap && len(s) < 128:
		var open [128]uint8
		empty, round = fillSmall(s, xs, key, empty, open[:len(s)]), k
	case len(xs) <= listCap && len(s) <= 1024:
		var open [1024]uint8
		empty, round = fillSmall(s, xs, key, empty, open[:len(s)]), k
	case empty > maxFew:
		round, empty = fillMany(s, xs, key, empty)
	}
	if empty > 0 && round < k {
		empty = fillFew(s, xs, key, round)
	}
	if empty > 0 {
		fillLeftovers(s, xs, key)
	}
}

// fillLeftovers gives each bin of s still empty after K rounds the
// minimum over xs of a hash of its own, the classic MinHash for that bin.
func fillLeftovers(s []uint32, xs []uint64, key uint64) {
	k := uint64(len(s))
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

// listCap is the largest number of shingles fillSmall handles: the
// indices of its list are bytes.
const listCap = 256

// fillSmall runs the rounds after the first, up to round K-1, for at most
// listCap shingles, and returns the number of bins still empty after them.
// open[bin] is 1 for the bins that are empty when a round begins.
//
// A short text leaves many bins empty after the first round and needs
// many more: about K·ln(2K)/n rounds of n shingles, some 700 bin
// computations for K = 128 whatever n below 600 (5 rounds for the 130
// shingles of a short news story, 90 for 8 shingles). Each round is two
// loops without a branch on the data: the first lists the shingles whose
// bin is open (listOpen), the second ranks only those, lowers their bins
// to their ranks (every listed bin was open when the round began, so the
// lowest rank wins) and closes the bins for the rounds after. fillMany
// and fillFew, which test each shingle's bin with a branch, are taken the
// wrong way for a large share of the shingles of a short text (in
// fillMany, a third to two thirds of the bins are open), and fillFew
// recomputes its filter, with two divisions per open bin, in every one of
// the many rounds. Measured (go test -cpu 1 -bench Append/one ./minhash/,
// 1024 random sets, CPU time, 2.1 GHz EPYC shared with other jobs),
// fillMany and fillFew against this: 3.45 -> 2.47 µs for n = 8,
// 2.95 -> 1.96 for n = 50, 2.65 -> 1.86 for n = 130; on the shingles of
// the 7,143 Reuters stories (go test -bench RealSignature/news ./bench/),
// 2.92 -> 2.16 µs a story. The second loop is written out here, not
// called: every value live across a call is spilled to the stack in Go.
// Tried and dropped: every shingle
// ranked and its key round<<32|rank folded in with min (no list; n = 130
// 2.60 µs); a list of several rounds at once for very short texts, with a
// byte per bin for the round that first reached it (slower for every n);
// in fillSmall128, the shingles xored with the key once and the listing
// loop unrolled by two (0.96 to 0.98 times the speed on the Reuters
// stories' shingles, in alternating phases); in fillRound, the shingles
// that pass sup listed first and only those tested (0.94 to 0.97 on the
// web pages, 0.84 to 1.02 on the news); in fillSmall128, the bins of a
// round computed four at a time in AVX2 assembly (the 64-bit product from
// three VPMULUDQ) and packed into bytes that the listing loop reads: 0.59
// on the news, the assembly alone taking 375 ns for 128 shingles where
// the whole listing loop here takes 110 ns (0.9 ns a shingle).
func fillSmall(s []uint32, xs []uint64, key uint64, empty int, open []uint8) int {
	k := uint64(len(s))
	open = open[:len(s)]
	for j, v := range s {
		open[j] = uint8(b2u(v == EmptyValue))
	}
	var list [listCap]uint8
	xs = xs[:min(len(xs), listCap)]
	for round := uint64(1); round < k && empty > 0; round++ {
		salt := round * golden
		m := listOpen(open, xs, key, salt, &list)
		for _, i := range list[:m] {
			y := (xs[i] ^ key) + salt
			bin := roundBin(y, k)
			v := s[bin]
			empty -= int(b2u(v == EmptyValue))
			s[bin] = min(v, rank32(mix(y)))
			open[bin] = 0
		}
	}
	return empty
}

// listOpen writes to list the index of every shingle of xs (at most
// listCap) whose bin in the round of salt is open, and returns their
// number.
func listOpen(open []uint8, xs []uint64, key, salt uint64, list *[listCap]uint8) int {
	k := uint64(len(open))
	m := 0
	for i, x := range xs[:min(len(xs), listCap)] {
		y := (x ^ key) + salt
		bin := roundBin(y, k)
		list[uint8(m)] = uint8(i) // m <= i < listCap
		m += int(open[bin])
	}
	return m
}

// fillSmall128 is fillSmall for K = 128, the default, and the same
// computation: the bin is a constant shift of the multiply,
// (p>>32)·128>>32 = p>>57, and the loops index arrays of 128 with bytes
// they cannot overrun, so no bounds are checked. For n = 8, 50 and 130,
// fillSmall took 2.38, 1.76 and 1.46 µs, this 1.79, 1.31 and 1.08 µs (CPU
// time, from the state after the first round, 1024 random sets); a
// variable shift for every power of two K ran at 1.40 µs for n = 130, the
// shift count taking a register of its own.
func fillSmall128(s *[128]uint32, xs []uint64, key uint64, empty int) int {
	var open [128]uint8
	for j, v := range s {
		open[j] = uint8(b2u(v == EmptyValue))
	}
	var list [listCap]uint8
	xs = xs[:min(len(xs), listCap)]
	for round := uint64(1); round < 128 && empty > 0; round++ {
		salt := round * golden
		m := 0
		for i, x := range xs {
			y := (x ^ key) + salt
			bin := (y ^ y>>29) * binMul >> 57 // roundBin(y, 128)
			list[uint8(m)] = uint8(i)
			m += int(open[bin])
		}
		for _, i := range list[:m] {
			y := (xs[i] ^ key) + salt
			bin := (y ^ y>>29) * binMul >> 57
			v := s[bin]
			empty -= int(b2u(v == EmptyValue))
			s[bin] = min(v, rank32(mix(y)))
			open[bin] = 0
		}
	}
	return empty
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// maxFew is the largest number of empty bins that fillFew handles.
const maxFew = 8

// fillMany runs the rounds after the first while more than maxFew bins are
// empty and returns the next round and the number of empty bins. A bin is
// open in a round if it was empty when the round began.
func fillMany(s []uint32, xs []uint64, key uint64, empty int) (uint64, int) {
	k := uint64(len(s))
	// filled[bin] is the round that filled bin, when after the first; a
	// bin is open in round r if it is empty or was filled in round r.
	var buf [1024]uint16
	filled := buf[:]
	if len(s) > len(buf) {
		filled = make([]uint16, len(s))
	}
	filled = filled[:len(s)]
	round := uint64(1)
	for ; round < k && empty > maxFew; round++ {
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
	return round, empty
}

// fillFew runs the rounds from round on, when at most maxFew bins of s are
// empty, and returns the number still empty after round K-1.
//
// A 3 KB document leaves one or two of 128 bins empty after the first
// round (each with probability (1-1/128)^500, about 2 %), so nearly every
// document pays for one more round over all its shingles, in which nearly
// every shingle misses the open bins. Here, sup has a bit for each 64th of
// the range of roundBin's multiply that reaches an open bin, and a shingle
// whose multiply falls elsewhere is passed over after that one multiply
// and a bit test, instead of a second multiply and two loads (1.91 ->
// 1.68 µs for n = 500, see onePermutation). With many bins open, the
// filter passes most shingles and its bit test only adds a branch: with
// this function for all rounds, n = 50 took 1.95 µs instead of 1.55 (on
// one set), hence fillMany. Listing the shingles that pass the filter
// without a jump and ranking them all (no branch on the data at all) was
// slower again, 1.70 against 1.31 µs for n = 50.
func fillFew(s []uint32, xs []uint64, key, round uint64) int {
	k := uint64(len(s))
	// bins[2w] has a bit per open bin among bins 64w to 64w+63, and
	// bins[2w+1] one per bin of those that the round reached.
	var buf [2 * 1024 / 64]uint64
	nw := (len(s) + 63) / 64
	bins := buf[:]
	if 2*nw > len(buf) {
		bins = make([]uint64, 2*nw)
	}
	bins = bins[:2*nw]
	empty := 0
	for j, v := range s {
		if v == EmptyValue {
			bins[j/64*2] |= 1 << (j % 64)
			empty++
		}
	}
	for ; round < k && empty > 0; round++ {
		if k == 128 {
			bins[1], bins[3] = fillRound128((*[128]uint32)(s), xs, key, round*golden, bins[0], bins[2])
			empty -= bits.OnesCount64(bins[1]) + bits.OnesCount64(bins[3])
			bins[0] &^= bins[1]
			bins[2] &^= bins[3]
			continue
		}
		var sup uint64
		for w := 0; w < len(bins); w += 2 {
			for m := bins[w]; m != 0; m &= m - 1 {
				j := uint64(w/2*64 + bits.TrailingZeros64(m))
				// The products p of bin j have j <= (p>>32)*k>>32 < j+1,
				// so j*64/k <= p>>58 <= (j+1)*64/k.
				lo, hi := j*64/k, min((j+1)*64/k, 63)
				sup |= 2<<hi - 1<<lo
			}
		}
		fillRound(s, xs, key, round*golden, sup, bins)
		for w := 0; w+1 < len(bins); w += 2 {
			hit := bins[w+1]
			bins[w] &^= hit
			bins[w+1] = 0
			empty -= bits.OnesCount64(hit)
		}
	}
	return empty
}

// fillRound runs one round of fillFew: shingle x goes to bin
// roundBin((x^key)+salt) and, if that bin is open (its bit is set in the
// even words of bins), marks it as reached (in the odd words) and lowers
// it to the shingle's rank. sup filters the shingles (see fillFew). It is
// a function of its own so that its loop keeps its state in registers.
func fillRound(s []uint32, xs []uint64, key, salt, sup uint64, bins []uint64) {
	k := uint64(len(s))
	for _, x := range xs {
		y := (x ^ key) + salt
		p := (y ^ y>>29) * binMul
		if sup>>(p>>58)&1 == 0 {
			continue
		}
		bin := (p >> 32) * k >> 32 // roundBin(y, k)
		w := bin / 64 * 2
		if bins[w]>>(bin%64)&1 == 0 {
			continue
		}
		bins[w+1] |= 1 << (bin % 64)
		if r := rank32(mix(y)); r < s[bin] {
			s[bin] = r
		}
	}
}

// fillRound128 is fillRound for K = 128, the default. The bin is p>>57,
// the top seven bits of roundBin's multiply, so the open bins themselves
// (lo for bins 0 to 63, hi for 64 to 127) filter the shingles exactly,
// where sup lets through about three times as many as reach an open bin,
// each a likely misprediction and a second test. It returns the bins the
// round reached, as lo and hi. In the profile of the real web pages
// (shingles + signature), fillRound took 12.7 % of the time, this 8.3 %;
// see firstRound128 for the whole.
func fillRound128(s *[128]uint32, xs []uint64, key, salt, lo, hi uint64) (hitLo, hitHi uint64) {
	for _, x := range xs {
		y := (x ^ key) + salt
		bin := (y ^ y>>29) * binMul >> 57 // roundBin(y, 128)
		w := lo
		if bin >= 64 {
			w = hi
		}
		if w>>(bin&63)&1 == 0 {
			continue
		}
		if bin < 64 {
			hitLo |= 1 << bin
		} else {
			hitHi |= 1 << (bin & 63)
		}
		s[bin] = min(s[bin], rank32(mix(y)))
	}
	return hitLo, hitHi
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
