package minhash

// vecChunk is the number of shingles the AVX-512 kernels take at a time:
// their output goes to a buffer on the stack.
const vecChunk = 256

// onePermutation128 is onePermutation for K = 128 with the hashing in
// AVX-512 (avx512_amd64.s), eight shingles at a time; the same rounds and
// the same signature (TestVectorMatchesScalar).
//
// Round 1 mixes every shingle in vectors and leaves each bin's minimum to
// a scalar loop. Each later round lists, in vectors, the shingles whose
// bin in that round is open (the bins empty when the round began, as bits
// of lo:hi), and only those are ranked, as in fillSmall128; the scalar
// listing loop there costs about 0.9 ns a shingle for each round, some
// 700 bin computations a document whatever its length below 600
// shingles, most of the signature of a short text. The kernel also ranks
// the listed shingles (the rank needs two more multiplies, which the
// vectors do eight at a time) and returns the mask of the bins they
// reach, so that the scalar loop only lowers bins to ranks.
//
// Measured against the scalar code on the same host (go test -cpu 1
// -bench 'RealSignature/(news|pages)' ./bench/, CPU time a document, the
// shingles computed beforehand): the Reuters stories (~130 shingles)
// 1,505 -> 801-834 ns, the 3 KB web pages 1,512 -> 699-705 ns. In the
// profile of the stories, fillSmall128 and firstRound128 had 58 % and
// 22 % of the time; here listRoundAVX512 has 31 %, the scalar loops
// below 33 %, and mixKeyAVX512 17 % (most of it the first reading of a
// story's shingles from memory).
func onePermutation128(s *[128]uint32, xs []uint64, key uint64) {
	var buf [vecChunk + 8]uint64
	for c := xs; len(c) > 0; {
		part := c[:min(len(c), vecChunk)]
		c = c[len(part):]
		mixKeyAVX512(&buf[0], &part[0], len(part), key)
		for _, z := range buf[:len(part)] {
			bin := z >> 57
			s[bin] = min(s[bin], uint32(z))
		}
	}
	// The open bins of a round are those still empty when it begins.
	lo, hi := emptyBinsAVX512(s)
	for round := uint64(1); round < 128 && lo|hi != 0; round++ {
		salt := round * golden
		var hitLo, hitHi uint64
		for c := xs; len(c) > 0; {
			part := c[:min(len(c), vecChunk)]
			c = c[len(part):]
			m, l, h := listRoundAVX512(&buf[0], &part[0], len(part), key, salt, lo, hi)
			for _, v := range buf[:min(m, vecChunk)] {
				bin := v >> 32 & 127
				s[bin] = min(s[bin], uint32(v))
			}
			hitLo, hitHi = hitLo|l, hitHi|h
		}
		lo &^= hitLo
		hi &^= hitHi
	}
	if lo|hi != 0 {
		fillLeftovers(s[:], xs, key)
	}
}
