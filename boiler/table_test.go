package boiler

import (
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// The word table counts as the map it replaced, hash 0 and paragraph
// serial 0 included, and freezes to the sorted counts.
func TestWordTable(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	var wt wordTable
	ref := map[uint64]stamped{}
	for serial := uint32(0); serial < 3000; serial++ {
		for range 1 + r.IntN(30) {
			h := r.Uint64()
			switch r.IntN(4) {
			case 0:
				h %= 50 // frequent words
			case 1:
				h = 0
			}
			wt.add(h, serial)
			if c := ref[h]; c.last != serial {
				ref[h] = stamped{c.n + 1, serial}
			}
		}
	}
	got := wt.freeze()
	var want counts
	for _, h := range slices.Sorted(maps.Keys(ref)) {
		want.append(h, ref[h].n)
	}
	if !slices.Equal(got.h, want.h) || !slices.Equal(got.n, want.n) {
		t.Fatalf("freeze: %d counts, want %d", len(got.h), len(want.h))
	}
}

// table.freeze sorts the counts, whatever their number and however
// crowded its slots: crowd puts one hash in crowd in the first slots,
// wrap one in wrap in the last ones, whose probing runs wrap around to
// the first slots.
func TestTableFreeze(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	for _, tt := range []struct{ n, crowd, wrap int }{{0, 0, 0}, {1, 0, 0}, {2, 0, 0}, {7, 0, 0}, {100, 0, 0}, {5000, 0, 0},
		{5000, 8, 0}, {3000, 1, 0}, {5000, 0, 8}, {3000, 0, 1}, {6, 0, 1}, {5000, 4, 4}} {
		n := tt.n
		var tb table
		ref := map[uint64]uint32{}
		for range n {
			h := r.Uint64() | 1
			if tt.crowd > 0 && r.IntN(tt.crowd) == 0 {
				h >>= 20 + r.IntN(44) // in the first buckets
				h |= 1
			}
			if tt.wrap > 0 && r.IntN(tt.wrap) == 0 {
				h |= ^uint64(0) << (54 + r.IntN(10)) // in the last buckets
			}
			tb.inc(h)
			if r.IntN(3) == 0 {
				tb.inc(h)
				ref[h]++
			}
			ref[h]++
		}
		c := tb.freeze()
		if len(c.h) != len(ref) || !slices.IsSorted(c.h) {
			t.Fatalf("n=%d: %d counts, want %d, sorted %v", n, len(c.h), len(ref), slices.IsSorted(c.h))
		}
		for i, h := range c.h {
			if c.n[i] != ref[h] {
				t.Fatalf("n=%d: count of %x %d, want %d", n, h, c.n[i], ref[h])
			}
		}
	}
}

// hashSet holds exactly its members, duplicates and 0 given or not, and
// filter keeps the other words but digit runs, in order.
func TestHashSet(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	for _, n := range []int{0, 1, 3, 90, 500, 4000} {
		var hs []uint64
		ref := map[uint64]bool{}
		for range n {
			h := r.Uint64()
			for crowd := r.IntN(2) == 0; crowd && (h*0x9e3779b97f4a7c15)>>20&15 != 0; {
				h = r.Uint64() // home slots crowded on one in 16: long probes
			}
			hs = append(hs, h)
			if r.IntN(4) == 0 {
				hs = append(hs, h, 0)
			}
			if h != 0 {
				ref[h] = true
			}
		}
		s := newHashSet(hs)
		var words, want []uint64
		wantIn := 0
		for _, h := range hs {
			for _, x := range []uint64{h, h ^ 1<<r.IntN(64), maskToken} {
				words = append(words, x)
				if ref[x] {
					wantIn++
				} else if x != maskToken {
					want = append(want, x)
				}
			}
		}
		got, in := s.filter([]uint64{7}, words)
		if in != wantIn || !slices.Equal(got, append([]uint64{7}, want...)) {
			t.Fatalf("n=%d: filter: %d kept, %d in, want %d, %d", n, len(got)-1, in, len(want), wantIn)
		}
	}
	// members made to share their home slot at every table size
	var hs []uint64
	for i := range uint64(9) {
		hs = append(hs, i*0xf1de83e19937733d) // h * 0x9e3779b97f4a7c15 == i: home slot 0
	}
	s := newHashSet(hs)
	if got, in := s.filter(nil, append(hs, 1, 2)); in != 8 || !slices.Equal(got, []uint64{0, 1, 2}) {
		t.Fatalf("colliding members: filter = %x, %d", got, in)
	}
	var zero hashSet
	if got, in := zero.filter(nil, []uint64{0, 1, maskToken}); in != 0 || !slices.Equal(got, []uint64{0, 1}) {
		t.Fatalf("zero hashSet: filter = %v, %d", got, in)
	}
}

// TestPageSetResetFor checks that a set sized page by page keeps each
// page's keys apart, and that a set grown for a large page is made small
// again for the small pages after it.
func TestPageSetResetFor(t *testing.T) {
	var s pageSet
	r := rand.New(rand.NewPCG(1, 2))
	var last []uint64
	for _, n := range []int{0, 3, 100, 1 << 17, 5, 40, 1 << 12, 7, 1 << 10, 2} {
		s.resetFor(n)
		for _, h := range last {
			require.False(t, s.has(h), "a key of the previous page")
		}
		keys := make([]uint64, n)
		for i := range keys {
			keys[i] = r.Uint64() | 1
			require.True(t, s.add(keys[i]))
		}
		for _, h := range keys {
			require.False(t, s.add(h))
			require.True(t, s.has(h))
		}
		require.False(t, s.has(2))
		require.Equal(t, n, s.used)
		require.GreaterOrEqual(t, s.size, 2*n, "n = %d", n)
		require.LessOrEqual(t, s.size, max(64, 4*n+4), "n = %d: keys spread over more slots than needed", n)
		if len(s.h) >= 1<<16 {
			require.LessOrEqual(t, len(s.h), 4*n+4, "n = %d: not made small again", n)
		}
		last = keys
	}
	// an undersized hint still holds every key (the set grows)
	s.resetFor(1)
	for h := uint64(1); h <= 1000; h++ {
		require.True(t, s.add(h*0x9e3779b97f4a7c15))
	}
	require.Equal(t, 1000, s.used)
}

// TestPageCountResetFor checks that counts sized page by page count each
// page's keys alone, and that counts grown for a large page are made
// small again for the small pages after it.
func TestPageCountResetFor(t *testing.T) {
	var c pageCount
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 3, 1 << 17, 5, 40, 7} {
		c.resetFor(n / 2) // an undersized hint: the counts grow
		keys := make([]uint64, n)
		for i := range keys {
			keys[i] = r.Uint64() | 1
			for range i%3 + 1 {
				c.add(keys[i])
			}
		}
		for i, h := range keys {
			require.Equal(t, i%3+1, c.count(h))
		}
		require.Zero(t, c.count(2))
		require.Len(t, c.n, len(c.set.h))
		if n < 100 {
			require.Less(t, len(c.set.h), 1<<10, "n = %d: not made small again", n)
		}
	}
}

// getAll returns what get returns for each hash, for lists with and
// without a directory (fewer than 16 hashes have none), hits and misses
// (beyond the last bucket too), across the blocks it reads ahead.
func TestCountsGetAll(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{0, 1, 15, 16, 100, 5000} {
		want := map[uint64]uint32{}
		for len(want) < n {
			want[r.Uint64()|1] = 1 + r.Uint32N(50)
		}
		var c counts
		for _, h := range slices.Sorted(maps.Keys(want)) {
			c.append(h, want[h])
		}
		c.index()
		var hs []uint64
		for h := range want {
			hs = append(hs, h, h&^1, ^uint64(0)) // a hit, then misses
		}
		hs = append(hs, 0, 1)
		got := make([]uint32, len(hs))
		c.getAll(got, hs)
		for i, h := range hs {
			require.Equal(t, want[h], got[i], "n %d hash %x", n, h)
			require.Equal(t, c.get(h), got[i])
		}
	}
}
