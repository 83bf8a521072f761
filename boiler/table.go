package boiler

import (
	"math/bits"
	"sort"
)

// table is the Learner's open-addressing hash table of fragment counts:
// parallel slices of hashes (0 = empty slot) and uint32 counts, linear
// probing, grown at 3/4 load: 12 bytes per slot, 16 to 24 per fragment.
// Per-site Go maps of a hash to a count and a page stamp took about 58
// bytes per fragment (BenchmarkBoilerGenMemory in bench: learner 436
// B/page with maps, 311 with tables) and their updates were a fifth of
// learning time.
//
// A fragment's home slot is the top bits of its hash (fragment keys are
// avalanched by finish), so the slots hold the hashes in increasing order
// but for the runs of probing. Freezing is then a copy and a short
// insertion sort instead of a scatter into buckets: on the README's
// documentation corpus it took 0.4 s of CPU time in clean instead of 2.4
// (bucketSort.put alone 1.6 s). Growing reads the old slots and writes the
// new ones in the same order too (its time, 1.2-1.5 s there, stayed the
// same: it is the volume of entries moved).
type table struct {
	h    []uint64
	n    []uint32
	used int
	sh   uint8 // 64 - log2(len(h))
}

func slot(h uint64, sh uint8) int { return int((h * 0x9e3779b97f4a7c15) >> sh) }

// home is the first slot of t that h may be in.
func (t *table) home(h uint64) int { return int(h >> t.sh) }

// inc adds 1 to the count of h, which must not be 0.
func (t *table) inc(h uint64) {
	if t.full(1) {
		t.grow()
	}
	mask := len(t.h) - 1
	for i := t.home(h); ; i = (i + 1) & mask {
		switch t.h[i] {
		case h:
			t.n[i]++
			return
		case 0:
			t.h[i], t.n[i] = h, 1
			t.used++
			return
		}
	}
}

// full reports whether adding n new fragments to t could grow it.
func (t *table) full(n int) bool { return 4*(t.used+n) > 3*len(t.h) }

// touch reads the home slots of hashes (hash and count) before inc
// increments them, when that will not grow t (see full): the reads are
// independent, so their cache misses overlap, and inc then mostly finds
// its slots in the cache.
// On the README's documentation corpus, incrementing a page's keys one by
// one, each miss waited for by the next, took 2.5 s of CPU time in clean
// (table.inc); with touch first, 1.4 s and 0.5 s.
func (t *table) touch(hashes []uint64) {
	var s uint64
	for _, h := range hashes {
		i := t.home(h)
		s += t.h[i] + uint64(t.n[i])
	}
	keep(s)
}

// keep does nothing with v, so that the reads that computed it are done.
//
//go:noinline
func keep(v uint64) {}

func (t *table) grow() {
	n := max(8, 2*len(t.h))
	old, oldN := t.h, t.n
	t.h, t.n = make([]uint64, n), make([]uint32, n)
	t.sh = uint8(64 - bits.TrailingZeros(uint(n)))
	mask := n - 1
	for j, h := range old {
		if h == 0 {
			continue
		}
		i := t.home(h)
		for t.h[i] != 0 {
			i = (i + 1) & mask
		}
		t.h[i], t.n[i] = h, oldN[j]
	}
}

// freeze returns the counts of t sorted by hash: the entries in slot
// order, those of the run at slot 0 that wrapped around from the end of
// the table moved to the end, then sorted by insertion (sortCounts).
func (t *table) freeze() counts {
	c := counts{h: make([]uint64, 0, t.used), n: make([]uint32, 0, t.used)}
	i := 0
	var wrapped counts
	for ; i < len(t.h) && t.h[i] != 0; i++ {
		if h := t.h[i]; t.home(h) > i {
			wrapped.append(h, t.n[i])
		} else {
			c.append(h, t.n[i])
		}
	}
	for ; i < len(t.h); i++ {
		if h := t.h[i]; h != 0 {
			c.append(h, t.n[i])
		}
	}
	c.h = append(c.h, wrapped.h...)
	c.n = append(c.n, wrapped.n...)
	return sortCounts(c)
}

