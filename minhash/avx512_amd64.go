//go:build amd64 && !purego

package minhash

import "golang.org/x/sys/cpu"

// useAVX512 selects sketch128AVX512 (avx512_amd64.s) for K = 128:
// VPMULLQ is AVX512DQ, the 64-bit mask moves AVX512BW, ANDN BMI1, the
// rest AVX512F.
var useAVX512 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ && cpu.X86.HasAVX512BW && cpu.X86.HasBMI1

// sketch128AVX512 runs the first round and rounds 2 to 127 of
// onePermutation for K = 128 on s (which it first sets to EmptyValue) and
// the n >= 1 shingles of xs, and returns the bins still empty (bin j as
// bit j of lo for j < 64, else bit j-64 of hi).
//
//go:noescape
func sketch128AVX512(s *[128]uint32, xs *uint64, n int, key uint64) (lo, hi uint64)
