//go:build amd64 && !purego

package shingle

// foldBlockMasks is foldBlock with exact masks, in SSE2 (which every amd64
// processor has, so no feature test): it returns the mask of the word
// bytes of blk (bit j for blk[j]), a non-zero sp if blk has a byte of
// 0x80 or more (or a digit, if dm is all ones), and the mask of its
// apostrophes, and writes blk to low with every byte ORed with 0x20. The
// word mask is exact whatever the bytes. See fold_amd64.s.
//
//go:noescape
func foldBlockMasks(blk, low *[64]byte, dm uint64) (w, sp, ap uint64)
