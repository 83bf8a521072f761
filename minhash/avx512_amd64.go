//go:build amd64 && !purego

package minhash

import "golang.org/x/sys/cpu"

// useAVX512 selects the AVX-512 kernels of onePermutation128 (see
// avx512_amd64.s): VPMULLQ is AVX512DQ, the 64-bit mask moves
// AVX512BW, the rest AVX512F.
var useAVX512 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ && cpu.X86.HasAVX512BW

// mixKeyAVX512 sets dst[i] to z = mix(xs[i]^key) for i < n, with its low
// 32 bits replaced by rank32(z).
//
//go:noescape
func mixKeyAVX512(dst, xs *uint64, n int, key uint64)

// listRoundAVX512 writes to dst, in order, bin<<32 | rank32(mix(y)) for
// every x of xs[:n] whose bin in the round of salt, y = (x^key)+salt and
// bin = (y^y>>29)·binMul>>57, has its bit set in hi:lo (bin 0 is bit 0 of
// lo), and returns their number m and the mask of their bins (as lo:hi).
// dst must have room for m+8 values.
//
//go:noescape
func listRoundAVX512(dst, xs *uint64, n int, key, salt, lo, hi uint64) (m int, hitLo, hitHi uint64)

// emptyBinsAVX512 returns the mask of the bins of s that hold EmptyValue,
// bin j as bit j of lo (j < 64) or bit j-64 of hi.
//
//go:noescape
func emptyBinsAVX512(s *[128]uint32) (lo, hi uint64)
