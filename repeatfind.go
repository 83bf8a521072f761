package dedupe

import (
	"sort"

	"github.com/neardup/dedupe/lsh"
	"github.com/neardup/dedupe/shingle"
)

// A repeatFinder finds repeated paragraphs inside one document with
// lsh.RepeatFinder. It is not safe for concurrent use.
type repeatFinder struct {
	f      *lsh.RepeatFinder
	pairs  []lsh.RepeatPair
	parent map[int]int
}

// A repeatGroup is a group of paragraphs of one document that repeat each
// other: indices into the document's paragraphs, the kept one first.
type repeatGroup struct {
	members    []int
	similarity float64 // the lowest similarity of a pair in the group
}

func newRepeatFinder(opts lsh.RepeatOptions) *repeatFinder {
	return &repeatFinder{f: lsh.NewRepeatFinder(opts), parent: map[int]int{}}
}

// find returns the groups of repeated paragraphs of text (whose paragraphs,
// split with shingle.Auto, are spans): the connected components of the
// repeat pairs, as lsh.RepeatFinder.Groups gives them, ordered by their kept
// (first) member. The similarity of a group is that of its weakest pair.
func (r *repeatFinder) find(text []byte, spans []shingle.Span) []repeatGroup {
	r.pairs = r.f.Pairs(r.pairs[:0], text)
	if len(r.pairs) == 0 {
		return nil
	}
	clear(r.parent)
	var find func(x int) int
	find = func(x int) int {
		p, ok := r.parent[x]
		if !ok || p == x {
			return x
		}
		root := find(p)
		r.parent[x] = root
		return root
	}
	for _, p := range r.pairs {
		a, b := find(p.A.Index), find(p.B.Index)
		if a == b {
			continue
		}
		if b < a {
			a, b = b, a
		}
		r.parent[b] = a // the root is the lowest index: the kept paragraph
		r.parent[a] = a
	}
	byRoot := map[int]*repeatGroup{}
	var groups []repeatGroup
	var roots []int
	members := map[int]bool{}
	for _, p := range r.pairs {
		members[p.A.Index] = true
		members[p.B.Index] = true
	}
	idx := make([]int, 0, len(members))
	for m := range members {
		idx = append(idx, m)
	}
	sort.Ints(idx)
	for _, m := range idx {
		root := find(m)
		g := byRoot[root]
		if g == nil {
			g = &repeatGroup{similarity: 1}
			byRoot[root] = g
			roots = append(roots, root)
		}
		g.members = append(g.members, m)
	}
	for _, p := range r.pairs {
		g := byRoot[find(p.A.Index)]
		if p.Similarity < g.similarity {
			g.similarity = p.Similarity
		}
	}
	sort.Ints(roots)
	for _, root := range roots {
		groups = append(groups, *byRoot[root])
	}
	return groups
}
