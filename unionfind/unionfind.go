// Package unionfind partitions the integers 0..n-1 into disjoint sets with
// a disjoint-set forest (Galler and Fischer 1964; path halving and union by
// size as analysed by Tarjan and van Leeuwen, "Worst-case analysis of set
// union algorithms", JACM 1984): nearly constant time per operation.
//
// It is the single-link clustering step of package lsh (near-duplicate
// documents) and package repeats (repeated paragraphs).
package unionfind

import (
	"fmt"
	"math"

	"github.com/neardup/dedupe/internal/grow"
)

// Forest is a partition of the elements 0..Len()-1 into disjoint sets,
// each element starting alone in its own set.
//
// The zero value is an empty forest; Reset sizes it. A Forest is not safe
// for concurrent use, not even for concurrent Finds (Find shortens paths).
type Forest struct {
	parent []int32
	size   []int32 // size of the set of a root; meaningless for other elements
}

// New returns a forest of n elements, each in its own set. It panics if n
// is negative or above MaxLen.
func New(n int) *Forest {
	f := new(Forest)
	f.Reset(n)
	return f
}

// MaxLen is the largest number of elements of a Forest.
const MaxLen = math.MaxInt32

// Reset makes f a forest of n elements, each in its own set, reusing its
// memory when it can. It panics if n is negative or above MaxLen.
func (f *Forest) Reset(n int) {
	if n < 0 || n > MaxLen {
		panic(fmt.Sprintf("unionfind: %d elements outside [0, MaxLen]", n))
	}
	f.parent = grow.Len(f.parent, n)
	f.size = grow.Len(f.size, n)
	for i := range f.parent {
		f.parent[i] = int32(i)
		f.size[i] = 1
	}
}

// Len returns the number of elements.
func (f *Forest) Len() int { return len(f.parent) }

// Find returns the representative of the set of i: two elements are in the
// same set exactly when Find returns the same representative for both. It
// panics if i is not in [0, Len()).
func (f *Forest) Find(i int) int {
	p := f.parent
	for int(p[i]) != i {
		p[i] = p[p[i]] // path halving
		i = int(p[i])
	}
	return i
}

// Union merges the sets of a and b and reports whether they were distinct.
// It panics if a or b is not in [0, Len()).
func (f *Forest) Union(a, b int) bool {
	a, b = f.Find(a), f.Find(b)
	if a == b {
		return false
	}
	if f.size[a] < f.size[b] {
		a, b = b, a
	}
	f.parent[b] = int32(a)
	f.size[a] += f.size[b]
	return true
}

// Size returns the number of elements in the set of i.
func (f *Forest) Size(i int) int { return int(f.size[f.Find(i)]) }

// Groups returns the sets of two or more elements, each in increasing
// order, ordered by their first (lowest) element: singletons are left out.
func (f *Forest) Groups() [][]int {
	// slot[r] is 1 + the index in out of the group of root r, or 0.
	slot := make([]int32, len(f.parent))
	var out [][]int
	for i := range f.parent {
		r := f.Find(i)
		if f.size[r] < 2 {
			continue
		}
		if slot[r] == 0 {
			out = append(out, make([]int, 0, f.size[r]))
			slot[r] = int32(len(out))
		}
		g := slot[r] - 1
		out[g] = append(out[g], i)
	}
	// Elements were visited in increasing order: each group is sorted, and
	// groups were created in the order of their first element.
	return out
}
