package dedupe

import (
	"fmt"

	"github.com/neardup/dedupe/lsh"
	"github.com/neardup/dedupe/minhash"
	"github.com/neardup/dedupe/shingle"
)

// Streaming de-duplication keeps the first document of each group of
// near-duplicates, in input order: each document is compared with the
// documents kept before it, and is removed when one is at least the
// threshold similar (the most similar one, the first on ties, is logged as
// kept), else it is kept and indexed. The estimate form decides at once from
// the signatures (estimateDedup); the exact form collects the candidate
// pairs in one pass (candidates) and verifies them in the next
// (verifier), holding shingle sets only while a later partner needs them.

// estimateDedup is streaming de-duplication on signature estimates: query
// the kept documents, keep the best match, or add. It is not safe for
// concurrent use.
type estimateDedup struct {
	idx     *lsh.Index
	texts   shingleless // nil in the learning pass
	kept    []string    // ids of the indexed (kept) documents
	keptPos []uint64    // and their positions (see positions)
	matches []lsh.Match
}

// A match is the kept document a document duplicates.
type match struct {
	id  string
	pos uint64
	sim float64
	ord int // in the input, where known (for Options.Mark)
}

// offer decides the document id at position pos with signature sig: it
// returns the kept document it duplicates, with their estimated
// similarity, or adds it to the kept documents and returns dup false.
func (e *estimateDedup) offer(id string, pos uint64, sig minhash.Signature) (m match, dup bool, err error) {
	e.matches = e.idx.Query(e.matches[:0], sig, 0, nil)
	if len(e.matches) > 0 {
		best := bestMatch(e.matches)
		return match{e.kept[best.ID], e.keptPos[best.ID], best.Similarity, -1}, true, nil
	}
	if len(e.kept) > lsh.MaxID {
		return m, false, fmt.Errorf("dedupe: more than %d documents", lsh.MaxID)
	}
	if err := e.idx.Add(uint32(len(e.kept)), sig); err != nil {
		return m, false, err
	}
	e.kept = append(e.kept, id)
	e.keptPos = append(e.keptPos, pos)
	return m, false, nil
}

// bestMatch returns the most similar match, the first (lowest id) on ties.
func bestMatch(ms []lsh.Match) lsh.Match {
	best := ms[0]
	for _, m := range ms[1:] {
		if m.Similarity > best.Similarity {
			best = m
		}
	}
	return best
}

// shingleless finds the documents without any shingle (empty, or too
// short, or punctuation only after normalisation) whose cleaned text is
// identical to an earlier one's: they are never near-duplicates (there is
// nothing to compare), but identical texts are copies. Texts are known by
// their 64-bit hash and length.
type shingleless map[[2]uint64]match

// kept returns the earlier document with the same text, or records id (at
// position pos) as the first with it and returns false.
func (s shingleless) kept(hash uint64, n int, id string, pos uint64, ord int) (match, bool) {
	k := [2]uint64{hash, uint64(n)}
	if first, ok := s[k]; ok {
		return first, true
	}
	s[k] = match{id: id, pos: pos, sim: 1, ord: ord}
	return match{}, false
}

// A candPair is an unverified candidate pair of lsh ids, a < b.
type candPair struct{ a, b uint32 }

// candidates collects the candidate pairs of documents added in order:
// each is paired with the earlier documents sharing a band with it, then
// indexed. Pairs come out in order of b. It is not safe for concurrent use.
type candidates struct {
	idx   *lsh.Index
	pairs []candPair
	last  map[uint32]uint32 // earlier member of a pair → its last partner
	n     uint32            // documents added
	buf   []uint32
	// max bounds the candidates of a document (0: no bound), and capped
	// counts the documents that had more.
	max    int
	capped int
}

// MaxCandidates bounds the earlier documents that Clean compares a
// document with: in a giant LSH bucket (tens of thousands of templated
// pages that differ in a few words, say) every page would be paired with
// every earlier one, quadratic memory and time. A document with more
// candidates is compared with the MaxCandidates earliest, which in such a
// group are the ones kept (the first of a group stays). On the corpora
// measured (the shared news, RFC and licence corpora, and 1 GB of Debian
// documentation) no document had more than 61 candidates.
const MaxCandidates = 100

func newCandidates(idx *lsh.Index, max int) *candidates {
	return &candidates{idx: idx, last: map[uint32]uint32{}, max: max}
}

// add indexes the next document and records its candidate pairs; it
// returns the document's lsh id.
func (c *candidates) add(sig minhash.Signature) (uint32, error) {
	if c.n > lsh.MaxID {
		return 0, fmt.Errorf("dedupe: more than %d documents", lsh.MaxID)
	}
	id := c.n
	if c.max > 0 {
		// the earliest, read without the whole of a giant bucket
		var more bool
		c.buf, more = c.idx.CandidatesFirst(c.buf[:0], sig, c.max)
		c.capped += b2i(more)
	} else {
		c.buf = c.idx.Candidates(c.buf[:0], sig)
	}
	for _, a := range c.buf {
		c.pairs = append(c.pairs, candPair{a, id})
		c.last[a] = id
	}
	if err := c.idx.Add(id, sig); err != nil {
		return 0, err
	}
	c.n++
	return id, nil
}

