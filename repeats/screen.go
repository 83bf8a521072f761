package repeats

import "math/bits"

// slot is an entry of the screen's hash table: a shingle and the first
// and the last list that hold it. 16 bytes: the table is cleared for each
// call rather than told apart by a call counter, which made the slots 24
// bytes (a 41 MB dictionary entry of the README's documentation corpus
// took a table of 194 MB, the largest object of its clean step).
type slot struct {
	key uint64
	// first is 1 + the first list holding key, negated once another list
	// holds it too; 0 marks an empty slot.
	first int32
	last  int32
}

// screen keeps in f.paras only the paragraphs that may be in a pair, and
// reports whether at least two are left. It needs no sorting: one pass over
// the paragraphs' shingles (unsorted, with duplicates) through an
// open-addressing hash table counts, for each paragraph x, its distinct
// shingles d(x) and those of them that another paragraph holds too, s(x).
// If J(x, y) >= t then every shingle of x ∩ y is shared, so
// s(x) >= |x ∩ y| >= t·|x ∪ y| >= t·d(x): a paragraph with s(x) < t·d(x)
// is in no pair, and neither is one whose set is unique. Most documents
// have no paragraph left and cost one table probe per shingle.
//
// Measured with BenchmarkRepeats on one core of a shared 2-core Oxide VM
// (cpu-MB/s now; the "before" figures are wall-clock MB/s at load 1): on
// 3 KB generated web pages without repeats, 32 MB/s when every paragraph was
// sorted and joined, 225 MB/s with the screen, against 310 MB/s for
// splitting and shingling alone; on the same pages with their body pasted
// twice (every body paragraph survives the first screen, as an exact copy),
// 50 MB/s before and 220 MB/s now, since exact copies are grouped without
// sorting and the second screen leaves no set to join.
func (f *Finder) screen() bool {
	np := len(f.paras)
	if !f.countShared(np, len(f.hashes), func(p int) []uint64 { return f.hashes[f.offs[p]:f.offs[p+1]] }) {
		return false
	}
	// Keep the paragraphs that pass, with their shingles, in place.
	kept, nh := 0, 0
	for p := range np {
		if !f.mayPair(p) {
			continue
		}
		lo, hi := f.offs[p], f.offs[p+1]
		f.paras[kept] = f.paras[p]
		f.dist[kept], f.sum[kept] = f.dist[p], f.sum[p]
		f.offs[kept] = nh
		nh += copy(f.hashes[nh:], f.hashes[lo:hi])
		kept++
	}
	f.paras = f.paras[:kept]
	f.offs = append(f.offs[:kept], nh)
	f.hashes = f.hashes[:nh]
	return kept >= 2
}

// mayPair reports whether list p of the last countShared may be in a pair:
// s(p) > 0 and s(p) >= t·d(p).
func (f *Finder) mayPair(p int) bool {
	s := f.shared[p]
	return s > 0 && float64(s) >= f.opts.Threshold*float64(f.dist[p])-1e-9
}

// countShared counts, for each of the n shingle lists list(0..n-1) (total
// shingles in all), its distinct shingles in f.dist and those that another
// list holds too in f.shared, and sums its distinct shingles in f.sum (an
// order-independent hash of its set). It reports whether any shingle is
// shared.
func (f *Finder) countShared(n, total int, list func(int) []uint64) bool {
	f.dist = resize32(f.dist, n)
	f.shared = resize32(f.shared, n)
	if cap(f.sum) < n {
		f.sum = make([]uint64, n)
	}
	f.sum = f.sum[:n]
	clear(f.sum)
	if total > maxCached {
		return f.countBuckets(n, total, list)
	}
	// countList's loop, written out: a call per list made BenchmarkRepeats
	// (pages) 5-7% slower in five alternating runs
	tab := f.resetTable(total)
	mask := uint64(len(tab) - 1)
	dist, shared, sum := f.dist, f.shared, f.sum
	found := false
	for p := range n {
		p32 := int32(p)
		for _, h := range list(p) {
			if s := findSlot(tab, mask, h); s.first == 0 {
				*s = slot{key: h, first: p32 + 1, last: p32}
				dist[p]++
				sum[p] += h
			} else if s.last != p32 {
				found = true
				dist[p]++
				sum[p] += h
				shared[p]++
				if s.first > 0 {
					shared[s.first-1]++
					s.first = -s.first
				}
				s.last = p32
			}
		}
	}
	return found
}

