//go:build amd64 && !purego

package records

import "golang.org/x/sys/cpu"

// useAVX512 selects plainAVX512 and quoteAVX512 (scan_amd64.s): byte
// compares into 64-bit masks and masked loads are AVX512BW.
var useAVX512 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512BW

// plainAVX512 returns the length of the run of p[:n] that holds no '"',
// '\\' or control character, and 0x80 in hi if it read a byte of 0x80 or
// more (possibly after the run), else 0.
//
//go:noescape
func plainAVX512(p *byte, n int) (i int, hi uint64)

// quoteAVX512 returns the length of the run of p[:n] that AppendQuote
// copies as it is: ASCII bytes but '"', '\\' and control characters.
//
//go:noescape
func quoteAVX512(p *byte, n int) int
