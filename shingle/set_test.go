package shingle

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSet(t *testing.T) {
	tests := []struct{ in, want []uint64 }{
		{nil, nil},
		{[]uint64{}, []uint64{}},
		{[]uint64{3}, []uint64{3}},
		{[]uint64{3, 1, 3, 2, 1}, []uint64{1, 2, 3}},
		{[]uint64{5, 5, 5}, []uint64{5}},
	}
	for _, tt := range tests {
		in := slices.Clone(tt.in)
		if got := Set(in); !slices.Equal(got, tt.want) {
			t.Errorf("Set(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestJaccard(t *testing.T) {
	tests := []struct {
		a, b  []uint64
		inter int
		want  float64
	}{
		{nil, nil, 0, 0},
		{[]uint64{1}, nil, 0, 0},
		{[]uint64{1, 2, 3}, []uint64{1, 2, 3}, 3, 1},
		{[]uint64{1, 2, 3}, []uint64{2, 3, 4}, 2, 0.5},
		{[]uint64{1, 3, 5}, []uint64{2, 4, 6}, 0, 0},
	}
	for _, tt := range tests {
		if got := Intersect(tt.a, tt.b); got != tt.inter {
			t.Errorf("Intersect(%v, %v) = %d, want %d", tt.a, tt.b, got, tt.inter)
		}
		if got := Jaccard(tt.a, tt.b); got != tt.want {
			t.Errorf("Jaccard(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestIntersectRandom checks the merge and the galloping paths against a
// map on random sets of very different sizes.
func TestIntersectRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 300; trial++ {
		na, nb := r.IntN(50), r.IntN(5000)
		if trial%2 == 0 {
			na, nb = nb, na
		}
		mk := func(n int) []uint64 {
			h := make([]uint64, n)
			for i := range h {
				h[i] = r.Uint64N(8000)
			}
			return Set(h)
		}
		a, b := mk(na), mk(nb)
		in := map[uint64]bool{}
		for _, v := range a {
			in[v] = true
		}
		want := 0
		for _, v := range b {
			if in[v] {
				want++
			}
		}
		if got := Intersect(a, b); got != want {
			t.Fatalf("Intersect(%d elems, %d elems) = %d, want %d", len(a), len(b), got, want)
		}
	}
}
