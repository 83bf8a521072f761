//go:build !amd64 || purego

package shingle

// foldBlockMasks is foldBlock with the exact mask of the apostrophes as ap
// (the SSE2 version on amd64 is in fold_amd64.s).
func foldBlockMasks(blk, low *[64]byte, dm uint64) (w, sp, ap uint64) {
	w, sp, ap = foldBlock(blk, low, dm)
	if ap != 0 {
		ap = apostrophes(blk)
	}
	return w, sp, ap
}

var useAVX512BW = false

func foldRunAVX512(blk, low *byte, wbits *uint64, nb int, dm uint64) int {
	panic("unreachable")
}

func whitespaceRunAVX512(blk, low *byte, wbits *uint64, nb int, dm uint64) int {
	panic("unreachable")
}
