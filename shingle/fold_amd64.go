//go:build amd64 && !purego

package shingle

import "golang.org/x/sys/cpu"

// foldBlockMasks is foldBlock with exact masks, in SSE2 (which every amd64
// processor has, so no feature test): it returns the mask of the word
// bytes of blk (bit j for blk[j]), a non-zero sp if blk has a byte of
// 0x80 or more (or a digit, if dm is all ones), and the mask of its
// apostrophes, and writes blk to low with every byte ORed with 0x20. The
// word mask is exact whatever the bytes. See fold_amd64.s.
//
//go:noescape
func foldBlockMasks(blk, low *[64]byte, dm uint64) (w, sp, ap uint64)

// useAVX512BW selects foldRunAVX512 and whitespaceRunAVX512 (byte compares
// into 64-bit masks are AVX512BW). They take the blocks of a run up to the
// first one with a special byte in one call, one vector and a few mask
// instructions a block, where foldBlockMasks costs a call and four rounds
// of SSE2 compares and PMOVMSKB. foldBlockMasks had 17% of the CPU
// profile of BenchmarkRealShape/short/signature (bench), as much as the
// hashing of the tokens. Measured (go test -run XXX -bench RunAVX512
// -cpu 1 ./shingle/, alternating phases, three runs): AppendTokens 1.12-
// 1.15 times as fast in Fold mode and 1.28-1.32 in Whitespace mode; on
// the real text of bench (-bench 'RealSpeedup/(pages|news)/fold', four
// runs of each build in turn), shingles + signature went from 25.0-27.8
// to 28.1-29.9 times the naive form on the web pages and from 18.1-19.6
// to 19.9-22.3 on the news.
var useAVX512BW = cpu.X86.HasAVX512F && cpu.X86.HasAVX512BW

// foldRunAVX512 runs foldBlockMasks over the nb blocks of 64 bytes from
// blk on, writing low and wbits, up to the first block whose sp or ap
// would not be 0; it returns the number of blocks done. See fold_amd64.s.
//
//go:noescape
func foldRunAVX512(blk, low *byte, wbits *uint64, nb int, dm uint64) int

// whitespaceRunAVX512 is foldRunAVX512 for whitespaceBlock.
//
//go:noescape
func whitespaceRunAVX512(blk, low *byte, wbits *uint64, nb int, dm uint64) int
