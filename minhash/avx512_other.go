//go:build !amd64 || purego

package minhash

var useAVX512 = false

func mixKeyAVX512(dst, xs *uint64, n int, key uint64) { panic("minhash: no AVX-512") }

func listRoundAVX512(dst, xs *uint64, n int, key, salt, lo, hi uint64) (m int, hitLo, hitHi uint64) {
	panic("minhash: no AVX-512")
}

func emptyBinsAVX512(s *[128]uint32) (lo, hi uint64) { panic("minhash: no AVX-512") }
