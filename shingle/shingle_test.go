package shingle

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func TestShingleCounts(t *testing.T) {
	tests := []struct {
		text string
		k    int
		want int
	}{
		{"", 5, 0},
		{" ,;", 5, 0},
		{"one", 5, 1},
		{"one two three four", 5, 1},
		{"one two three four five", 5, 1},
		{"one two three four five six", 5, 2},
		{"a b c", 1, 3},
	}
	for _, tt := range tests {
		s := New(Options{K: tt.k})
		if got := len(s.AppendString(nil, tt.text)); got != tt.want {
			t.Errorf("K=%d: len(Append(%q)) = %d, want %d", tt.k, tt.text, got, tt.want)
		}
	}
}

func TestHashProperties(t *testing.T) {
	s := New(Options{})
	h := func(text string) uint64 {
		sh := s.AppendString(nil, text)
		if len(sh) != 1 {
			t.Fatalf("Append(%q) has %d shingles, want 1", text, len(sh))
		}
		return sh[0]
	}
	distinct := []string{"a b", "b a", "a", "b", "a a", "a b c d e", "e d c b a", "a b c d", "ab"}
	seen := map[uint64]string{}
	for _, text := range distinct {
		v := h(text)
		if prev, ok := seen[v]; ok {
			t.Errorf("Append(%q) = Append(%q) = %x", text, prev, v)
		}
		seen[v] = text
	}
	if a, b := New(Options{Seed: 1}).AppendString(nil, "x y"), New(Options{Seed: 2}).AppendString(nil, "x y"); a[0] == b[0] {
		t.Errorf("seeds 1 and 2 give the same hash %x", a[0])
	}
	if a, b := New(Options{}).AppendString(nil, "x y"), New(Options{K: 3}).AppendString(nil, "x y"); a[0] != b[0] {
		t.Errorf("a 2-token text hashes differently with K=5 (%x) and K=3 (%x)", a[0], b[0])
	}
}

// TestRolling checks that every rolled shingle hash equals the hash of
// its window combined on its own, for several K.
func TestRolling(t *testing.T) {
	text := benchText(3000, true)
	for _, k := range []int{1, 2, 3, 5, 9} {
		for _, unit := range []Unit{Words, Runes} {
			s := New(Options{K: k, Unit: unit, Seed: uint64(k)})
			toks := s.AppendTokens(nil, text)
			sh := s.Append(nil, text)
			if len(sh) != len(toks)-k+1 {
				t.Fatalf("K=%d %v: %d shingles for %d tokens", k, unit, len(sh), len(toks))
			}
			for i := range sh {
				if w := s.combine(nil, toks[i:i+k]); w[0] != sh[i] {
					t.Fatalf("K=%d %v: shingle %d = %x, its window alone %x", k, unit, i, sh[i], w[0])
				}
			}
		}
	}
}

// TestNoCollisions hashes a million distinct random 5-token shingles and
// expects no two to share a hash (the chance is about 2^-25).
func TestNoCollisions(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	s := New(Options{})
	r := rand.New(rand.NewPCG(3, 4))
	words := make([]uint64, 1000)
	for i := range words {
		words[i] = s.hashToken(fmt.Appendf(nil, "w%d", i))
	}
	const n = 1 << 20
	hashes := make([]uint64, 0, n)
	seen := make(map[[5]uint16]bool, n)
	for len(hashes) < n {
		var key [5]uint16
		var toks [5]uint64
		for j := range key {
			key[j] = uint16(r.IntN(len(words)))
			toks[j] = words[key[j]]
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		hashes = s.combine(hashes, toks[:])
	}
	if got := len(Set(hashes)); got != n {
		t.Errorf("%d distinct shingles gave %d distinct hashes", n, got)
	}
}

func TestZeroValue(t *testing.T) {
	var z Shingler
	got := z.AppendString(nil, "the zero value works like New")
	want := New(Options{}).AppendString(nil, "the zero value works like New")
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("zero Shingler = %x, New(Options{}) = %x", got, want)
	}
	if o := z.Options(); o.K != DefaultK {
		t.Errorf("zero Shingler Options().K = %d, want %d", o.K, DefaultK)
	}
}

func TestNewPanics(t *testing.T) {
	for _, o := range []Options{{K: -1}, {Normalization: 7}, {Unit: 9}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("New(%+v) did not panic", o)
				}
			}()
			New(o)
		}()
	}
}

// TestShingleBits checks that every bit of the shingle hashes of generated
// text is set in about half of them, also in the low bits, which the
// polynomial alone leaves weak.
func TestShingleBits(t *testing.T) {
	s := New(Options{})
	sh := Set(s.Append(nil, benchText(100000, false)))
	n := float64(len(sh))
	for b := range 64 {
		ones := 0
		for _, h := range sh {
			ones += int(h >> b & 1)
		}
		// 5 standard deviations of a fair coin over n draws.
		if d := float64(ones) - n/2; d*d > 25*n/4 {
			t.Errorf("bit %d set in %d of %d shingle hashes", b, ones, len(sh))
		}
	}
}
