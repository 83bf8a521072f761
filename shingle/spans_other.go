//go:build !amd64 || purego

package shingle

var useVBMI2 = false

func tokenSpansAVX512(spans *uint64, lists *uint32, wbits *uint64, nb int, st *spanState) int {
	panic("shingle: no AVX-512")
}
