package shingle

import (
	"encoding/binary"
	"math/bits"

	"github.com/neardup/dedupe/internal/grow"
	"github.com/zeebo/xxh3"
)

// Hash constants: the 64-bit primes of xxHash.
const (
	prime1 uint64 = 11400714785074694791
	prime2 uint64 = 14029467366897019727
	prime3 uint64 = 1609587929392839161
	prime4 uint64 = 9650029242287828579
	prime5 uint64 = 2870177450012600261
)

// avalanche is the final mix of xxHash64: a bijection of uint64 in which
// every input bit affects every output bit.
func avalanche(h uint64) uint64 {
	h ^= h >> 33
	h *= prime2
	h ^= h >> 29
	h *= prime3
	h ^= h >> 32
	return h
}

// The token hash is XXH3, 64-bit, with seed Options.Seed (Collet, xxHash
// specification; XXH3_64bits_withSeed): the same value as
// xxh3.HashSeed(tok, seed) of github.com/zeebo/xxh3, which hashes the
// tokens longer than 16 bytes. Nearly every word is shorter, and XXH3's
// branches for 1 to 16 bytes cost two multiplies each, against five to
// seven dependent ones for XXH64 on a word of 5 to 7 bytes; they are
// written out below, and in the fast path, with the seed folded into the
// secret's words once per Shingler (tokenKeys). TestHashTokenXXH3 checks
// them against the library for every length up to 300 bytes. Speeds: see
// fastRun.

// The words of XXH3's default secret (its bytes 0 to 71, little-endian)
// that the short inputs use, and its two multipliers.
const (
	sec0  uint64 = 0xbe4ba423396cfeb8
	sec8  uint64 = 0x1cad21f72c81017c
	sec16 uint64 = 0xdb979083e96dd4de
	sec24 uint64 = 0x1f67b3b7a4a44072
	sec32 uint64 = 0x78e5c0cc4ee679cb
	sec40 uint64 = 0x2172ffcc7dd05a82
	sec48 uint64 = 0x8e2443f7744608b8
	sec56 uint64 = 0x4c263a81e69035e0
	sec64 uint64 = 0xcb00c391bb52283c

	primeMX1 uint64 = 0x165667919e3779f9
	primeMX2 uint64 = 0x9fb21c651e98df25
)

// tokenKeys are the seeded secret words of XXH3's short inputs.
type tokenKeys struct {
	empty  uint64 // the hash of the empty token
	k1to3  uint64 // 1 to 3 bytes
	k4to8  uint64 // 4 to 8 bytes
	k9to16 [2]uint64
}

// setKeys derives the tokenKeys from the seed.
func (s *Shingler) setKeys() {
	seed := s.opts.Seed
	s.keys = tokenKeys{
		empty:  avalanche(seed ^ sec56 ^ sec64),
		k1to3:  (sec0&0xffffffff ^ sec0>>32) + seed,
		k4to8:  (sec8 ^ sec16) - (seed ^ uint64(bits.ReverseBytes32(uint32(seed)))<<32),
		k9to16: [2]uint64{(sec24 ^ sec32) + seed, (sec40 ^ sec48) - seed},
	}
}

// hashToken returns the hash of one normalised token (see above).
func (s *Shingler) hashToken(tok []byte) uint64 {
	n := len(tok)
	switch {
	case n > 16:
		return xxh3.HashSeed(tok, s.opts.Seed)
	case n > 8:
		return hash9to16(binary.LittleEndian.Uint64(tok), binary.LittleEndian.Uint64(tok[n-8:]), n, &s.keys)
	case n > 3:
		return hash4to8(binary.LittleEndian.Uint32(tok), binary.LittleEndian.Uint32(tok[n-4:]), n, s.keys.k4to8)
	case n > 0:
		return hash1to3(tok[0], tok[n>>1], tok[n-1], n, s.keys.k1to3)
	}
	return s.keys.empty
}

// hash1to3 is XXH3 of a token of n = 1 to 3 bytes: its first, middle and
// last bytes.
func hash1to3(c1, c2, c3 byte, n int, k1to3 uint64) uint64 {
	x := uint64(c1)<<16 | uint64(c2)<<24 | uint64(c3) | uint64(n)<<8
	return avalanche(x ^ k1to3)
}

// hash4to8 is XXH3 of a token of n = 4 to 8 bytes: its first and last 4
// bytes.
func hash4to8(lo, hi uint32, n int, k4to8 uint64) uint64 {
	h := (uint64(hi) + uint64(lo)<<32) ^ k4to8
	h ^= bits.RotateLeft64(h, 49) ^ bits.RotateLeft64(h, 24)
	h *= primeMX2
	h ^= h>>35 + uint64(n)
	h *= primeMX2
	return h ^ h>>28
}

// hash9to16 is XXH3 of a token of n = 9 to 16 bytes: its first and last 8
// bytes.
func hash9to16(lo, hi uint64, n int, k *tokenKeys) uint64 {
	lo ^= k.k9to16[0]
	hi ^= k.k9to16[1]
	h, l := bits.Mul64(lo, hi)
	acc := uint64(n) + bits.ReverseBytes64(lo) + hi + (h ^ l)
	acc ^= acc >> 37
	acc *= primeMX1
	return acc ^ acc>>32
}

