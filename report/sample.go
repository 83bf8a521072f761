package report

import (
	"cmp"
	"slices"
	"strings"
)

// fragCounter counts the pages each boilerplate fragment (a site and a
// paragraph text) was removed from, in bounded memory, by lossy counting
// (Manku and Motwani, "Approximate Frequency Counts over Data Streams",
// VLDB 2002): the stream of (fragment, page) insertions is cut into buckets
// of w; at the end of each bucket the entries whose count plus their
// possible undercount is at most the bucket's number are dropped. After N
// insertions a fragment's count is short by at most N/w, and every fragment
// seen on more than N/w pages is kept. Runs with fewer than w insertions are
// counted exactly. The number of distinct fragments is exact (a set of
// 64-bit hashes).
type fragCounter struct {
	w        int64
	n        int64 // insertions
	entries  map[uint64]*fragEntry
	distinct map[uint64]struct{}
}

type fragEntry struct {
	f     Fragment
	delta int64  // possible undercount: the bucket number when it was (re)inserted, less one
	last  uint64 // hash of the id of the last page counted
}

// fragBucket is the bucket width w of lossy counting: 65,536 insertions,
// so a fragment's page count is exact up to that many boilerplate
// paragraphs and short by at most N/65,536 after N.
const fragBucket = 1 << 16

func newFragCounter() fragCounter {
	return fragCounter{w: fragBucket, entries: map[uint64]*fragEntry{}, distinct: map[uint64]struct{}{}}
}

// add counts r's text on r's page and reports whether the fragment is new.
func (fc *fragCounter) add(r *Removal, reason string, maxBytes int) bool {
	h := hashString(r.Site, r.Text)
	_, seen := fc.distinct[h]
	if !seen {
		fc.distinct[h] = struct{}{}
	}
	page := hashString(r.ID)
	e := fc.entries[h]
	if e != nil && e.last == page {
		e.f.Bytes += int64(len(r.Text)) // again on the same page
		return !seen
	}
	fc.n++
	bucket := (fc.n + fc.w - 1) / fc.w
	if e == nil {
		text, _ := clip(r.Text, maxBytes)
		e = &fragEntry{f: Fragment{Site: r.Site, Text: text, Reason: reason}, delta: bucket - 1}
		fc.entries[h] = e
	}
	e.f.Pages++
	e.f.Bytes += int64(len(r.Text))
	e.last = page
	if fc.n%fc.w == 0 {
		for k, e := range fc.entries {
			if e.f.Pages+e.delta <= bucket {
				delete(fc.entries, k)
			}
		}
	}
	return !seen
}

// result returns the fragments seen on most pages, at most limit, and the
// number of distinct fragments not listed.
func (fc *fragCounter) result(limit int) ([]Fragment, int64) {
	fs := make([]Fragment, 0, len(fc.entries))
	for _, e := range fc.entries {
		fs = append(fs, e.f)
	}
	slices.SortFunc(fs, func(a, b Fragment) int {
		return cmp.Or(cmp.Compare(b.Pages, a.Pages), cmp.Compare(b.Bytes, a.Bytes),
			strings.Compare(a.Site, b.Site), strings.Compare(a.Text, b.Text))
	})
	if len(fs) > limit {
		fs = fs[:limit]
	}
	return fs, int64(len(fc.distinct) - len(fs))
}

// clusterSet joins near-duplicate removals into clusters: a removed
// document joins the cluster of the document it was removed for, and a
// cluster whose kept document is removed later joins the other's.
type clusterSet struct {
	root    map[string]string // removed document -> the one it was removed for (docKey)
	byKept  map[string]*clusterAcc
	members int // members listed per cluster
}

type clusterAcc struct {
	size    int64
	members []Member
}

// find returns the kept document of id's cluster. The links form a forest
// (add only links a document to a root other than itself), so it ends.
func (s *clusterSet) find(id string) string {
	for {
		r, ok := s.root[id]
		if !ok {
			return id
		}
		id = r
	}
}

