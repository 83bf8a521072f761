package lsh

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

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
	x.mu.RLock()
	defer x.mu.RUnlock()
	start := len(dst)
	dst = x.candidates(dst, sig)
	return sortUnique(dst, start)
}

func (x *Index) candidates(dst []uint32, sig []uint32) []uint32 {
	r := x.params.Rows
	for j := range x.tables {
		key := sig[j*r : (j+1)*r]
		if i := x.find(j, bandHash(key), key); i >= 0 {
			dst = x.appendMembers(dst, x.tables[j].slots[i])
		}
	}
	return dst
}

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
// Add or Remove. It panics if len(sig) is not K().
//
// For streaming de-duplication, Query each document before Adding it.
func (x *Index) Query(dst []Match, sig []uint32, threshold float64, exact func(id uint32) float64) []Match {
	x.checkSig(sig)
	if threshold == 0 {
		threshold = x.threshold
	}
	sp := scratchPool.Get().(*[]uint32)
	defer scratchPool.Put(sp)
	x.mu.RLock()
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
// result does not depend on the number of goroutines.
func (x *Index) Pairs(exact func(a, b uint32) float64) ([]Pair, PairStats) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	const block = 512
	nblocks := (len(x.live)*64 + block - 1) / block
	results := make([][]Pair, nblocks)
	counts := make([]int, nblocks)
	var next atomic.Int64
	var wg sync.WaitGroup
	workers := min(runtime.GOMAXPROCS(0), max(nblocks, 1))
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var c []uint32
			for {
				bi := int(next.Add(1) - 1)
				if bi >= nblocks {
					return
				}
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
			}
		}()
	}
	wg.Wait()
	var st PairStats
	var pairs []Pair
	for bi, r := range results {
		pairs = append(pairs, r...)
		st.Candidates += counts[bi]
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
