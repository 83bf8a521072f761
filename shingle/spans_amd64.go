//go:build amd64 && !purego

package shingle

import "golang.org/x/sys/cpu"

// useVBMI2 selects tokenSpansAVX512 (spans_amd64.s): VPCOMPRESSB is
// AVX512_VBMI2, the 64-bit mask moves AVX512BW.
var useVBMI2 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512BW && cpu.X86.HasAVX512VBMI2 && cpu.X86.HasBMI1 && cpu.X86.HasPOPCNT

// tokenSpansAVX512 runs tokenSpans over the nb blocks of wbits from the
// state st, up to the first block that starts (or carries in) more than
// 16 tokens, and returns the number of blocks done.
//
//go:noescape
func tokenSpansAVX512(spans *uint64, lists *uint32, wbits *uint64, nb int, st *spanState) int

// useAVX512DQ selects rollShinglesAVX512 (VPMULLQ is AVX512DQ).
var useAVX512DQ = cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ

// rollShinglesAVX512 sets out[i] to mixShingle(horner(toks[i:i+k]) +
// init) for i < n, eight at a time; toks must hold n+k-1 tokens.
//
//go:noescape
func rollShinglesAVX512(out, toks *uint64, n, k int, init uint64)
