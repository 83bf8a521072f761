package lsh

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/neardup/dedupe/internal/par"
	"github.com/neardup/dedupe/minhash"
)

// Match is a verified query result.
type Match struct {
	ID         uint32
	Similarity float64
}

// Pair is a verified pair of indexed documents, A < B.
type Pair struct {
	A, B       uint32
	Similarity float64
}

// PairStats count the work of Pairs.
type PairStats struct {
	Candidates int // distinct candidate pairs (sharing at least one band)
	Verified   int // pairs at or above the threshold, len of the result
}

var scratchPool = sync.Pool{New: func() any { s := make([]uint32, 0, 256); return &s }}

func (x *Index) checkSig(sig []uint32) {
	if len(sig) != x.k {
		panic(fmt.Sprintf("lsh: signature of %d values, index has k=%d", len(sig), x.k))
	}
}

// Candidates appends to dst the indexed documents that share at least one
// band with sig, in increasing order without repeats, and returns the
// extended slice. Candidates are not verified. It panics if len(sig) is not
// K().
func (x *Index) Candidates(dst []uint32, sig []uint32) []uint32 {
	x.checkSig(sig)
	x.rlock()
	defer x.mu.RUnlock()
	start := len(dst)
	out := sortUnique(x.candidates(dst, sig), start)
	if len(out) == start {
		return dst // as given, nil included, whatever was appended and dropped
	}
	return out
}

func (x *Index) candidates(dst []uint32, sig []uint32) []uint32 {
	var kb [maxStackBands]uint64
	keys := x.params.appendTableKeys(kb[:0], sig)
	if len(keys) <= maxStackBands {
		var ps [maxStackBands]probe
		for j, k := range keys {
			ps[j] = x.tables[j].startProbe(k)
		}
		s := uint32(0)
		for j := range keys {
			s += x.tables[j].touch(ps[j])
		}
		keep(s)
	}
	// Gather the ids of every band first, then check them: a check reads
	// the signature of the document, a wait that would otherwise hold up
	// the lookups of the next bands.
	var ends [maxStackBands]int
	start := len(dst)
	for j, k := range keys {
		dst = x.tables[j].appendIDs(dst, k, x.bufIDs)
		if j < maxStackBands {
			ends[j] = len(dst)
		}
	}
	if len(keys) > maxStackBands {
		return x.checkCandidates(dst, start, sig)
	}
	// Keep the indexed documents; with signatures, those whose band
	// values are the query's, not just their key's known bits.
	// A document kept already is not checked again, when few are kept:
	// most candidates are the same few documents in band after band.
	r := x.params.Rows
	w, from := start, start
	for j := range keys {
		for _, id := range dst[from:ends[j]] {
			if w-start <= 8 && slices.Contains(dst[start:w], id) {
				continue
			}
			if x.has(id) && (x.noSigs || slices.Equal(x.band(id, j), sig[j*r:(j+1)*r])) {
				dst[w] = id
				w++
			}
		}
		from = ends[j]
	}
	return dst[:w]
}

// CandidatesFirst appends to dst the n smallest of the ids that Candidates
// appends, in increasing order, and reports whether Candidates has more.
// For an index whose documents were all added in increasing id order
// (streaming de-duplication; removals aside), it reads at most n+1
// matching records of a key in each band, main part and buffer (whose
// chain of a key it reads from the earliest: see table.next), where
// Candidates reads them all: a key shared by tens of thousands of
// documents (templated pages that differ in a word) made each of them
// cost the whole bucket, and a stream of them quadratic time. Otherwise
// it is Candidates cut to n. It panics if len(sig) is not K() or n < 1.
func (x *Index) CandidatesFirst(dst []uint32, sig []uint32, n int) ([]uint32, bool) {
	x.checkSig(sig)
	if n < 1 {
		panic("lsh: CandidatesFirst: n < 1")
	}
	x.rlock()
	defer x.mu.RUnlock()
	start := len(dst)
	if x.unordered || x.params.Bands > maxStackBands {
		dst = sortUnique(x.candidates(dst, sig), start)
	} else {
		var kb [maxStackBands]uint64
		r := x.params.Rows
		m := min(n, math.MaxInt-1) + 1
		for j, k := range x.params.appendTableKeys(kb[:0], sig) {
			band := sig[j*r : (j+1)*r]
			dst = x.tables[j].appendFirst(dst, k, x.bufIDs, m, func(id uint32) bool {
				return x.has(id) && (x.noSigs || slices.Equal(x.band(id, j), band))
			})
		}
		dst = sortUnique(dst, start)
	}
	if len(dst)-start > n {
		return dst[:start+n], true
	}
	return dst, false
}

// checkCandidates keeps in dst[start:] the ids that are indexed and, with
// signatures, agree with sig on a whole band; it is the check of
// candidates for indexes of more than maxStackBands bands, whose ids are
// not kept by band.
func (x *Index) checkCandidates(dst []uint32, start int, sig []uint32) []uint32 {
	w := start
	for _, id := range dst[start:] {
		if x.has(id) && (x.noSigs || x.sharesBand(id, sig)) {
			dst[w] = id
			w++
		}
	}
	return dst[:w]
}

// sharesBand reports whether the stored signature of id agrees with sig
// on a whole band.
func (x *Index) sharesBand(id uint32, sig []uint32) bool {
	r := x.params.Rows
	for j := range x.params.Bands {
		if slices.Equal(x.band(id, j), sig[j*r:(j+1)*r]) {
			return true
		}
	}
	return false
}

