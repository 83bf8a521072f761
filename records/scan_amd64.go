//go:build amd64 && !purego

package records

import "golang.org/x/sys/cpu"

// useAVX512 selects scanAVX512 (scan_amd64.s): byte compares into 64-bit
// masks and masked loads are AVX512BW.
var useAVX512 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512BW

// scanAVX512 returns the length of the run of p[:n] that holds no '"',
// '\\' or control character and, if high is all ones (it is 0 or all
// ones), no byte of 0x80 or more: with high 0 the run skipPlain skips,
// with all ones the run AppendQuote copies as it is. hi is 0x80 if it
// read a byte of 0x80 or more (possibly after the run), else 0.
//
//go:noescape
func scanAVX512(p *byte, n int, high uint64) (i int, hi uint64)
