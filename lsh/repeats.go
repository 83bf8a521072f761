package lsh

import (
	"cmp"
	"math"
	"slices"

	"github.com/cespare/xxhash/v2"

	"github.com/neardup/dedupe/shingle"
)

// DefaultMinWords is the MinWords used when RepeatOptions.MinWords is zero.
const DefaultMinWords = 10

// RepeatOptions configure the search for repeated paragraphs. The zero value
// is the default: threshold 0.8, paragraphs of at least 10 tokens, automatic
// paragraph splitting, default shingles (fold normalisation, 5-word
// shingles).
type RepeatOptions struct {
	// Threshold is the Jaccard similarity of two paragraphs' shingle sets at
	// or above which they are repeats, in (0, 1]. 0 means DefaultThreshold.
	Threshold float64
	// MinWords skips paragraphs with fewer tokens (counted by the shingler):
	// they are never in a pair. 0 means DefaultMinWords; 1 keeps every
	// paragraph that has a token.
	MinWords int
	// Split chooses how the text is cut into paragraphs; the zero value is
	// shingle.Auto.
	Split shingle.Split
	// Shingle configures the shingles of each paragraph.
	Shingle shingle.Options
}

// Paragraph locates a paragraph: text[Start:End]. Index counts every
// paragraph of the text from 0, skipped ones included.
type Paragraph struct {
	Index      int
	Start, End int
}

// RepeatPair is two paragraphs of one text whose similarity is at least the
// threshold; A comes before B.
type RepeatPair struct {
	A, B       Paragraph
	Similarity float64
}

// RepeatGroup is a set of paragraphs linked by repeat pairs (single link), in
// text order: the first is the one to keep, the others are its copies (the
// semantics of CCNet, Wenzek et al. 2020).
type RepeatGroup struct {
	Paragraphs []Paragraph
}

// Repeats returns the groups of exact and near-duplicate paragraphs of text,
// ordered by their first paragraph. It is NewRepeatFinder(opts).Groups(text).
func Repeats(text []byte, opts RepeatOptions) []RepeatGroup {
	return NewRepeatFinder(opts).Groups(text)
}

// RepeatFinder finds repeated paragraphs inside one text at a time.
//
// Identical shingle sets are grouped by hash first; the distinct sets are
// then joined by prefix filtering (Chaudhuri, Ganti and Kaushik 2006; Bayardo,
// Ma and Srikant, "Scaling up all pairs similarity search", WWW 2007), which
// finds every pair at or above the threshold exactly, without comparing all
// pairs: each set is probed through the rarest ⌊(1-t)·n⌋+1 of its n
// shingles, and candidates are verified by exact Jaccard.
//
// A RepeatFinder reuses its buffers from text to text. The zero value is not
// usable; call NewRepeatFinder. It is not safe for concurrent use: use one per
// goroutine.
type RepeatFinder struct {
	opts RepeatOptions
	sh   *shingle.Shingler

	spans  []shingle.Span
	paras  []Paragraph // kept paragraphs
	offs   []int       // set of paras[i] is hashes[offs[i]:offs[i+1]]
	hashes []uint64
	byHash map[uint64][]int32 // set hash → distinct sets (indexes into reps)
	reps   []int32            // kept paragraph holding each distinct set
	group  []int32            // distinct set of each kept paragraph
	freq   map[uint64]int32
	ranks  []uint32 // rank-coded distinct sets, sorted
	roffs  []int
	order  []int32
	lists  [][]int32
	seen   []int32
}

// NewRepeatFinder returns a RepeatFinder with the given options.
func NewRepeatFinder(opts RepeatOptions) *RepeatFinder {
	if opts.Threshold == 0 {
		opts.Threshold = DefaultThreshold
	}
	if opts.MinWords == 0 {
		opts.MinWords = DefaultMinWords
	}
	return &RepeatFinder{opts: opts, sh: shingle.New(opts.Shingle)}
}

