package repeats

import (
	"cmp"
	"math"
	"slices"

	"github.com/neardup/dedupe/internal/grow"
	"github.com/neardup/dedupe/shingle"
)

// groupIdentical sorts the kept paragraphs into distinct sets (f.reps,
// f.group), then screens the distinct sets as screen does the paragraphs,
// leaving in f.live those that may be in a near pair. It reports whether at
// least two are left. Candidates for identical sets are found by the count
// and sum of their distinct shingles (from screen), then checked exactly.
func (f *Finder) groupIdentical(list func(int32) []uint64) bool {
	f.byHash = resetMap(f.byHash, &f.hashN, len(f.paras))
	f.next = f.next[:0]
	for i := range f.paras {
		s := list(int32(i))
		h := avalanche64(f.sum[i] ^ uint64(f.dist[i])*prime1)
		g := int32(-1)
		head, ok := f.byHash[h]
		if ok {
			for r := head; r >= 0; r = f.next[r] {
				if f.dist[f.reps[r]] == f.dist[i] && f.sameSet(list(f.reps[r]), s) {
					g = r
					break
				}
			}
		}
		if g < 0 {
			g = int32(len(f.reps))
			f.reps = append(f.reps, int32(i))
			if ok {
				f.next = append(f.next, head)
			} else {
				f.next = append(f.next, -1)
			}
			f.byHash[h] = g
		}
		f.group = append(f.group, g)
	}
	f.hashN = max(f.hashN, len(f.byHash))
	f.live = f.live[:0]
	if len(f.reps) < 2 {
		return false
	}
	total := 0
	for _, r := range f.reps {
		total += len(list(r))
	}
	f.countShared(len(f.reps), total, func(g int) []uint64 { return list(f.reps[g]) })
	for g := range f.reps {
		if f.mayPair(g) {
			f.live = append(f.live, int32(g))
		}
	}
	return len(f.live) >= 2
}

// sameSet reports whether shingle lists a and b hold the same set. Copies of
// a paragraph have equal lists and need no sorting.
func (f *Finder) sameSet(a, b []uint64) bool {
	if slices.Equal(a, b) {
		return true
	}
	f.sa = append(f.sa[:0], a...)
	f.sb = append(f.sb[:0], b...)
	return slices.Equal(shingle.Set(f.sa), shingle.Set(f.sb))
}

// prime1 and avalanche64 are those of XXH64.
const prime1 uint64 = 0x9E3779B185EBCA87

func avalanche64(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xC2B2AE3D27D4EB4F
	h ^= h >> 29
	h *= 0x165667B19E3779F9
	h ^= h >> 32
	return h
}

// join returns the pairs of distinct sets of f.live at or above the
// threshold, by prefix filtering over shingles ranked from rarest to most
// frequent.
func (f *Finder) join(list func(int32) []uint64) []edge {
	f.rankSets(list)
	return f.probe()
}

// rankSets codes the distinct sets of f.live as sorted lists of shingle
// ranks (f.ranks, f.roffs; see rset), ranked by (frequency, hash) so that
// rare shingles make short lists, and leaves the ranked shingles in f.toks.
// Sets are numbered by their position in f.live from here on.
func (f *Finder) rankSets(list func(int32) []uint64) {
	f.sets = f.sets[:0]
	n := 0
	for _, g := range f.live {
		s := shingle.Set(list(f.reps[g])) // sorts in place
		f.sets = append(f.sets, s)
		n += len(s)
	}
	f.freq = resetMap(f.freq, &f.freqN, n)
	for _, s := range f.sets {
		for _, v := range s {
			f.freq[v]++
		}
	}
	f.freqN = max(f.freqN, len(f.freq))
	toks := f.toks[:0]
	for v, n := range f.freq {
		toks = append(toks, tok{v, n})
	}
	f.toks = toks
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
	for _, s := range f.sets {
		n := len(f.ranks)
		for _, v := range s {
			f.ranks = append(f.ranks, uint32(f.freq[v]))
		}
		slices.Sort(f.ranks[n:])
		f.roffs = append(f.roffs, len(f.ranks))
	}
}

// resetMap returns m emptied for n entries, or a new map when m has held
// more than four times as many (and over 1,024); *most is the most
// entries m has held, which the caller raises after filling it. A map
// keeps its room when cleared, and clearing it or ranging over it costs in
// proportion to that room: grown once for a huge text, the maps of the
// join made every later text pay for it (in clean on the README's
// documentation corpus, 0.64 s of the 1.36 s of CPU of rankSets went to
// clear and range, and 0.11 s of the 0.27 s of groupIdentical to clear).
func resetMap(m map[uint64]int32, most *int, n int) map[uint64]int32 {
	if m == nil || *most > 4*n && *most > 1024 {
		*most = n
		return make(map[uint64]int32, n)
	}
	clear(m)
	return m
}

// rset returns set i of rankSets.
func (f *Finder) rset(i int32) []uint32 { return f.ranks[f.roffs[i]:f.roffs[i+1]] }

// probe joins the sets of rankSets: it visits them by increasing size, so
// that each probe only meets smaller or equal sets, indexed by their own
// prefixes, and verifies each candidate once by exact Jaccard.
func (f *Finder) probe() []edge {
	t := f.opts.Threshold
	f.order = f.order[:0]
	for i := range f.live {
		f.order = append(f.order, int32(i))
	}
	slices.SortStableFunc(f.order, func(a, b int32) int { return cmp.Compare(len(f.rset(a)), len(f.rset(b))) })
	if cap(f.lists) < len(f.toks) {
		f.lists = make([][]int32, len(f.toks))
	}
	f.lists = f.lists[:len(f.toks)]
	for i := range f.lists {
		f.lists[i] = f.lists[i][:0]
	}
	f.seen = grow.Len(f.seen, len(f.live))
	for i := range f.seen {
		f.seen[i] = -1
	}
	edges := f.edges[:0]
	compared := 0
	for _, x := range f.order {
		xs := f.rset(x)
		n := len(xs)
		minSize := t*float64(n) - 1e-9
		for _, tk := range xs[:prefixLen(n, t)] {
			for _, y := range f.lists[tk] {
				ys := f.rset(y)
				if f.seen[y] == x || float64(len(ys)) < minSize {
					continue
				}
				f.seen[y] = x
				if compared++; compared > f.maxCompared {
					f.edges, f.Capped = edges[:0], f.Capped+1
					return nil
				}
				inter := intersect32(xs, ys)
				if sim := float64(inter) / float64(n+len(ys)-inter); sim >= t {
					a, b := f.live[x], f.live[y]
					edges = append(edges, edge{a: min(a, b), b: max(a, b), sim: sim})
				}
			}
			f.lists[tk] = append(f.lists[tk], x)
		}
	}
	f.edges = edges
	return edges
}

// maxCompared bounds the pairs of paragraphs probe compares in one text
// (Finder.maxCompared, smaller in tests).
// Thousands of paragraphs that all resemble each other (a listing whose
// lines differ in a number) make the join quadratic: 20,000 such lines,
// 4.4 MB, took 63 s and 8.5 GB of edges. Past the bound the text gets no
// near-repeat group (identical paragraphs are grouped before the join):
// nothing is removed on such a partial search, and the run goes on in
// bounded time and memory (at most about 2 s and 200 MB). The most any text
// of the 1 GB documentation corpus of the README compares is 1.8 million
// pairs; the shared news, RFC and licence corpora, a few thousand.
const maxCompared = 1 << 23

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