// needs returns the set of documents in some pair, as a bit set by lsh id.
func (c *candidates) needs() bitset {
	b := make(bitset, (int(c.n)+63)/64)
	for _, p := range c.pairs {
		b.set(p.a)
		b.set(p.b)
	}
	return b
}

type bitset []uint64

func (b bitset) set(i uint32)      { b[i/64] |= 1 << (i % 64) }
func (b bitset) has(i uint32) bool { return b[i/64]&(1<<(i%64)) != 0 }

// A verifier verifies candidate pairs exactly as the documents stream by in
// lsh id order: each document is compared with its earlier partners that
// are still open, and is opened (its shingle set held) only while a later
// partner is ahead. Memory is bounded by the candidate pairs and the open
// sets, not by the corpus. It is not safe for concurrent use.
//
// The sets held are bounded by a budget of bytes: past it, the sets of the
// documents opened first are dropped (their partners are furthest behind),
// and a dropped set is computed again from the document's text, through
// reload, each time a partner needs it. Memory is then bounded whatever
// the shape of the candidate pairs, at the cost of reading texts again in
// the rare corpora that need it.
type verifier struct {
	*candidates
	threshold float64
	open      map[uint32]*openDoc
	next      int // the next pair, in order of b
	compared  int

	budget  int64    // bytes of sets held at most; 0 means no bound
	held    int64    // bytes of sets held
	order   []uint32 // open documents in the order opened
	reload  func(o *openDoc) ([]uint64, error)
	dropped int // sets dropped for the budget
	reloads int // sets computed again
	hist    [100]int64
}

// count counts a pair compared, of similarity s.
func (v *verifier) count(s float64) {
	v.compared++
	v.hist[min(int(s*100), 99)]++
}

// An openDoc is a document whose shingle set is needed by a later
// candidate.
type openDoc struct {
	id  string
	pos uint64
	ord int
	set []uint64 // nil when dropped for the budget
	// Where the encoding of the text is, for reload.
	loc int64
	n   int
}

// DefaultVerifyMemory is the budget of the shingle sets that exact
// verification holds (8 bytes per distinct shingle) while their documents
// wait for a later candidate.
const DefaultVerifyMemory = 256 << 20

func newVerifier(c *candidates, threshold float64) *verifier {
	return &verifier{candidates: c, threshold: threshold, open: map[uint32]*openDoc{}}
}

// visit compares document i, of shingle set set, with its earlier open
// partners, and calls fn with each that is at least the threshold similar,
// in increasing id order. Partners whose last pair this is are closed.
func (v *verifier) visit(i uint32, set []uint64, fn func(a uint32, o *openDoc, sim float64)) error {
	for ; v.next < len(v.pairs) && v.pairs[v.next].b == i; v.next++ {
		a := v.pairs[v.next].a
		o, ok := v.open[a]
		if !ok {
			continue // a was removed
		}
		oset := o.set
		if oset == nil {
			var err error
			if oset, err = v.reload(o); err != nil {
				return err
			}
			v.reloads++
		}
		s := shingle.Jaccard(oset, set)
		v.count(s)
		if s >= v.threshold {
			fn(a, o, s)
		}
		if v.last[a] == i {
			v.held -= int64(8 * len(o.set))
			delete(v.open, a)
		}
	}
	return nil
}

// keep opens document o (of lsh id i) if a later partner needs its set.
func (v *verifier) keep(i uint32, o *openDoc) {
	if _, later := v.last[i]; !later {
		return
	}
	v.open[i] = o
	v.held += int64(8 * len(o.set))
	if v.budget <= 0 {
		return
	}
	v.order = append(v.order, i)
	for v.held > v.budget && len(v.order) > 0 {
		j := v.order[0]
		v.order = v.order[1:]
		if od, ok := v.open[j]; ok && od.set != nil {
			v.held -= int64(8 * len(od.set))
			od.set = nil
			v.dropped++
		}
	}
	if cap(v.order) > 1024 && len(v.order) < cap(v.order)/4 {
		v.order = append([]uint32(nil), v.order...)
	}
}

// done reports an error if some pairs were never visited (the documents
// streamed by were not those indexed).
func (v *verifier) done() error {
	if v.next != len(v.pairs) {
		return fmt.Errorf("dedupe: %d of %d candidate pairs not verified: the input changed between passes", len(v.pairs)-v.next, len(v.pairs))
	}
	return nil
}
