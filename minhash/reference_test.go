package minhash

import (
	"math"
	"slices"
	"testing"
)

// winner identifies what decided one position of a signature: the shingle
// and the round (OnePermutation) or permutation (Classic) it won in.
type winner struct {
	shingle uint64
	round   uint64
	ok      bool
}

// reference computes the signature of xs the slow, obvious way, position by
// position, and reports the winner of each position, so tests can check the
// fast paths and count 32-bit collisions between different winners.
func reference(h *Hasher, xs []uint64) (Signature, []winner) {
	set := slices.Clone(xs)
	slices.Sort(set)
	set = slices.Compact(set)
	k := h.K()
	sig := make(Signature, k)
	win := make([]winner, k)
	for j := range sig {
		sig[j] = EmptyValue
	}
	if len(set) == 0 {
		return sig, win
	}
	if h.family == Classic {
		for j := range sig {
			best := uint64(math.MaxUint64)
			for _, x := range set {
				if v := h.a[j]*mix(x^h.key) + h.b[j]; v < best || !win[j].ok {
					best, win[j] = v, winner{x, uint64(j), true}
				}
			}
			sig[j] = rank32(mix(best) >> 32)
		}
		return sig, win
	}
	// OnePermutation: a bin takes the lowest rank of the first round that
	// sends any shingle to it; rounds 1..K send shingle x to a random bin,
	// and a bin no round reached takes the lowest of one more hash of all.
	kk := uint64(k)
	for j := range sig {
		for round := uint64(0); round < kk && !win[j].ok; round++ {
			best := uint64(math.MaxUint64)
			for _, x := range set {
				y := (x ^ h.key) + round*golden
				z := mix(y)
				bin := (z >> 32) * kk >> 32
				if round > 0 {
					bin = roundBin(y, kk) // later rounds: a cheaper bin
				}
				if bin != uint64(j) {
					continue
				}
				if r := uint64(rank32(z)); r < best {
					best, win[j] = r, winner{x, round, true}
				}
			}
			if win[j].ok {
				sig[j] = uint32(best)
			}
		}
		if !win[j].ok {
			best := uint64(math.MaxUint64)
			for _, x := range set {
				if r := uint64(rank32(mix((x ^ h.key) + (kk+uint64(j))*golden))); r < best {
					best, win[j] = r, winner{x, kk + uint64(j), true}
				}
			}
			sig[j] = uint32(best)
		}
	}
	return sig, win
}

func TestAppendMatchesReference(t *testing.T) {
	sizes := []int{0, 1, 2, 3, 7, 10, 50, 127, 128, 300, 1000}
	for _, fam := range []Family{OnePermutation, Classic} {
		for _, k := range []int{1, 2, 7, 64, 128, 200} {
			h := New(Options{K: k, Seed: uint64(k) * 7, Family: fam})
			for _, n := range sizes {
				if testing.Short() && n*k > 100000 {
					continue
				}
				xs := randomSet(pcg(uint64(n), uint64(k)), n)
				// Duplicates must not change the signature.
				xs = append(xs, xs[:n/3]...)
				want, _ := reference(h, xs)
				got := h.Append(Signature{42}, xs)
				if got[0] != 42 || !slices.Equal(got[1:], want) {
					t.Errorf("%v K=%d n=%d: Append differs from reference\n got %v\nwant %v", fam, k, n, got[1:], want)
				}
			}
		}
	}
}

// TestAppendShortK128 checks every set size that fillSmall128 handles,
// at the default K, against the reference.
func TestAppendShortK128(t *testing.T) {
	h := New(Options{Seed: 3})
	for n := 1; n <= listCap+1; n++ {
		xs := randomSet(pcg(uint64(n), 128), n)
		want, _ := reference(h, xs)
		if got := h.Append(nil, xs); !slices.Equal(got, want) {
			t.Fatalf("n=%d: Append differs from reference\n got %v\nwant %v", n, got, want)
		}
	}
}

// FuzzAppend checks the fast paths against the reference on arbitrary
// shingle hashes (including structured, non-random ones).
func FuzzAppend(f *testing.F) {
	f.Add(uint8(0), uint8(16), uint64(0), []byte{})
	f.Add(uint8(0), uint8(128), uint64(1), []byte("0123456789abcdef"))
	f.Add(uint8(1), uint8(5), uint64(2), []byte("the quick brown fox jumps over the lazy dog"))
	f.Add(uint8(0), uint8(3), uint64(3), make([]byte, 800))
	f.Fuzz(func(t *testing.T, fam, k uint8, seed uint64, data []byte) {
		h := New(Options{K: int(k) + 1, Seed: seed, Family: Family(fam % 2)})
		xs := make([]uint64, 0, len(data))
		for i := 0; i < len(data); i += 3 {
			// Small, structured values: three bytes per shingle.
			v := uint64(data[i])
			if i+1 < len(data) {
				v |= uint64(data[i+1]) << 8
			}
			if i+2 < len(data) {
				v |= uint64(data[i+2]) << 40
			}
			xs = append(xs, v)
		}
		want, _ := reference(h, xs)
		if got := h.Append(nil, xs); !slices.Equal(got, want) {
			t.Fatalf("Append = %v, reference %v", got, want)
		}
	})
}
