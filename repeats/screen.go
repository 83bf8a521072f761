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
	size := max(64, 1<<bits.Len(uint(total+total/2)))
	if len(f.table) < size {
		f.table = make([]slot, size)
	} else {
		clear(f.table[:size])
	}
	mask := uint64(size - 1)
	tab := f.table[:size]
	f.dist = resize32(f.dist, n)
	f.shared = resize32(f.shared, n)
	if cap(f.sum) < n {
		f.sum = make([]uint64, n)
	}
	f.sum = f.sum[:n]
	clear(f.sum)
	dist, shared, sum := f.dist, f.shared, f.sum
	found := false
	for p := range n {
		p32 := int32(p)
		for _, h := range list(p) {
			// Shingle hashes are avalanched: their low bits index well.
			for i := h & mask; ; i = (i + 1) & mask {
				s := &tab[i]
				if s.first == 0 {
					*s = slot{key: h, first: p32 + 1, last: p32}
					dist[p]++
					sum[p] += h
					break
				}
				if s.key != h {
					continue
				}
				if s.last != p32 {
					dist[p]++
					sum[p] += h
					shared[p]++
					if s.first > 0 {
						shared[s.first-1]++
						s.first = -s.first
					}
					s.last = p32
					found = true
				}
				break
			}
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