// hashWords appends the hash of every token in s.norm, s.ends to toks.
func (s *Shingler) hashWords(toks []uint64) []uint64 {
	nb := s.norm
	prev := 0
	for _, e := range s.ends {
		toks = append(toks, s.hashToken(nb[prev:e]))
		prev = e
	}
	return toks
}

// combine appends the shingle hashes of the token hashes toks to dst.
//
// The K token hashes t0..tK-1 of a shingle are combined as the polynomial
// H = t0·3^(K-1) + t1·3^(K-2) + ... + tK-1 (mod 2^64), which is
// order-sensitive and rolls from one shingle to the next in O(1):
// H' = 3·H + (tK - t0·3^K), where 3·H is a single LEA and t0·3^K is off
// the dependency chain. The shingle hash is mixShingle(H + init[m]), where
// init[m] depends on the seed and the number m of tokens, so that a text
// shorter than K tokens does not share a hash with a K-token shingle by
// construction.
//
// Why P = 3 is enough: the token hashes are XXH3 outputs, so two
// different token sequences collide only if a non-zero combination
// Σ c_l·(t_a - t_b) of the differences of their token hashes, with
// coefficients c_l that are sums of ± powers of 3, vanishes mod 2^64,
// which happens with probability 2^-(64-v) where 2^v is the largest power
// of 2 dividing some c_l: v = 0 for a substituted token, 1 for two swapped
// neighbours, at most 8 for K = 5 (|c_l| < 5·3^4). A large odd multiplier
// (prime1, the previous form) gives the same kind of bound. The low bits of
// H depend only on the low bits of the token hashes, which mixShingle
// repairs.
//
// Measured on 3 KB English text (combining alone, 550 tokens, ns per
// text, go test -bench CombineVariants, 2.1 GHz EPYC shared with other
// jobs): the previous form (multiplier prime1, chain sub-mul-add, full
// xxHash avalanche, 4 multiplies a shingle) 1330 ns; P = 3 with the full
// avalanche 1230 ns; P = 3 with mixShingle (2 multiplies a shingle)
// 885 ns; a cyclic polynomial over GF(2) (rotate and xor, Cohen 1997,
// 1 multiply) 850 to 950 ns, no better and weak for K > 64 (a rotation
// of 64 is the identity), so not used. A multiply-rotate chain over the K
// hashes of every shingle ran at 3400 ns.
func (s *Shingler) combine(dst []uint64, toks []uint64) []uint64 {
	k := s.opts.K
	if len(toks) == 0 {
		return dst
	}
	if len(toks) < k {
		return append(dst, mixShingle(horner(toks)+s.init[len(toks)]))
	}
	n0 := len(dst)
	dst = grow.Room(dst, len(toks)-k+1)[:n0+len(toks)-k+1]
	rollShingles(dst[n0:], toks, k, s.init[k], s.pk)
	return dst
}

// rollShingles sets out[i] to the hash of the shingle toks[i:i+k], for
// the len(toks)-k+1 = len(out) shingles of toks, with the init and 3^k of
// combine. Writing to a slice of the right length, rather than appending,
// saves the capacity check and the length update of every shingle, and
// the loop has no bounds check: 905 -> 825 ns for the 3 KB text of this
// package's benchmarks (its own loop, 2.1 GHz EPYC shared with other
// jobs). With AVX-512, rollShinglesAVX512 computes eight shingles at a
// time, each by Horner's rule over its own k tokens (the same polynomial
// mod 2^64; TestRollShinglesVector): 582 -> 218 ns for 546 shingles of
// random tokens (a throwaway benchmark, three runs each, 2-core EPYC),
// within the noise of the whole path (go test -cpu 1 -bench
// 'RealSpeedup/(news|pages)/fold' ./bench/, three runs of each build in
// turn: news 20.1-20.1 and 20.1-21.2 times the naive form, pages 19.8-23.3
// and 20.3-22.2).
func rollShingles(out, toks []uint64, k int, init, pk uint64) {
	if useAVX512DQ {
		_ = toks[len(out)+k-2] // the tokens of the last shingle
		rollShinglesAVX512(&out[0], &toks[0], len(out), k, init)
		return
	}
	h := horner(toks[:k])
	out[0] = mixShingle(h + init)
	old := toks[:len(out)-1]
	toks = toks[k : k+len(old)]
	out = out[1 : 1+len(old)]
	for i, t := range toks {
		h = h*combineP + (t - old[i]*pk)
		out[i] = mixShingle(h + init)
	}
}

// combineP is the base of the rolling polynomial.
const combineP = 3

// horner returns the polynomial t0·3^(n-1) + ... + tn-1 (mod 2^64).
func horner(toks []uint64) uint64 {
	var h uint64
	for _, t := range toks {
		h = h*combineP + t
	}
	return h
}

// mixShingle is the final mix of a shingle polynomial: xor-shift,
// multiply, xor-shift, a bijection of uint64 (each step is invertible)
// that brings the high bits of the polynomial into the low ones and back.
// It is half of the xxHash avalanche: the token hashes it combines are
// avalanched already, so the mix only has to break the linear structure
// of the polynomial, not to spread a weak input (TestNoCollisions,
// TestShingleBits).
func mixShingle(h uint64) uint64 {
	h ^= h >> 32
	h *= prime2
	h ^= h >> 29
	return h
}
