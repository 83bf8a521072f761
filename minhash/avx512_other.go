//go:build !amd64 || purego

package minhash

var useAVX512 = false

func sketch128AVX512(s *[128]uint32, xs *uint64, n int, key uint64) (lo, hi uint64) {
	panic("minhash: no AVX-512")
}