func (s *clusterSet) add(kept, id string, sim float64) {
	if _, dup := s.root[id]; dup || id == kept {
		return // removed twice, or for itself: not a new member
	}
	k := s.find(kept)
	if k == id {
		return // id is the kept document of kept's cluster: no cycle
	}
	c := s.byKept[k]
	if c == nil {
		c = &clusterAcc{size: 1}
		s.byKept[k] = c
	}
	c.size++
	if len(c.members) < s.members {
		c.members = append(c.members, Member{ID: keyID(id), Similarity: sim})
	}
	s.root[id] = k
	if o := s.byKept[id]; o != nil { // id kept others before being removed
		c.size += o.size - 1
		for _, m := range o.members {
			if len(c.members) < s.members {
				c.members = append(c.members, m)
			}
		}
		delete(s.byKept, id)
	}
}

func (s *clusterSet) result(lim Limits) Clusters {
	var out Clusters
	sizes := map[int64]int64{}
	all := make([]Cluster, 0, len(s.byKept))
	for kept, c := range s.byKept {
		sizes[c.size]++
		all = append(all, Cluster{Kept: keyID(kept), Size: c.size, Members: c.members, MoreMembers: c.size - 1 - int64(len(c.members))})
	}
	for size, n := range sizes {
		out.Sizes = append(out.Sizes, SizeCount{Size: size, Count: n})
	}
	slices.SortFunc(out.Sizes, func(a, b SizeCount) int { return cmp.Compare(a.Size, b.Size) })
	out.Sizes = mergeSizes(out.Sizes, lim.ClusterSizes)
	slices.SortFunc(all, func(a, b Cluster) int {
		return cmp.Or(cmp.Compare(b.Size, a.Size), strings.Compare(a.Kept, b.Kept))
	})
	if len(all) > lim.Clusters {
		out.More = int64(len(all) - lim.Clusters)
		all = all[:lim.Clusters]
	}
	out.Largest = all
	return out
}

// mergeSizes keeps the first limit sizes of an ascending list; the last one
// kept then counts the clusters of that size or larger.
func mergeSizes(sizes []SizeCount, limit int) []SizeCount {
	if len(sizes) <= limit {
		return sizes
	}
	for _, s := range sizes[limit:] {
		sizes[limit-1].Count += s.Count
	}
	return sizes[:limit]
}

// pairSampler keeps a deterministic sample of near-duplicate pairs spread
// over the similarity range: the pairs fall into strata of similarity
// [0, 0.1), ..., [0.9, 1) and 1 (identical); each stratum keeps the k pairs
// with the smallest hashes (bottom-k sampling, which makes the sample a
// function of the set of pairs, not of their order), and the sample takes
// pairs from the strata in turn, near copies before identical ones.
type pairSampler struct {
	k      int
	seen   int64
	strata [11][]sampledPair
}

type sampledPair struct {
	h uint64
	p Pair
}

func stratum(s float64) int {
	if s >= 1 {
		return 10
	}
	return max(0, min(int(s*10), 9))
}

func (ps *pairSampler) add(p Pair) {
	ps.seen++
	i := stratum(p.Similarity)
	ps.strata[i] = append(ps.strata[i], sampledPair{h: hashString(p.Removed, p.Kept), p: p})
	if len(ps.strata[i]) >= 2*ps.k {
		ps.strata[i] = ps.bottom(ps.strata[i])
	}
}

func (ps *pairSampler) bottom(s []sampledPair) []sampledPair {
	slices.SortFunc(s, func(a, b sampledPair) int {
		return cmp.Or(cmp.Compare(a.h, b.h), strings.Compare(a.p.Removed, b.p.Removed), strings.Compare(a.p.Kept, b.p.Kept))
	})
	return s[:min(len(s), ps.k)]
}

// result returns the sample, least similar first, and the number of pairs
// left out.
func (ps *pairSampler) result() ([]Pair, int64) {
	var strata [11][]sampledPair
	for i := range ps.strata {
		strata[i] = ps.bottom(slices.Clone(ps.strata[i]))
	}
	order := []int{9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 10}
	var out []Pair
	for round := 0; len(out) < ps.k; round++ {
		took := false
		for _, i := range order {
			if round < len(strata[i]) && len(out) < ps.k {
				out = append(out, strata[i][round].p)
				took = true
			}
		}
		if !took {
			break
		}
	}
	slices.SortFunc(out, func(a, b Pair) int {
		return cmp.Or(cmp.Compare(a.Similarity, b.Similarity), strings.Compare(a.Removed, b.Removed))
	})
	return out, ps.seen - int64(len(out))
}