// findSlot returns the slot of h in tab (mask len(tab)-1): the one that
// holds it, else the empty one where it goes. Shingle hashes are
// avalanched: their low bits index well.
func findSlot(tab []slot, mask, h uint64) *slot {
	for i := h & mask; ; i = (i + 1) & mask {
		if s := &tab[i]; s.first == 0 || s.key == h {
			return s
		}
	}
}

// resetTable returns f.table cleared, with room for total shingles.
func (f *Finder) resetTable(total int) []slot {
	size := max(64, 1<<bits.Len(uint(total+total/2)))
	if len(f.table) < size {
		f.table = make([]slot, size)
	} else {
		clear(f.table[:size])
	}
	return f.table[:size]
}

// countList counts the shingles hs of list p in tab (see countShared) and
// reports whether one of them is shared.
func (f *Finder) countList(tab []slot, p int32, hs []uint64) bool {
	mask := uint64(len(tab) - 1)
	dist, shared, sum := f.dist, f.shared, f.sum
	found := false
	for _, h := range hs {
		if s := findSlot(tab, mask, h); s.first == 0 {
			*s = slot{key: h, first: p + 1, last: p}
			dist[p]++
			sum[p] += h
		} else if s.last != p {
			found = true
			dist[p]++
			sum[p] += h
			shared[p]++
			if s.first > 0 {
				shared[s.first-1]++
				s.first = -s.first
			}
			s.last = p
		}
	}
	return found
}

// maxCached is the most shingles countShared counts in one table (of up
// to 2 MB): above, countBuckets splits them into buckets of about
// bucketSize shingles, whose tables (256 or 512 KB) stay in the
// second-level cache.
const (
	maxCached  = 1 << 16
	bucketSize = 1 << 13
)

// countBuckets is countShared for more than maxCached shingles. One probe
// per shingle into a table of several MB (tens of MB for the 41 MB
// dictionary entry of the README's documentation corpus) waited for a
// cache miss nearly every time: in dedupe clean on that corpus the
// documents of 256 KB or more took 1.31 s of countShared's 2.2 s of CPU.
// The shingles are first scattered, each with its list, into buckets by
// the top bits of their hashes, in list order, about bucketSize to a
// bucket, and each bucket is counted in a table that stays in the cache.
// Every occurrence of a shingle is in one bucket, in list order, so the
// counts are countShared's (TestCountBuckets).
func (f *Finder) countBuckets(n, total int, list func(int) []uint64) bool {
	b := bits.Len(uint(total / bucketSize))
	shift := uint(64 - b)
	f.bstart = resize32(f.bstart, 1<<b+1)
	start := f.bstart
	for p := range n {
		for _, h := range list(p) {
			start[h>>shift+1]++
		}
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	if cap(f.bkeys) < total {
		f.bkeys, f.blist = make([]uint64, total), make([]int32, total)
	}
	keys, lists := f.bkeys[:total], f.blist[:total]
	next := append(f.bnext[:0], start[:len(start)-1]...)
	f.bnext = next
	for p := range n {
		for _, h := range list(p) {
			j := next[h>>shift]
			next[h>>shift]++
			keys[j], lists[j] = h, int32(p)
		}
	}
	found := false
	for k := 0; k+1 < len(start); k++ {
		lo, hi := int(start[k]), int(start[k+1])
		tab := f.resetTable(hi - lo)
		for j := lo; j < hi; {
			// a run of one list's shingles, counted as countList does
			e := j + 1
			for e < hi && lists[e] == lists[j] {
				e++
			}
			found = f.countList(tab, lists[j], keys[j:e]) || found
			j = e
		}
	}
	return found
}

// resize32 returns s with length n, zeroed, reusing its array if it can.
func resize32(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n)
	}
	s = s[:n]
	clear(s)
	return s
}