// bucketSort sorts the entries of a hash table (distinct, uniformly
// distributed hashes) into counts: a counting sort on the top bits of the
// hashes, about one per bucket, and an insertion sort to finish. Making a
// Model with slices.SortFunc on the entries took 8% of the learning time
// in BenchmarkBoilerGenLearn (bench), which went from 169 to 187
// cpu-MB/s with bucketSort. Call count for every hash, place, put for
// every entry, then sorted.
type bucketSort struct {
	c    counts
	next []uint32 // count per bucket, then where its next entry goes
	sh   uint8
}

func newBucketSort(n int) bucketSort {
	k := bits.Len(uint(n)) // n < 1<<k <= 2n buckets
	return bucketSort{
		c:    counts{h: make([]uint64, n), n: make([]uint32, n)},
		next: make([]uint32, 1<<k),
		sh:   uint8(64 - k),
	}
}

func (b *bucketSort) count(h uint64) { b.next[h>>b.sh]++ }

func (b *bucketSort) place() {
	sum := uint32(0)
	for i, n := range b.next {
		b.next[i] = sum
		sum += n
	}
}

func (b *bucketSort) put(h uint64, n uint32) {
	i := b.next[h>>b.sh]
	b.next[h>>b.sh]++
	b.c.h[i], b.c.n[i] = h, n
}

// sorted finishes the sort.
func (b *bucketSort) sorted() counts { return sortCounts(b.c) }

// sortCounts sorts c by hash, in place, by insertion: c is nearly sorted
// (bucketSort, table.freeze). Hashes far from their place (not made by
// this package's hash functions) would make it quadratic: beyond a budget
// of moves it hands over to sort.Sort.
func sortCounts(c counts) counts {
	hs, ns := c.h, c.n
	budget := 8*len(hs) + 64
	for i := 1; i < len(hs); i++ {
		h, n := hs[i], ns[i]
		j := i
		for ; j > 0 && hs[j-1] > h; j-- {
			hs[j], ns[j] = hs[j-1], ns[j-1]
		}
		hs[j], ns[j] = h, n
		if budget -= i - j; budget < 0 {
			sort.Sort(byHash(c))
			break
		}
	}
	return c
}

// byHash sorts counts by hash.
type byHash counts

func (c byHash) Len() int           { return len(c.h) }
func (c byHash) Less(i, j int) bool { return c.h[i] < c.h[j] }
func (c byHash) Swap(i, j int) {
	c.h[i], c.h[j] = c.h[j], c.h[i]
	c.n[i], c.n[j] = c.n[j], c.n[i]
}

// wordTable is the Learner's open-addressing table of word counts: one
// 16-byte slot per word (hash, count, stamp), linear probing, grown at 3/4
// load. A map[uint64]stamped took a lookup and an assignment per sampled
// word, each a cache miss on a large vocabulary: 21% of learning time in
// BenchmarkBoilerGenLearn (bench), which went from 158 to 169 cpu-MB/s
// with the table.
type wordTable struct {
	s    []wordSlot
	used int
	sh   uint8
	zero stamped // the word of hash 0, which marks empty slots
}

type wordSlot struct {
	h uint64
	stamped
}

// add counts word h once for paragraph serial: as the map update
// "if c := m[h]; c.last != serial { m[h] = stamped{c.n + 1, serial} }".
func (t *wordTable) add(h uint64, serial uint32) {
	if h == 0 {
		if t.zero.last != serial {
			t.zero = stamped{t.zero.n + 1, serial}
		}
		return
	}
	if 4*(t.used+1) > 3*len(t.s) {
		t.grow()
	}
	mask := len(t.s) - 1
	for i := slot(h, t.sh); ; i = (i + 1) & mask {
		e := &t.s[i]
		switch e.h {
		case h:
			if e.last != serial {
				e.n++
				e.last = serial
			}
			return
		case 0:
			if serial != 0 { // an absent word reads as stamped{0, 0}
				*e = wordSlot{h, stamped{1, serial}}
				t.used++
			}
			return
		}
	}
}

