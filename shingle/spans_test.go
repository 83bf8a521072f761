package shingle

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestTokenSpansVector checks tokenSpansVector (AVX-512, with spansFrom
// for the blocks of more than 16 tokens) against the scalar loop of
// tokenSpans on random word masks, sparse to dense (every other byte a
// word byte gives 32 tokens a block), with runs that cross blocks.
func TestTokenSpansVector(t *testing.T) {
	if !useVBMI2 {
		t.Skip("no AVX512_VBMI2")
	}
	r := rand.New(rand.NewPCG(5, 6))
	for it := range 3000 {
		nb := 1 + r.IntN(12)
		wbits := make([]uint64, nb)
		for i := range wbits {
			switch r.IntN(6) {
			case 0:
				wbits[i] = 0x5555555555555555 << (r.Uint64() & 1) // 32 tokens
			case 1:
				wbits[i] = ^uint64(0) // one token through the block
			case 2:
				wbits[i] = 0
			case 3:
				wbits[i] = r.Uint64() // about 16 tokens
			default: // words of a few bytes
				var w uint64
				for j := 0; j < 64; {
					n := 1 + r.IntN(12)
					w |= (1<<n - 1) << j
					j += n + 1 + r.IntN(2)
				}
				wbits[i] = w
			}
		}
		m := 32*nb + 1
		spans1, lists1 := make([]uint64, m), make([]uint32, 3*m)
		spans2, lists2 := make([]uint64, m), make([]uint32, 3*m)
		useVBMI2 = false
		n1, s1, m1, l1, c1, ts1 := tokenSpans(spans1, lists1, wbits)
		useVBMI2 = true
		n2, s2, m2, l2, c2, ts2 := tokenSpans(spans2, lists2, wbits)
		if n1 != n2 || s1 != s2 || m1 != m2 || l1 != l2 || c1 != c2 || ts1 != ts2 {
			t.Fatalf("%d: %x: scalar (%d %d %d %d %d %d), vector (%d %d %d %d %d %d)",
				it, wbits, n1, s1, m1, l1, c1, ts1, n2, s2, m2, l2, c2, ts2)
		}
		if !slices.Equal(spans1[:n1], spans2[:n2]) || !slices.Equal(lists1[:s1], lists2[:s2]) ||
			!slices.Equal(lists1[m:m1], lists2[m:m2]) || !slices.Equal(lists1[2*m:l1], lists2[2*m:l2]) {
			t.Fatalf("%d: %x: spans or lists differ", it, wbits)
		}
	}
}

// TestRollShinglesVector checks rollShinglesAVX512 against the rolling
// update for every shingle size to 9 and every count of shingles to 40
// (the masked last vector).
func TestRollShinglesVector(t *testing.T) {
	if !useAVX512DQ {
		t.Skip("no AVX512DQ")
	}
	defer func() { useAVX512DQ = true }()
	r := rand.New(rand.NewPCG(7, 8))
	for k := 1; k <= 9; k++ {
		pk := uint64(1)
		for range k {
			pk *= combineP
		}
		for n := 1; n <= 40; n++ {
			toks := make([]uint64, n+k-1)
			for i := range toks {
				toks[i] = r.Uint64()
			}
			init := r.Uint64()
			want, got := make([]uint64, n), make([]uint64, n+1)
			useAVX512DQ = false
			rollShingles(want, toks, k, init, pk)
			useAVX512DQ = true
			got[n] = 42
			rollShingles(got[:n], toks, k, init, pk)
			if !slices.Equal(got[:n], want) || got[n] != 42 {
				t.Fatalf("k=%d n=%d: vector %x, rolling %x", k, n, got, want)
			}
		}
	}
}
