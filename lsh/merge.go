package lsh

import "math/bits"

// merge moves the buffer's records into the main part and empties the
// buffer, dropping the records of documents not in live (keeping all when
// live is nil). The main part deepens as it grows (depthFor), at most
// fpBits levels below the depth of its first merge, so that every
// fingerprint keeps a known bit; past that (some 2^31 records) its cells
// grow instead. next is the number of records the buffer will hold at the
// next merge, for which its arrays are sized; s is scratch memory shared
// by the tables of a merge; bids are the documents of the buffer records.
//
// The buffer records are sorted by cell (a counting sort), then the new
// main part is written in one pass, cell after cell: the main records of
// the cell (or, when the main part deepens, those of the cell it splits
// from that belong to it), then its buffer records. The records are
// written to new arrays: moving them in place, into room left at the end
// of the arrays, was not faster (BenchmarkAdd1M), and the room costs
// memory.
func (t *table) merge(live []uint64, next int, s *mergeScratch, bids []uint32) {
	n := t.liveMain(live) + liveBuffer(live, bids)
	d := t.depth
	if t.dir == nil {
		d = depthFor(n)
		t.first = d
	} else {
		d = max(d, min(depthFor(n), t.first+fpBits))
	}
	s.sortBuffer(t.keys, bids, d)
	if d == t.depth && live == nil && t.dir != nil {
		t.mergeSame(n, s)
	} else {
		t.mergeCells(n, d, s, live)
	}
	t.resetBuffer()
	if cap(t.keys) < next || cap(t.keys) > next+next/8 {
		t.keys, t.next = make([]uint64, 0, next), make([]uint32, 0, next)
	}
}

// mergeSame is merge at the same depth with nothing dropped, the usual
// case: the main records between two cells that receive buffer records
// are moved in one copy (a copy per cell cost more in calls than in
// moves: cells hold 8 to 16 records).
func (t *table) mergeSame(n int, s *mergeScratch) {
	fps, ids := make([]uint16, n), make([]uint32, n)
	src, added := uint32(0), uint32(0)
	for c := range uint64(len(t.dir) - 1) {
		t.dir[c] += added
		lo, hi := s.at[c], s.at[c+1]
		if lo == hi {
			continue
		}
		end := t.dir[c+1] // the old end of cell c
		copy(fps[src+added:], t.fps[src:end])
		copy(ids[src+added:], t.ids[src:end])
		w := end + added
		copy(fps[w:], s.fps[lo:hi])
		copy(ids[w:], s.ids[lo:hi])
		src, added = end, added+hi-lo
	}
	copy(fps[src+added:], t.fps[src:])
	copy(ids[src+added:], t.ids[src:])
	t.dir[len(t.dir)-1] += added
	t.fps, t.ids = fps, ids
}

// mergeCells is merge in general: to depth d, dropping the records of
// documents not in live (none when live is nil), cell after cell.
func (t *table) mergeCells(n int, d uint, s *mergeScratch, live []uint64) {
	dir := make([]uint32, 1<<d+1)
	// One record more than needed: moveSub writes every record it reads
	// at w, then advances w only for those it keeps.
	fps, ids := make([]uint16, n+1), make([]uint32, n+1)
	w := uint32(0)
	delta := d - t.depth
	for nc := range uint64(1) << d {
		dir[nc] = w
		if t.dir != nil {
			c := nc >> delta
			w = t.moveSub(fps, ids, w, t.dir[c], t.dir[c+1], delta, uint16(nc&(1<<delta-1)), live)
		}
		for i := s.at[nc]; i < s.at[nc+1]; i++ {
			if live == nil || has(live, s.ids[i]) {
				fps[w], ids[w] = s.fps[i], s.ids[i]
				w++
			}
		}
	}
	dir[1<<d] = w
	t.depth, t.dir, t.fps, t.ids = d, dir, fps[:n], ids[:n]
}