// keep does nothing with v, so that the reads that computed it are done.
//
//go:noinline
func keep(v uint32) {}

// sortUnique sorts s[start:] and removes repeats from it.
func sortUnique(s []uint32, start int) []uint32 {
	t := s[start:]
	slices.Sort(t)
	return s[:start+len(slices.Compact(t))]
}

// Query appends to dst the indexed documents whose similarity to the
// document of signature sig is at least threshold, in increasing id
// order, and returns the extended slice. A threshold of 0 means the
// index's (Threshold); another threshold applies to this query only, with
// the index's banding: below the index's threshold, pairs are found with
// less than the recall the banding was chosen for (Params.Probability).
//
// Candidates are verified by exact(id), the exact similarity between the
// query document and document id (for example shingle.Jaccard of their
// shingle sets), or by the signature estimate (minhash.Similarity) when
// exact is nil. Nothing below the threshold is returned. exact must not call
// Add or Remove. It panics if len(sig) is not K(), or if exact is nil and
// the index keeps no signatures.
//
// For streaming de-duplication, Query each document before Adding it.
func (x *Index) Query(dst []Match, sig []uint32, threshold float64, exact func(id uint32) float64) []Match {
	x.checkSig(sig)
	if exact == nil && x.noSigs {
		panic("lsh: Query without an exact similarity on an index without signatures")
	}
	if threshold == 0 {
		threshold = x.threshold
	}
	sp := scratchPool.Get().(*[]uint32)
	defer scratchPool.Put(sp)
	x.rlock()
	defer x.mu.RUnlock()
	c := sortUnique(x.candidates((*sp)[:0], sig), 0)
	*sp = c
	for _, id := range c {
		var s float64
		if exact != nil {
			s = exact(id)
		} else {
			s = minhash.Similarity(sig, x.sig(id))
		}
		if s >= threshold {
			dst = append(dst, Match{ID: id, Similarity: s})
		}
	}
	return dst
}

// Pairs returns every pair of indexed documents that are candidates of each
// other and whose similarity is at least the threshold, sorted by A then B.
// Pairs are verified by exact(a, b) when exact is not nil, else by the
// signature estimate. exact is called from several goroutines at once, so it
// must be safe for concurrent use, and must not call Add or Remove. The
// result does not depend on the number of goroutines. It panics if exact
// is nil and the index keeps no signatures.
//
// With signatures, each document is queried in turn; without, the
// candidate pairs are gathered from the band tables, then sorted (8 bytes
// per pair and band the pair shares, at most, while they are gathered).
func (x *Index) Pairs(exact func(a, b uint32) float64) ([]Pair, PairStats) {
	if exact == nil && x.noSigs {
		panic("lsh: Pairs without an exact similarity on an index without signatures")
	}
	x.rlock()
	defer x.mu.RUnlock()
	var results [][]Pair
	var st PairStats
	if x.noSigs {
		results, st.Candidates = x.pairsFromTables(exact)
	} else {
		results, st.Candidates = x.pairsFromSignatures(exact)
	}
	var pairs []Pair
	for _, r := range results {
		pairs = append(pairs, r...)
	}
	slices.SortFunc(pairs, func(p, q Pair) int {
		if c := cmp.Compare(p.A, q.A); c != 0 {
			return c
		}
		return cmp.Compare(p.B, q.B)
	})
	st.Verified = len(pairs)
	return pairs, st
}

// pairsFromSignatures queries the signature of each document, in blocks
// of ids, and returns the verified pairs of each block and the number of
// candidate pairs.
func (x *Index) pairsFromSignatures(exact func(a, b uint32) float64) ([][]Pair, int) {
	const block = 512
	nblocks := (len(x.live)*64 + block - 1) / block
	results := make([][]Pair, nblocks)
	counts := make([]int, nblocks)
	par.For(nblocks, func(bi int) {
		var c []uint32
		var out []Pair
		for id := uint32(bi * block); id < uint32((bi+1)*block); id++ {
			if !x.has(id) {
				continue
			}
			c = sortUnique(x.candidates(c[:0], x.sig(id)), 0)
			for _, a := range c {
				if a >= id {
					break
				}
				counts[bi]++
				var s float64
				if exact != nil {
					s = exact(a, id)
				} else {
					s = minhash.Similarity(x.sig(a), x.sig(id))
				}
				if s >= x.threshold {
					out = append(out, Pair{A: a, B: id, Similarity: s})
				}
			}
		}
		results[bi] = out
	})
	n := 0
	for _, c := range counts {
		n += c
	}
	return results, n
}

// pairsFromTables gathers the candidate pairs from every band table,
// sorts them and verifies them with exact, in blocks; it returns the
// verified pairs of each block and the number of candidate pairs.
func (x *Index) pairsFromTables(exact func(a, b uint32) float64) ([][]Pair, int) {
	var cand []uint64 // a<<32 | b, a < b
	for j := range x.tables {
		cand = x.tables[j].appendPairs(cand, x.live, x.bufIDs)
	}
	slices.Sort(cand)
	cand = slices.Compact(cand)
	const block = 4096
	results := make([][]Pair, (len(cand)+block-1)/block)
	par.For(len(results), func(bi int) {
		var out []Pair
		for _, ab := range cand[bi*block : min((bi+1)*block, len(cand))] {
			a, b := uint32(ab>>32), uint32(ab)
			if s := exact(a, b); s >= x.threshold {
				out = append(out, Pair{A: a, B: b, Similarity: s})
			}
		}
		results[bi] = out
	})
	return results, len(cand)
}
