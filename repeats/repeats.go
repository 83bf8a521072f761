package repeats

import (
	"cmp"
	"slices"

	"github.com/neardup/dedupe/shingle"
)

// Default option values, used when the Options field is zero.
const (
	DefaultThreshold = 0.8
	DefaultMinWords  = 10
)

// Options configure the search for repeated paragraphs. The zero value
// is the default: threshold 0.8, paragraphs of at least 10 tokens, automatic
// paragraph splitting, default shingles (fold normalisation, 5-word
// shingles).
type Options struct {
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

// Pair is two paragraphs of one text whose similarity is at least the
// threshold; A comes before B.
type Pair struct {
	A, B       Paragraph
	Similarity float64
}

// Group is a paragraph kept and the later paragraphs removed in its favour,
// in text order: the first is the one to keep, the others are its copies.
// Groups are made greedily in text order, as duplicate documents are: a
// paragraph is removed when it is at least the threshold similar to an
// earlier paragraph that stays, in favour of the most similar such one
// (the first on ties); otherwise it stays, even when it resembles a
// removed paragraph. So every removed paragraph is at least the threshold
// similar to the kept one, and a chain A ~ B ~ C whose ends are below the
// threshold removes B and keeps C. Two removed paragraphs of a group may
// be less similar to each other than the threshold, though not less than
// 2t-1 (0.6 at t = 0.8: Jaccard distance is a metric), and a pair of Pairs
// may fall across groups (B, C above).
type Group struct {
	Paragraphs []Paragraph
	// Similarities[i] is the similarity of Paragraphs[i] to the kept
	// paragraph, Paragraphs[0]: 1 for the kept one itself and for its
	// copies (equal shingle sets), at least the threshold for the others.
	Similarities []float64
	// Similarity is the lowest of Similarities.
	Similarity float64
}

// Find returns the groups of exact and near-duplicate paragraphs of text,
// ordered by their first paragraph. It is New(opts).Groups(text).
func Find(text []byte, opts Options) []Group {
	return New(opts).Groups(text)
}

// Finder finds repeated paragraphs inside one text at a time.
//
// Most texts have no repeat, and cost little more than shingling their
// paragraphs: one pass over the (unsorted) shingles through a hash table
// counts, for each paragraph, how many of its distinct shingles another
// paragraph holds too, and drops the paragraphs that cannot reach the
// threshold with any other (see screen); nothing is sorted. The few left
// are grouped by identical set, screened again as distinct sets, and the
// survivors are joined by prefix filtering (Chaudhuri, Ganti and Kaushik
// 2006; Bayardo, Ma and Srikant, "Scaling up all pairs similarity search",
// WWW 2007), which finds every pair at or above the threshold exactly,
// without comparing all pairs: each set is probed through the rarest
// ⌊(1-t)·n⌋+1 of its n shingles, and candidates are verified by exact
// Jaccard.
//
// A Finder reuses its buffers from text to text: a text without
// repeats costs no allocation once they have grown. The zero value is not
// usable; call New. It is not safe for concurrent use: use one
// per goroutine.
type Finder struct {
	// Capped counts the texts whose near repeats were not searched to the
	// end: the join would have compared more than 8,388,608 pairs of
	// paragraphs (thousands of paragraphs alike). Such a text gets its
	// groups of identical paragraphs only.
	Capped int

	maxCompared int // see maxCompared
	opts        Options
	sh          *shingle.Shingler

	spans  []shingle.Span
	tokens []uint64    // token hashes of every paragraph, skipped ones included
	toffs  []int       // tokens of paragraph i are tokens[toffs[i]:toffs[i+1]]
	paras  []Paragraph // paragraphs of MinWords or more (after screen: that may pair)
	offs   []int       // set of paras[i] is hashes[offs[i]:offs[i+1]]
	hashes []uint64
	byHash map[uint64]int32 // set hash → first distinct set with it (index into reps)
	hashN  int              // the most entries byHash has held (see resetMap)
	next   []int32          // next distinct set with the same hash, or -1
	reps   []int32          // first paragraph (index into paras) holding each distinct set
	group  []int32          // distinct set of each paragraph of paras
	live   []int32          // distinct sets that may be in a near pair
	mstart []int32          // members of reps[g]: mlist[mstart[g]:mstart[g+1]]
	mlist  []int32
	edges  []edge
	sets   [][]uint64 // sets of f.live, sorted, for the join
	sa, sb []uint64   // sameSet scratch
	freq   map[uint64]int32
	freqN  int      // the most entries freq has held (see resetMap)
	ranks  []uint32 // rank-coded distinct sets, sorted
	roffs  []int
	order  []int32
	lists  [][]int32
	seen   []int32
	toks   []tok

	// Groups' scratch (groups.go).
	astart []int32   // edges of distinct set g: adj[astart[g]:astart[g+1]]
	adj    []int32   // the other distinct set of each edge
	asim   []float64 // the similarity of each edge
	keeper []int32   // the kept paragraph holding each distinct set, or -1
	to     []int32   // the kept paragraph each paragraph is removed for, or -1
	sim    []float64 // the similarity of each paragraph to to[i]
	count  []int32   // paragraphs removed for each kept one, then its group

	// The screen's scratch (screen.go).
	table  []slot
	dist   []int32
	shared []int32
	sum    []uint64
	// countBuckets: the start of each bucket, the next place in each,
	// and the bucketed shingles with their lists
	bstart, bnext []int32
	bkeys         []uint64
	blist         []int32
}

// New returns a Finder with the given options.
func New(opts Options) *Finder {
	if opts.Threshold == 0 {
		opts.Threshold = DefaultThreshold
	}
	if opts.MinWords == 0 {
		opts.MinWords = DefaultMinWords
	}
	return &Finder{opts: opts, sh: shingle.New(opts.Shingle), maxCompared: maxCompared}
}

// tok is a shingle and its number of distinct sets.
type tok struct {
	v uint64
	n int32
}

// edge links distinct sets a and b (indexes into reps).
type edge struct {
	a, b int32
	sim  float64
}

// Pairs appends to dst every pair of paragraphs of text whose shingle sets
// have a Jaccard similarity at or above the threshold, sorted by A.Index then
// B.Index, and returns the extended slice.
func (f *Finder) Pairs(dst []Pair, text []byte) []Pair {
	f.spans = shingle.Paragraphs(f.spans[:0], text, f.opts.Split)
	edges := f.find(text)
	if len(edges) == 0 && len(f.reps) == len(f.paras) {
		return dst
	}
	f.members()
	members := func(g int32) []int32 { return f.mlist[f.mstart[g]:f.mstart[g+1]] }
	start := len(dst)
	for g := range f.reps {
		m := members(int32(g))
		for i, a := range m {
			for _, b := range m[i+1:] {
				dst = append(dst, Pair{A: f.paras[a], B: f.paras[b], Similarity: 1})
			}
		}
	}
	for _, e := range edges {
		for _, a := range members(e.a) {
			for _, b := range members(e.b) {
				p := Pair{A: f.paras[a], B: f.paras[b], Similarity: e.sim}
				if p.A.Index > p.B.Index {
					p.A, p.B = p.B, p.A
				}
				dst = append(dst, p)
			}
		}
	}
	slices.SortFunc(dst[start:], func(p, q Pair) int {
		if c := cmp.Compare(p.A.Index, q.A.Index); c != 0 {
			return c
		}
		return cmp.Compare(p.B.Index, q.B.Index)
	})
	return dst
}

// Groups returns the groups of repeated paragraphs of text, ordered by
// their kept paragraph: each paragraph that is at least the threshold
// similar to an earlier one that stays is removed in favour of the most
// similar such one (see Group).
func (f *Finder) Groups(text []byte) []Group {
	f.spans = shingle.Paragraphs(f.spans[:0], text, f.opts.Split)
	return f.groups(text)
}

// GroupsIn is Groups for a caller that has split text already: spans must
// be shingle.Paragraphs(text, Split) with the Finder's Split. Splitting
// again took 0.9 s of CPU time in dedupe clean on the README's 1 GB
// documentation corpus (2% of the clean pass). f keeps no reference to
// spans.
func (f *Finder) GroupsIn(text []byte, spans []shingle.Span) []Group {
	f.spans = append(f.spans[:0], spans...)
	return f.groups(text)
}

func (f *Finder) groups(text []byte) []Group {
	edges := f.find(text)
	if len(edges) == 0 && len(f.reps) == len(f.paras) {
		return nil
	}
	f.greedy(edges)
	return f.collect()
}

// maxTable is the largest screen table (in slots, 16 bytes each) and
// shingle buffer (8 bytes a shingle) that a Finder keeps for the next
// text: grown for a text of millions of shingles, they are let go as soon
// as the text is searched (see find), so that they are garbage while the
// caller goes on with that text (the 41 MB dictionary entry of the
// README's documentation corpus: 129 and 38 MB). The tokens stay (see
// Tokens).
const maxTable = 1 << 20

// dropLarge lets go of the search's scratch grown past maxTable.
func (f *Finder) dropLarge() {
	if len(f.table) > maxTable {
		f.table = nil
	}
	if cap(f.hashes) > maxTable {
		f.hashes = nil
	}
	if cap(f.bkeys) > maxTable {
		f.bkeys, f.blist = nil, nil
	}
}

// members lists the kept paragraphs of each distinct set, in text order, in
// f.mlist and f.mstart.
func (f *Finder) members() {
	n := len(f.reps)
	f.mstart = resize32(f.mstart, n+1)
	for _, g := range f.group {
		f.mstart[g+1]++
	}
	for g := range n {
		f.mstart[g+1] += f.mstart[g]
	}
	f.mlist = resize32(f.mlist, len(f.group))
	f.dist = resize32(f.dist, n) // fill cursor
	for i, g := range f.group {
		f.mlist[f.mstart[g]+f.dist[g]] = int32(i)
		f.dist[g]++
	}
}

// Tokens returns the token hashes (shingle.Shingler.AppendTokens) of
// paragraph i of the last text given to Pairs, Groups or GroupsIn, skipped
// paragraphs included: i counts every paragraph from 0, as Paragraph.Index
// does. It lets a caller that needs the tokens of the text too (to sign
// what is left of it, with shingle.Shingler.AppendShingles) not tokenise
// it again. The slice is valid until the next call of Pairs, Groups or
// GroupsIn and must not be modified. Tokens panics if i is out of range.
func (f *Finder) Tokens(i int) []uint64 {
	return f.TokenRun(i, i+1)
}

// TokenRun returns the tokens of paragraphs i to j-1 (i <= j) of the last
// text, in order: Tokens(i), ..., Tokens(j-1) joined, without a copy. The
// same rules as for Tokens apply.
func (f *Finder) TokenRun(i, j int) []uint64 {
	return f.tokens[f.toffs[i]:f.toffs[j]:f.toffs[j]]
}

// find shingles the paragraphs of text (f.spans), groups identical sets
// and returns the edges between distinct sets at or above the threshold.
// It leaves in f.paras only the paragraphs that may be in a pair (see
// screen), and in f.reps and f.group their distinct sets; in f.tokens and
// f.toffs, the tokens of every paragraph, whatever it returns. It lets go
// of scratch grown for a huge text (dropLarge).
//
// Each paragraph is tokenised once, into f.tokens, and its shingles are
// combined from its tokens (shingle.Shingler.AppendShingles, the same
// hashes as Append). A paragraph with fewer than MinWords tokens is never
// combined.
func (f *Finder) find(text []byte) []edge {
	defer f.dropLarge()
	f.tokens, f.toffs = f.tokens[:0], append(f.toffs[:0], 0)
	f.paras, f.offs, f.hashes = f.paras[:0], append(f.offs[:0], 0), f.hashes[:0]
	f.reps, f.group = f.reps[:0], f.group[:0]
	for i, sp := range f.spans {
		t := len(f.tokens)
		f.tokens = f.sh.AppendTokens(f.tokens, text[sp.Start:sp.End])
		f.toffs = append(f.toffs, len(f.tokens))
		if nt := len(f.tokens) - t; nt == 0 || nt < f.opts.MinWords {
			continue
		}
		f.hashes = f.sh.AppendShingles(f.hashes, f.tokens[t:])
		f.paras = append(f.paras, Paragraph{Index: i, Start: sp.Start, End: sp.End})
		f.offs = append(f.offs, len(f.hashes))
	}
	if len(f.paras) < 2 || !f.screen() {
		f.paras = f.paras[:0]
		return nil
	}
	// Shingles stay unsorted, with duplicates, until the join.
	list := func(i int32) []uint64 { return f.hashes[f.offs[i]:f.offs[i+1]] }
	if !f.groupIdentical(list) {
		return nil
	}
	return f.join(list)
}