func (t *wordTable) grow() {
	n := max(64, 2*len(t.s))
	old := t.s
	t.s = make([]wordSlot, n)
	t.sh = uint8(64 - bits.TrailingZeros(uint(n)))
	mask := n - 1
	for _, e := range old {
		if e.h == 0 {
			continue
		}
		i := slot(e.h, t.sh)
		for t.s[i].h != 0 {
			i = (i + 1) & mask
		}
		t.s[i] = e
	}
}

// freeze returns the counts of t sorted by hash.
func (t *wordTable) freeze() counts {
	n := t.used
	if t.zero.n != 0 {
		n++
	}
	b := newBucketSort(n)
	if t.zero.n != 0 {
		b.count(0)
	}
	for _, e := range t.s {
		if e.h != 0 {
			b.count(e.h)
		}
	}
	b.place()
	if t.zero.n != 0 {
		b.put(0, t.zero.n)
	}
	for _, e := range t.s {
		if e.h != 0 {
			b.put(e.h, e.n)
		}
	}
	return b.sorted()
}

// pageSet is the set of keys already counted for the page being learned,
// so that each key counts once per page. A generation number clears it in
// O(1) from page to page. (The keys and generations are two arrays: a
// probe of an added key, most probes, reads a generation and writes a
// key, and a write does not wait. With each key beside its generation in
// a slot of 16 bytes, pageSet.add took 1.52 s instead of 1.24 s of CPU
// time in clean on the README's documentation corpus.)
//
// Only the first size slots of its arrays are in use, a power of two
// that resetFor sets for each page: a set grown for a large page keeps its
// arrays for the next large one, but a small page's keys stay in few
// cache lines rather than spread over all of them. (The slots past size
// hold older generations, which read as empty when size grows again.)
type pageSet struct {
	h    []uint64
	gen  []uint32
	cur  uint32
	used int
	size int   // slots in use
	sh   uint8 // 64 - log2(size)
}

func (s *pageSet) reset() {
	s.cur++
	s.used = 0
	if s.cur == 0 { // wrapped: clear for real
		clear(s.gen)
		s.cur = 1
	}
}

// setSize sets the number of slots in use.
func (s *pageSet) setSize(size int) {
	s.size = size
	s.sh = uint8(64 - bits.TrailingZeros(uint(size)))
}

// resetFor empties the set for a page of about n keys, in 2n+2 slots or
// more (at least 64). A set of 2^16 slots or more, 64 times the room n
// needs, is made again to size (it held 2^24 slots after the dictionary
// page of 40 MB in the README's documentation corpus); so is a set too
// small for n, instead of growing page by page. Otherwise the set keeps
// its arrays and uses their first slots only: spread over all of them,
// the few keys of small pages were a cache miss each (in clean on that
// corpus, pageSet.add took 3.2 s of CPU time when sets were only cleared
// from page to page, 1.55 s with sets of at most 64 times the room, 1.24
// s with the first slots only).
func (s *pageSet) resetFor(n int) {
	size := 64
	for size < 2*n+2 {
		size <<= 1
	}
	if size > len(s.h) || len(s.h) >= 1<<16 && len(s.h) >= 64*size {
		s.h, s.gen = make([]uint64, size), make([]uint32, size)
		s.cur, s.used = 1, 0
		s.setSize(size)
		return
	}
	s.reset()
	s.setSize(size)
}

// release lets go of the arrays of a set of 2^16 slots or more once the
// page it was sized for is done with it, rather than when the next page
// is: resetFor makes them again to size for a smaller page, and the sets
// of a page of a million paragraphs took 96 MB of the peak heap of clean
// beside the features of its paragraphs and their labels (QA).
func (s *pageSet) release() {
	if len(s.h) >= 1<<16 {
		*s = pageSet{}
	}
}

// add reports whether h was not yet in the set, and adds it.
func (s *pageSet) add(h uint64) bool {
	if 2*(s.used+1) > s.size {
		s.grow(nil, false)
	}
	_, added := s.put(h)
	return added
}

