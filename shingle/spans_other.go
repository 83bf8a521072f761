//go:build !amd64 || purego

package shingle

var useVBMI2 = false

func tokenSpansAVX512(spans *uint64, lists *uint32, wbits *uint64, nb int, st *spanState) int {
	panic("shingle: no AVX-512")
}

var useAVX512DQ = false

func rollShinglesAVX512(out, toks *uint64, n, k int, init uint64) {
	panic("shingle: no AVX-512")
}