// repeatEdge links distinct sets a and b (indexes into reps).
type repeatEdge struct {
	a, b int32
	sim  float64
}

// Pairs appends to dst every pair of paragraphs of text whose shingle sets
// have a Jaccard similarity at or above the threshold, sorted by A.Index then
// B.Index, and returns the extended slice.
func (f *RepeatFinder) Pairs(dst []RepeatPair, text []byte) []RepeatPair {
	edges := f.find(text)
	members := f.members()
	start := len(dst)
	for _, m := range members {
		for i, a := range m {
			for _, b := range m[i+1:] {
				dst = append(dst, RepeatPair{A: f.paras[a], B: f.paras[b], Similarity: 1})
			}
		}
	}
	for _, e := range edges {
		for _, a := range members[e.a] {
			for _, b := range members[e.b] {
				p := RepeatPair{A: f.paras[a], B: f.paras[b], Similarity: e.sim}
				if p.A.Index > p.B.Index {
					p.A, p.B = p.B, p.A
				}
				dst = append(dst, p)
			}
		}
	}
	slices.SortFunc(dst[start:], func(p, q RepeatPair) int {
		if c := cmp.Compare(p.A.Index, q.A.Index); c != 0 {
			return c
		}
		return cmp.Compare(p.B.Index, q.B.Index)
	})
	return dst
}

// Groups returns the groups of repeated paragraphs of text (connected
// components of Pairs), ordered by their first paragraph.
func (f *RepeatFinder) Groups(text []byte) []RepeatGroup {
	edges := f.find(text)
	u := newUnionFind(len(f.paras))
	for i, g := range f.group {
		u.union(i, int(f.reps[g]))
	}
	for _, e := range edges {
		u.union(int(f.reps[e.a]), int(f.reps[e.b]))
	}
	var out []RepeatGroup
	for _, g := range u.groups(func(i int) uint32 { return uint32(i) }) {
		ps := make([]Paragraph, len(g))
		for i, p := range g {
			ps[i] = f.paras[p]
		}
		out = append(out, RepeatGroup{Paragraphs: ps})
	}
	return out
}

// members returns the kept paragraphs of each distinct set, in text order.
func (f *RepeatFinder) members() [][]int32 {
	m := make([][]int32, len(f.reps))
	for i, g := range f.group {
		m[g] = append(m[g], int32(i))
	}
	return m
}

// find splits and shingles text, groups identical sets and returns the
// edges between distinct sets at or above the threshold.
func (f *RepeatFinder) find(text []byte) []repeatEdge {
	f.spans = shingle.Paragraphs(f.spans[:0], text, f.opts.Split)
	f.paras, f.offs, f.hashes = f.paras[:0], append(f.offs[:0], 0), f.hashes[:0]
	for i, sp := range f.spans {
		p := text[sp.Start:sp.End]
		if f.sh.CountTokens(p) < f.opts.MinWords {
			continue
		}
		n := len(f.hashes)
		f.hashes = f.sh.Append(f.hashes, p)
		if len(f.hashes) == n {
			continue
		}
		f.hashes = f.hashes[:n+len(shingle.Set(f.hashes[n:]))]
		f.paras = append(f.paras, Paragraph{Index: i, Start: sp.Start, End: sp.End})
		f.offs = append(f.offs, len(f.hashes))
	}
	set := func(i int32) []uint64 { return f.hashes[f.offs[i]:f.offs[i+1]] }

	// Identical sets.
	if f.byHash == nil {
		f.byHash = make(map[uint64][]int32)
	}
	clear(f.byHash)
	f.reps, f.group = f.reps[:0], f.group[:0]
	var buf []byte
	for i := range f.paras {
		s := set(int32(i))
		buf = buf[:0]
		for _, v := range s {
			buf = append(buf, byte(v), byte(v>>8), byte(v>>16), byte(v>>24), byte(v>>32), byte(v>>40), byte(v>>48), byte(v>>56))
		}
		h := xxhash.Sum64(buf)
		g := int32(-1)
		for _, r := range f.byHash[h] {
			if slices.Equal(set(f.reps[r]), s) {
				g = r
				break
			}
		}
		if g < 0 {
			g = int32(len(f.reps))
			f.reps = append(f.reps, int32(i))
			f.byHash[h] = append(f.byHash[h], g)
		}
		f.group = append(f.group, g)
	}
	if len(f.reps) < 2 {
		return nil
	}
	return f.join(set)
}

