package repeats

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestCountBuckets checks countShared, on either side of maxCached (one
// table, or buckets first), against counts made with maps: the distinct
// shingles of each list, those another list holds too, and their sum.
func TestCountBuckets(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	f := New(Options{})
	for _, total := range []int{100, maxCached - 10, maxCached + 1, 3 * maxCached, 20 * bucketSize} {
		for range 3 {
			lists := randomLists(r, total)
			found := f.countShared(len(lists), total, func(p int) []uint64 { return lists[p] })
			dist, shared, sum, want := mapCounts(lists)
			if found != want || !slices.Equal(f.dist, dist) || !slices.Equal(f.shared, shared) || !slices.Equal(f.sum, sum) {
				t.Fatalf("total %d: countShared differs from the map counts (found %v, want %v)", total, found, want)
			}
		}
	}
}

// randomLists returns lists of total shingles in all: mostly fresh
// hashes, with repeats inside a list and hashes of earlier lists.
func randomLists(r *rand.Rand, total int) [][]uint64 {
	var lists [][]uint64
	var all []uint64
	for n := 0; n < total; {
		m := min(total-n, 1+r.IntN(400))
		l := make([]uint64, m)
		for i := range l {
			switch {
			case len(all) > 0 && r.IntN(10) == 0:
				l[i] = all[r.IntN(len(all))]
			case i > 0 && r.IntN(20) == 0:
				l[i] = l[r.IntN(i)]
			default:
				l[i] = r.Uint64() | 1
			}
		}
		all = append(all, l...)
		lists = append(lists, l)
		n += m
	}
	return lists
}

func mapCounts(lists [][]uint64) (dist, shared []int32, sum []uint64, found bool) {
	holders := map[uint64]map[int]bool{}
	for p, l := range lists {
		for _, h := range l {
			if holders[h] == nil {
				holders[h] = map[int]bool{}
			}
			holders[h][p] = true
		}
	}
	dist, shared, sum = make([]int32, len(lists)), make([]int32, len(lists)), make([]uint64, len(lists))
	for p, l := range lists {
		seen := map[uint64]bool{}
		for _, h := range l {
			if seen[h] {
				continue
			}
			seen[h] = true
			dist[p]++
			sum[p] += h
			if len(holders[h]) > 1 {
				shared[p]++
				found = true
			}
		}
	}
	return dist, shared, sum, found
}
