package minhash

// vecChunk is the number of shingles sketch128AVX512 takes at a time (its
// list, in its frame, has room for 1024 entries).
const vecChunk = 256

// onePermutation128 is onePermutation for K = 128 on processors with
// AVX-512, eight shingles a vector (sketch128AVX512 in avx512_amd64.s): the
// same rounds and the same signature, s included (TestVectorMatchesReference).
//
// The first round mixes every shingle in vectors. Each later round lists,
// in vectors, the shingles whose bin in that round is open (the bins no
// earlier round reached, a mask of 128 bits), and ranks only those, as
// fillSmall128 does; the scalar listing loop there costs about 0.9 ns a
// shingle for each round, some 700 bin computations a document whatever
// its length below 600 shingles, most of the signature of a short text.
// The vectors also keep the mask of the bins each round reaches, so the
// one scalar loop left lowers each listed bin to its rank, once for all
// the rounds (two shingles of one vector may share a bin, which rules out
// a vector scatter).
//
// Measured (go test -cpu 1 -bench 'RealSignature/(news|pages)' ./bench/,
// CPU time a document, shingles computed beforehand, one host): the
// scalar code took 1,505 ns for a Reuters story (~130 shingles) and
// 1,512 ns for a 3 KB web page; the first vector form, with the first
// round and each later round a call of its own and the scalar loops in
// Go, 801-834 and 699-705 ns; all the rounds in one call, 644-731 and
// 583-644 ns (five runs). Lowering after each chunk instead, with a list
// of 264 entries, took 648-702 and 625-656 ns in the same five. In the
// profile of the stories, fillSmall128 and firstRound128 had 58 % and
// 22 % of the scalar code's time.
func onePermutation128(s *[128]uint32, xs []uint64, key uint64) {
	if lo, hi := sketch128AVX512(s, &xs[0], len(xs), key); lo|hi != 0 {
		fillLeftovers(s[:], xs, key)
	}
}