// put returns the slot of h, where it is or where it is added (added is
// then true). The set must have room for one more key.
func (s *pageSet) put(h uint64) (i int, added bool) {
	mask := s.size - 1
	for i = slot(h, s.sh); ; i = (i + 1) & mask {
		if s.gen[i] != s.cur {
			s.h[i], s.gen[i] = h, s.cur
			s.used++
			return i, true
		}
		if s.h[i] == h {
			return i, false
		}
	}
}

// has reports whether h is in the set.
func (s *pageSet) has(h uint64) bool { return s.find(h) >= 0 }

// find returns the slot of h, or -1 if h is not in the set.
func (s *pageSet) find(h uint64) int {
	if s.size == 0 {
		return -1
	}
	mask := s.size - 1
	for i := slot(h, s.sh); s.gen[i] == s.cur; i = (i + 1) & mask {
		if s.h[i] == h {
			return i
		}
	}
	return -1
}

// grow moves the keys of s to new arrays of twice the slots in use (64 at
// least); with counts, it moves n, the counts of their slots (see
// pageCount), too and returns the counts' new array.
func (s *pageSet) grow(n []int32, counts bool) []int32 {
	oldH, oldGen, oldN := s.h[:s.size], s.gen[:s.size], n
	size := max(64, 2*s.size)
	s.h, s.gen = make([]uint64, size), make([]uint32, size)
	if counts {
		n = make([]int32, size)
	}
	if s.cur == 0 {
		s.cur = 1
	}
	s.setSize(size)
	mask := size - 1
	for j, h := range oldH {
		if oldGen[j] != s.cur {
			continue
		}
		i := slot(h, s.sh)
		for s.gen[i] == s.cur {
			i = (i + 1) & mask
		}
		s.h[i], s.gen[i] = h, s.cur
		if counts {
			n[i] = oldN[j]
		}
	}
	return n
}

// pageCount counts keys within one page (see Classifier.countFurniture):
// a pageSet with a count per key. Counting the keys of a page with it
// instead of sorting them took BenchmarkBoilerGenLabel (bench) from 2.2%
// of its time in countFurniture to 1.1%.
type pageCount struct {
	set pageSet
	n   []int32
}

// resetFor empties c for a page of about n keys, sized as
// pageSet.resetFor sizes a set: reset from page to page, the counts grown
// for the dictionary page of the README's documentation corpus spread the
// few keys of every later page over their slots, a cache miss each
// (pageCount.add took 0.49 s of CPU time in clean).
func (c *pageCount) resetFor(n int) {
	c.set.resetFor(n)
	if len(c.n) != len(c.set.h) {
		c.n = make([]int32, len(c.set.h))
	}
}

// add counts h once more.
func (c *pageCount) add(h uint64) {
	s := &c.set
	if 2*(s.used+1) > s.size {
		c.n = s.grow(c.n, true)
	}
	if i, added := s.put(h); added {
		c.n[i] = 1
	} else {
		c.n[i]++
	}
}

// replace makes v the value of h, in place of its count, and returns the
// value h had and whether it was there: a pageCount used as a map of the
// page's keys to int32 values (the last paragraph of each shape, and
// where its numbers last went back, in runningFurniture) rather than
// counted; count then returns the value.
func (c *pageCount) replace(h uint64, v int32) (old int32, ok bool) {
	s := &c.set
	if 2*(s.used+1) > s.size {
		c.n = s.grow(c.n, true)
	}
	i, added := s.put(h)
	old, c.n[i] = c.n[i], v
	return old, !added
}

// release lets go of the arrays of counts grown for a large page, as
// pageSet.release does.
func (c *pageCount) release() {
	if len(c.set.h) >= 1<<16 {
		*c = pageCount{}
	}
}

// count returns how many times h was added since the last reset.
func (c *pageCount) count(h uint64) int {
	if i := c.set.find(h); i >= 0 {
		return int(c.n[i])
	}
	return 0
}
