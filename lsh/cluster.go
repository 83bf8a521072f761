package lsh

import (
	"slices"

	"github.com/neardup/dedupe/unionfind"
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
	// Compact the ids that occur, so the forest is sized by the pairs, not
	// by the largest id. Positions increase with ids, so groups of positions
	// map to sorted clusters in the order of their first member.
	ids := make([]uint32, 0, 2*len(pairs))
	for _, p := range pairs {
		ids = append(ids, p.A, p.B)
	}
	ids = sortUnique(ids, 0)
	pos := func(id uint32) int { i, _ := slices.BinarySearch(ids, id); return i }
	u := unionfind.New(len(ids))
	for _, p := range pairs {
		u.Union(pos(p.A), pos(p.B))
	}
	groups := u.Groups()
	out := make([][]uint32, len(groups))
	for i, g := range groups {
		out[i] = make([]uint32, len(g))
		for j, p := range g {
			out[i][j] = ids[p]
		}
	}
	return out
}
