package minhash

import (
	"slices"
	"testing"
)

// paths runs f with the scalar code of onePermutation and, where the
// processor has AVX-512, with onePermutation128's vectors.
func paths(t *testing.T, f func(t *testing.T)) {
	vec := useAVX512
	t.Run("scalar", func(t *testing.T) {
		useAVX512 = false
		defer func() { useAVX512 = vec }()
		f(t)
	})
	if vec {
		t.Run("avx512", f)
	}
}

// TestVectorMatchesReference checks both paths at K = 128 against the
// reference, for every set size up to two of the vector kernels' chunks
// and a few above (rounds that take several chunks, lists that fill).
func TestVectorMatchesReference(t *testing.T) {
	paths(t, func(t *testing.T) {
		h := New(Options{Seed: 11})
		sizes := []int{1000, 2000, 3001, 5000}
		for n := 1; n <= 2*vecChunk+9; n++ {
			sizes = append(sizes, n)
		}
		for _, n := range sizes {
			xs := randomSet(pcg(uint64(n), 5), n)
			want, _ := reference(h, xs)
			if got := h.Append(nil, xs); !slices.Equal(got, want) {
				t.Fatalf("n=%d: Append differs from reference\n got %v\nwant %v", n, got, want)
			}
		}
	})
}

// TestVectorRankAllOnes checks the ranks whose low 32 bits are all ones,
// which both paths lower by one: shingles made by inverting mix so that
// their hash in round 0 (the first round) or 1 is ...ffffffff. Half of
// them have a high half of 0 as well, which the vectors' dword compare
// flags too and must leave as it is (its bin is 0).
func TestVectorRankAllOnes(t *testing.T) {
	paths(t, func(t *testing.T) {
		h := New(Options{Seed: 5})
		r := pcg(9, 9)
		for i := range 200 {
			z := r.Uint64() | 0xffffffff
			if i%4 < 2 {
				z = 0xffffffff
			}
			y := unmix(z)
			round := uint64(i % 2)
			x := (y - round*golden) ^ h.key
			if mix((x^h.key)+round*golden) != z {
				t.Fatal("unmix is not the inverse of mix")
			}
			xs := append(randomSet(r, i%5), x)
			want, _ := reference(h, xs)
			if got := h.Append(nil, xs); !slices.Equal(got, want) {
				t.Fatalf("set %d: Append differs from reference\n got %v\nwant %v", i, got, want)
			}
		}
	})
}

// unmix inverts mix: x ^= x>>33 is its own inverse, and each multiplier
// is odd, so invertible modulo 2^64.
func unmix(z uint64) uint64 {
	z ^= z >> 33
	z *= inverse(0xc4ceb9fe1a85ec53)
	z ^= z >> 33
	z *= inverse(0xff51afd7ed558ccd)
	z ^= z >> 33
	return z
}

// inverse returns the inverse of the odd a modulo 2^64 by Newton's
// iteration (each step doubles the correct low bits).
func inverse(a uint64) uint64 {
	x := a // correct to 3 bits for odd a
	for range 5 {
		x *= 2 - a*x
	}
	return x
}