// moveSub copies to fps and ids, from position w on, the main records lo
// to hi of documents in live (all when live is nil) whose fingerprints
// start with the delta bits sub, without those bits (the records of the
// cell they split into), and returns the next position. fps and ids must
// have room for one record past the last one kept.
//
// Without removals, it writes every record at w and advances w by one for
// those it keeps, without a branch: which records of a cell go to which
// new cell is random, so that a branch was mispredicted one time in two:
// moveSub took 0.25, 0.24, 0.21 s of 1M adds with it, 0.17, 0.12, 0.14 s
// without (CPU profiles of three interleaved runs; adds 1.07 times
// faster).
func (t *table) moveSub(fps []uint16, ids []uint32, w, lo, hi uint32, delta uint, sub uint16, live []uint64) uint32 {
	src, sids := t.fps[lo:hi], t.ids[lo:hi]
	if live == nil {
		for i, fp := range src {
			fps[w], ids[w] = fp<<delta, sids[i]
			w += b2u(fp>>(16-delta) == sub)
		}
		return w
	}
	for i, fp := range src {
		if fp>>(16-delta) == sub && has(live, sids[i]) {
			fps[w], ids[w] = fp<<delta, sids[i]
			w++
		}
	}
	return w
}

// mergeScratch is the scratch memory of merge, allocated for one merge of
// all the tables and then dropped (it would otherwise add 0.5 byte per
// record to the index).
type mergeScratch struct {
	at  []uint32 // the buffer records of cell c are fps, ids [at[c]:at[c+1]]
	fps []uint16
	ids []uint32
}

// sortBuffer sorts the buffer records of keys (of documents bids) by
// their cell at depth d, into s.fps and s.ids (their fingerprints at depth
// d and their documents) and s.at, with a counting sort: stable, so that
// the records of a cell keep the order they were added in. The records are
// scattered once, here, so that the merge reads them in order: reading
// keys and bids through a permutation in the merge took 40% of its time
// (CPU profile of BenchmarkAdd1M).
func (s *mergeScratch) sortBuffer(keys []uint64, bids []uint32, d uint) {
	cells := 1 << d
	s.at = resizeZero(s.at, cells+1)
	for _, k := range keys {
		s.at[k>>(64-d)+1]++
	}
	for c := range cells {
		s.at[c+1] += s.at[c]
	}
	s.fps = resizeZero16(s.fps, len(keys))
	s.ids = resizeZero(s.ids, len(keys))
	for i, k := range keys {
		c := k >> (64 - d)
		s.fps[s.at[c]], s.ids[s.at[c]] = fingerprint(k, d), bids[i]
		s.at[c]++ // ends as the start of cell c+1
	}
	copy(s.at[1:], s.at[:cells])
	s.at[0] = 0
}

// liveMain counts the main records of documents in live (all when live is
// nil).
func (t *table) liveMain(live []uint64) int {
	if live == nil {
		return len(t.ids)
	}
	n := 0
	for _, id := range t.ids {
		if has(live, id) {
			n++
		}
	}
	return n
}

// liveBuffer counts the documents of bids in live (all when live is nil).
func liveBuffer(live []uint64, bids []uint32) int {
	if live == nil {
		return len(bids)
	}
	n := 0
	for _, id := range bids {
		if has(live, id) {
			n++
		}
	}
	return n
}

// b2u returns 1 for true and 0 for false.
func b2u(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}

// resizeZero returns s with length n, zeroed, reusing its array if it can.
func resizeZero(s []uint32, n int) []uint32 {
	if cap(s) < n {
		return make([]uint32, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// resizeZero16 is resizeZero for []uint16.
func resizeZero16(s []uint16, n int) []uint16 {
	if cap(s) < n {
		return make([]uint16, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// log2 returns the base-2 logarithm of c, a power of two.
func log2(c int) uint { return uint(bits.TrailingZeros(uint(c))) }
