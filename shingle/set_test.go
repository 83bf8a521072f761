package shingle

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
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

// naiveSet is the definition of Set: slices.Sort and slices.Compact.
func naiveSet(h []uint64) []uint64 {
	slices.Sort(h)
	return slices.Compact(h)
}

// setInputs returns inputs of n values of several kinds: uniform, with
// many duplicates, sharing their top bits, all equal, only 0 and
// MaxUint64, sorted and reverse-sorted.
func setInputs(r *rand.Rand, n int) map[string][]uint64 {
	gen := func(f func(i int) uint64) []uint64 {
		h := make([]uint64, n)
		for i := range h {
			h[i] = f(i)
		}
		return h
	}
	uniform := gen(func(int) uint64 { return r.Uint64() })
	sorted := slices.Clone(uniform)
	slices.Sort(sorted)
	reversed := slices.Clone(sorted)
	slices.Reverse(reversed)
	few := uint64(1 + r.IntN(n+1))
	pool := gen(func(int) uint64 { return r.Uint64() })
	return map[string][]uint64{
		"uniform":  uniform,
		"sorted":   sorted,
		"reversed": reversed,
		"small":    gen(func(int) uint64 { return r.Uint64N(few) }),
		"top":      gen(func(int) uint64 { return r.Uint64N(few) << 60 }),
		"repeats":  gen(func(int) uint64 { return pool[r.IntN(max(n/8, 1))] }),
		"clusters": gen(func(int) uint64 { return r.Uint64N(4)<<62 | r.Uint64N(1<<20) }),
		"equal":    gen(func(int) uint64 { return 42 }),
		"extremes": gen(func(int) uint64 { return -(r.Uint64() & 1) }),
		"max":      gen(func(int) uint64 { return math.MaxUint64 }),
		"zero":     gen(func(int) uint64 { return 0 }),
	}
}

// TestSetRandom checks Set against slices.Sort and slices.Compact on
// random inputs of 0 to 5000 values, either side of minRadix and with
// buckets over maxBucket.
func TestSetRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	sizes := []int{0, 1, 2, minRadix - 1, minRadix, minRadix + 1, 4095, 4096, 4097, 5000}
	for range 200 {
		sizes = append(sizes, r.IntN(5001))
	}
	if testing.Short() {
		sizes = sizes[:60]
	}
	for _, n := range sizes {
		for kind, in := range setInputs(r, n) {
			want := naiveSet(slices.Clone(in))
			h := slices.Clone(in)
			got := Set(h)
			if !slices.Equal(got, want) {
				t.Fatalf("Set(%d %s values): %d values, want %d (equal prefix %v)",
					n, kind, len(got), len(want), slices.Equal(got[:min(len(got), len(want))], want[:min(len(got), len(want))]))
			}
			if len(got) > 0 && &got[0] != &h[0] {
				t.Fatalf("Set(%d %s values) did not work in place", n, kind)
			}
		}
	}
}

// TestSetConcurrent runs Set from several goroutines, which share the
// scratch pool of radixSet (go test -race).
func TestSetConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(g), 9))
			for range 50 {
				in := make([]uint64, r.IntN(3000))
				for i := range in {
					in[i] = r.Uint64N(2000) << 50
				}
				want := naiveSet(slices.Clone(in))
				if got := Set(in); !slices.Equal(got, want) {
					t.Errorf("Set(%d values) differs from slices.Sort", len(in))
					return
				}
			}
		}()
	}
	wg.Wait()
}

// FuzzSet checks Set against slices.Sort and slices.Compact. The values
// are 8-byte words of the input; the first byte, if it is below 64,
// keeps only that many low bits of each value after moving them to the
// top, for duplicates and shared top bits.
func FuzzSet(f *testing.F) {
	f.Add([]byte{})
	f.Add(make([]byte, 8*100))
	seed := make([]byte, 8*500)
	r := rand.New(rand.NewPCG(1, 1))
	for i := 0; i < len(seed); i += 8 {
		binary.LittleEndian.PutUint64(seed[i:], r.Uint64())
	}
	f.Add(seed)
	seed = slices.Clone(seed)
	seed[0] = 6
	f.Add(seed)
	f.Fuzz(func(t *testing.T, data []byte) {
		keep := 64
		if len(data) > 0 && data[0] < 64 {
			keep = int(data[0])
		}
		in := make([]uint64, len(data)/8)
		for i := range in {
			v := binary.LittleEndian.Uint64(data[8*i:])
			if keep < 64 {
				v <<= 64 - keep
			}
			in[i] = v
		}
		want := naiveSet(slices.Clone(in))
		if got := Set(in); !slices.Equal(got, want) {
			t.Fatalf("Set(%d values) = %v, want %v", len(in), got, want)
		}
	})
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