// join returns the pairs of distinct sets at or above the threshold, by
// prefix filtering over shingles ranked from rarest to most frequent.
func (f *RepeatFinder) join(set func(int32) []uint64) []repeatEdge {
	t := f.opts.Threshold
	if f.freq == nil {
		f.freq = make(map[uint64]int32)
	}
	clear(f.freq)
	for _, r := range f.reps {
		for _, v := range set(r) {
			f.freq[v]++
		}
	}
	// Rank shingles by (frequency, hash): rare shingles make short lists.
	type tok struct {
		v uint64
		n int32
	}
	toks := make([]tok, 0, len(f.freq))
	for v, n := range f.freq {
		toks = append(toks, tok{v, n})
	}
	slices.SortFunc(toks, func(a, b tok) int {
		if c := cmp.Compare(a.n, b.n); c != 0 {
			return c
		}
		return cmp.Compare(a.v, b.v)
	})
	for i, tk := range toks {
		f.freq[tk.v] = int32(i)
	}
	f.ranks, f.roffs = f.ranks[:0], append(f.roffs[:0], 0)
	for _, r := range f.reps {
		n := len(f.ranks)
		for _, v := range set(r) {
			f.ranks = append(f.ranks, uint32(f.freq[v]))
		}
		slices.Sort(f.ranks[n:])
		f.roffs = append(f.roffs, len(f.ranks))
	}
	rs := func(i int32) []uint32 { return f.ranks[f.roffs[i]:f.roffs[i+1]] }

	// Visit sets by increasing size, so that each probe only meets smaller
	// or equal sets, indexed by their own prefixes.
	f.order = f.order[:0]
	for i := range f.reps {
		f.order = append(f.order, int32(i))
	}
	slices.SortStableFunc(f.order, func(a, b int32) int { return cmp.Compare(len(rs(a)), len(rs(b))) })
	if cap(f.lists) < len(toks) {
		f.lists = make([][]int32, len(toks))
	}
	f.lists = f.lists[:len(toks)]
	for i := range f.lists {
		f.lists[i] = f.lists[i][:0]
	}
	f.seen = slices.Grow(f.seen[:0], len(f.reps))[:len(f.reps)]
	for i := range f.seen {
		f.seen[i] = -1
	}
	var edges []repeatEdge
	for _, x := range f.order {
		xs := rs(x)
		n := len(xs)
		p := prefixLen(n, t)
		minSize := t*float64(n) - 1e-9
		for _, tk := range xs[:p] {
			for _, y := range f.lists[tk] {
				if f.seen[y] == x || float64(len(rs(y))) < minSize {
					continue
				}
				f.seen[y] = x
				inter := intersect32(xs, rs(y))
				sim := float64(inter) / float64(n+len(rs(y))-inter)
				if sim >= t {
					a, b := x, y
					if a > b {
						a, b = b, a
					}
					edges = append(edges, repeatEdge{a: a, b: b, sim: sim})
				}
			}
			f.lists[tk] = append(f.lists[tk], x)
		}
	}
	return edges
}

// prefixLen is the number of a set's n rarest elements that any set with
// Jaccard >= t to it, of at most its size, must share one of: n - ⌈t·n⌉ + 1,
// rounded up for safety against floating-point error.
func prefixLen(n int, t float64) int {
	return min(n, n-int(math.Ceil(t*float64(n)-1e-9))+1)
}

// intersect32 returns |a ∩ b| for sorted sets.
func intersect32(a, b []uint32) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}
