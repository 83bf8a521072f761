package lsh

import (
	"cmp"
	"slices"
)

// Clusters returns the connected components (single link) of the graph whose
// edges are pairs, leaving out documents that are in no pair. Each cluster's
// members are in increasing order, and clusters are ordered by their first
// member. The first member, the lowest id, is the one to keep: when ids are
// assigned in arrival order it is the first seen. Note that single link is
// transitive: two members of a cluster may be less similar than the
// threshold.
func Clusters(pairs []Pair) [][]uint32 {
	if len(pairs) == 0 {
		return nil
	}
	// Compact the ids that occur, so the union-find is sized by the pairs,
	// not by the largest id.
	ids := make([]uint32, 0, 2*len(pairs))
	for _, p := range pairs {
		ids = append(ids, p.A, p.B)
	}
	ids = sortUnique(ids, 0)
	pos := func(id uint32) int { i, _ := slices.BinarySearch(ids, id); return i }
	u := newUnionFind(len(ids))
	for _, p := range pairs {
		u.union(pos(p.A), pos(p.B))
	}
	return u.groups(func(i int) uint32 { return ids[i] })
}

// unionFind is a disjoint-set forest with path halving and union by size
// (Tarjan 1975).
type unionFind struct {
	parent []int32
	size   []int32
}

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int32, n), size: make([]int32, n)}
	for i := range u.parent {
		u.parent[i] = int32(i)
		u.size[i] = 1
	}
	return u
}

func (u *unionFind) find(i int) int {
	for int(u.parent[i]) != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = int(u.parent[i])
	}
	return i
}

func (u *unionFind) union(a, b int) {
	a, b = u.find(a), u.find(b)
	if a == b {
		return
	}
	if u.size[a] < u.size[b] {
		a, b = b, a
	}
	u.parent[b] = int32(a)
	u.size[a] += u.size[b]
}

// groups returns the sets of two or more elements, mapped by id (which must
// be increasing in the element), each in increasing order, ordered by first
// member.
func (u *unionFind) groups(id func(int) uint32) [][]uint32 {
	index := make(map[int]int)
	var out [][]uint32
	for i := range u.parent {
		r := u.find(i)
		if u.size[r] < 2 {
			continue
		}
		g, ok := index[r]
		if !ok {
			g = len(out)
			index[r] = g
			out = append(out, make([]uint32, 0, u.size[r]))
		}
		out[g] = append(out[g], id(i))
	}
	// Elements are visited in increasing order, so members are sorted and
	// groups are ordered by first member already; sort anyway in case id is
	// not monotonic.
	for _, g := range out {
		slices.Sort(g)
	}
	slices.SortFunc(out, func(a, b []uint32) int { return cmp.Compare(a[0], b[0]) })
	return out
}
