package lsh

import (
	"math/bits"
	"slices"
)

// A table maps the keys of one band (bandHash of its values,
// Params.appendTableKeys) to the documents that have them. It holds one
// record per document and never reads a signature: keys are compared as
// stored, so that an index without signatures works the same way.
//
// It has two parts, in the manner of a log-structured merge tree (O'Neil,
// Cheng, Gawlick and O'Neil, "The log-structured merge-tree", Acta
// Informatica 1996):
//
//   - the buffer holds the records added since the last merge with their
//     whole 64-bit keys, in arrays indexed by a small open-addressing
//     table of the distinct keys (slots); records with the same key are
//     chained in order (next), so that a key shared by thousands of
//     documents costs one probe, and its earliest records are read first;
//   - the main part holds the other records sorted by cell, the top depth
//     bits of the key: cell c is records dir[c] to dir[c+1]. A record is a
//     document id and a 16-bit fingerprint of the key bits that follow the
//     cell bits (fp); the cell bits are implied by the position, as in a
//     quotient filter (Bender et al., "Don't thrash: how to cache your hash
//     on flash", VLDB 2012), so that a record takes 6 bytes and a lookup
//     reads one cell, one or two cache lines.
//
// When the buffer holds a sixteenth of the main part's records (and at
// least minMain), it is merged into the main part in one sequential pass
// (merge). A main part of m records has about m/cellSize cells; when it
// doubles, each fingerprint gives its top bit to the cell number. Records
// that were merged long ago have fewer known bits: the fingerprint carries
// its length in unary, its known bits followed by a 1 and zeros, as the
// fingerprints of InfiniFilter (Dayan, Bercea, Reviriego and Pagh,
// "InfiniFilter: expanding filters to infinity and beyond", SIGMOD 2023).
// A key matches a record when they agree on the cell and on the known
// bits, so that a lookup never misses a record with the key (no false
// negative), and may return a record whose key only agrees on those bits
// (a false positive, see fpBits).
//
// Measured at 1M documents of 18 bands (BenchmarkIndex1M): about 7.5 bytes
// per record in all, against 14 for the table of document ids and tags
// that compared band values through the stored signatures, and 25 for a Go
// map[uint64][]uint32.
type table struct {
	// The main part.
	depth uint     // main part has 1<<depth cells, if dir is not nil
	first uint     // depth of the first merge: depth <= first+fpBits
	dir   []uint32 // len 1<<depth + 1
	fps   []uint16 // fingerprint of each record (see fingerprint)
	ids   []uint32

	// The buffer. Its records are those of the documents added since the
	// last merge, in order, the same in every band: their ids are shared
	// (Index.bufIDs), record i of each table is of document bufIDs[i].
	keys []uint64
	// next is 1 + the index of the next record with the same key, and for
	// the last record of a key, of its first: the chain is a ring, entered
	// at the last record (slots) and read from the first.
	next  []uint32
	slots []uint32 // 1 + index of the last record of a key, 0 for an empty slot
	shift uint     // 64 - log2(len(slots)): the home slot of key k is k >> shift
	nkeys int      // distinct keys in the buffer
}

const (
	// fpBits is the number of key bits a fingerprint holds when its record
	// enters the main part; it loses one each time the main part doubles.
	// A record whose fingerprint knows b bits matches another key of its
	// cell with probability 2^-b: a lookup in a cell of c records returns
	// a wrong one with probability about c·2^-b, summed over the records
	// (see the package documentation for the rate per query).
	fpBits = 15
	// cellSize is the mean number of records per cell that a merge aims
	// for: fewer cells save directory space (4 bytes per cell), more cells
	// compare fewer fingerprints and so return fewer wrong records. Cells
	// of 16 and 32 made queries at 1M documents 1.2 and 1.6 times slower
	// (BenchmarkQuery1M, CPU time, two interleaved runs), and adds no
	// faster.
	cellSize = 8
	// minMain is the least number of records of a first merge: records
	// merged early lose the most fingerprint bits, and 2^16 records (13
	// cell bits, then at most 15 more doublings up to 2^31 documents)
	// leave every record at least one known bit.
	minMain = 3 << 15
	// bufferShare is the share of the main part at which the buffer is
	// merged: a merge moves every record, so a buffer of 1/16 moves each
	// record about 16 times in all, and costs 24 bytes per record held (16
	// in the arrays, 4 to 8 in the slots), 1.5 per main record at most.
	bufferShare = 16
)

// fingerprint returns the fingerprint of key in a main part of depth d:
// the fpBits key bits after the top d, then a 1 (a fingerprint is never
// zero).
func fingerprint(key uint64, d uint) uint16 { return uint16(key<<d>>48) | 1 }

// probeBits returns the 16 key bits after the top d, to compare with
// fingerprints (matches).
func probeBits(key uint64, d uint) uint16 { return uint16(key << d >> 48) }

// matches reports whether fingerprint fp agrees with probe bits p on the
// bits fp knows, those above its lowest set bit.
func matches(fp, p uint16) bool {
	end := fp & -fp // the 1 that ends the known bits
	return (fp^p)&-(end<<1) == 0
}

// knownBits returns the number of key bits fingerprint fp knows.
func knownBits(fp uint16) uint { return 15 - uint(bits.TrailingZeros16(fp)) }

// has reports whether bit id of set is set.
func has(set []uint64, id uint32) bool {
	w := int(id / 64)
	return w < len(set) && set[w]&(1<<(id%64)) != 0
}

// depthFor returns the depth of a main part of n records.
func depthFor(n int) uint {
	if n < 2*cellSize {
		return 0
	}
	return uint(bits.Len(uint(n/cellSize))) - 1
}

// A probe is a lookup of one key in one table, split in steps that read
// memory before it is used, so that the cache misses of the bands of a
// query overlap instead of coming one after another (Index.lookup): first
// the key's home slot and cell bounds (startProbe), then the records they
// lead to (touch), then the lookup itself (appendIDs), which finds them in
// the cache. It made a query at 1M documents 1.7 to 1.9 times faster
// (BenchmarkQuery1M, CPU time, two interleaved runs on a loaded 2-core
// machine: 4.9 and 5.1 µs against 8.2 and 9.3 for an indexed signature,
// 3.3 and 3.6 against 6.3 and 5.9 for an unrelated one).
type probe struct {
	slot   uint32 // the home slot's value
	lo, hi uint32 // the key's cell: main records lo to hi
}

// startProbe reads the home slot and the cell bounds of key.
func (t *table) startProbe(key uint64) probe {
	var p probe
	if len(t.slots) > 0 {
		p.slot = t.slots[key>>t.shift]
	}
	if t.dir != nil {
		c := key >> (64 - t.depth) // 0 when depth is 0
		p.lo, p.hi = t.dir[c], t.dir[c+1]
	}
	return p
}

// touch reads the records p leads to, the first and last fingerprints
// and ids of its cell (each may span two cache lines), and returns a value
// that depends on them (for the caller to keep, so that the reads are not
// optimised away). Reading the last fingerprint too made queries 1.15
// times faster (CPU time of 1M queries, three interleaved runs: 3.4, 3.6,
// 3.8 µs against 3.7, 4.4, 4.7); not reading the ids made them 1.5 times
// slower.
func (t *table) touch(p probe) uint32 {
	var s uint32
	if p.lo < p.hi {
		s += uint32(t.fps[p.lo]) + uint32(t.fps[p.hi-1]) + t.ids[p.lo] + t.ids[p.hi-1]
	}
	if i := p.slot & t.posMask(); i != 0 {
		s += uint32(t.keys[i-1])
	}
	return s
}

// appendIDs appends to dst the ids of the records whose key may be key:
// the buffer records with key (of documents bids), and the main records
// that match it.
func (t *table) appendIDs(dst []uint32, key uint64, bids []uint32) []uint32 {
	if len(t.slots) > 0 {
		if last := t.slots[t.slot(key)] & t.posMask(); last != 0 {
			// the last first: its id and the ring's next are read at once
			dst = append(dst, bids[last-1])
			for p := t.next[last-1]; p != last; p = t.next[p-1] {
				dst = append(dst, bids[p-1])
			}
		}
	}
	if t.dir != nil {
		c := key >> (64 - t.depth) // 0 when depth is 0
		dst = t.appendMatches(dst, t.dir[c], t.dir[c+1], probeBits(key, t.depth))
	}
	return dst
}

// appendFirst appends to dst the m smallest ids of the records whose key
// may be key and that pass ok (fewer if there are not m), for a table whose
// documents were added in increasing id order: a cell of the main part
// then holds its records in that order (a merge writes a cell's main
// records, then its buffer records, each in their order), and every
// buffer record is of a later document than the main ones, its chain of a
// key read from the earliest.
func (t *table) appendFirst(dst []uint32, key uint64, bids []uint32, m int, ok func(uint32) bool) []uint32 {
	got := 0
	if t.dir != nil {
		c := key >> (64 - t.depth)
		p := probeBits(key, t.depth)
		for i := t.dir[c]; i < t.dir[c+1] && got < m; i++ {
			if id := t.ids[i]; matches(t.fps[i], p) && ok(id) {
				dst = append(dst, id)
				got++
			}
		}
	}
	if got == m || len(t.slots) == 0 {
		return dst
	}
	if last := t.slots[t.slot(key)] & t.posMask(); last != 0 {
		for p := t.next[last-1]; got < m; p = t.next[p-1] {
			if id := bids[p-1]; ok(id) {
				dst = append(dst, id)
				got++
			}
			if p == last {
				break
			}
		}
	}
	return dst
}

// appendMatches appends to dst the ids of main records lo to hi whose
// fingerprints match probe bits p. (Testing four fingerprints at a time
// with SWAR arithmetic made no measurable difference: cells hold 8 to 16
// records.)
func (t *table) appendMatches(dst []uint32, lo, hi uint32, p uint16) []uint32 {
	for i, fp := range t.fps[lo:hi] {
		if matches(fp, p) {
			dst = append(dst, t.ids[int(lo)+i])
		}
	}
	return dst
}

// A buffer slot holds 1 + the index of the last record of its key in its
// low posBits bits, and the key bits that follow those of the home slot
// (the tag) in the others, so that a probe reads a record's key only when
// the tags agree. posBits is log2(len(slots)): the slots outnumber the
// records.

// posMask returns the mask of the record bits of a slot.
func (t *table) posMask() uint32 { return 1<<(64-t.shift) - 1 }

// tagOf returns the tag of key (see posMask).
func (t *table) tagOf(key uint64) uint32 {
	posBits := 64 - t.shift
	return uint32(key<<posBits>>(posBits+32)) << posBits
}

// push adds a record of key to the buffer, of the next buffered document,
// without entering it in the slots: hashRecord does that before the next
// lookup (see Index.rlock).
func (t *table) push(key uint64) { t.keys = append(t.keys, key) }

// hashed reports whether every buffer record is in the slots.
func (t *table) hashed() bool { return len(t.next) == len(t.keys) }

// hashRecord enters the next buffer record not yet in the slots.
func (t *table) hashRecord() {
	if (len(t.next)+1)*4 > len(t.slots)*3 {
		t.growSlots(max(2*len(t.slots), 16))
	}
	key := t.keys[len(t.next)]
	i := t.slot(key)
	s := t.slots[i]
	if s == 0 {
		t.nkeys++
	}
	p := uint32(len(t.next)) + 1
	if last := s & t.posMask(); last != 0 {
		t.next = append(t.next, t.next[last-1]) // the ring's first
		t.next[last-1] = p
	} else {
		t.next = append(t.next, p)
	}
	t.slots[i] = p | t.tagOf(key)
}

// slot returns the slot of key: the one that holds it, or the empty one
// where it goes.
func (t *table) slot(key uint64) uint64 {
	mask := uint64(len(t.slots) - 1)
	pm, tag := t.posMask(), t.tagOf(key)
	i := key >> t.shift
	for s := t.slots[i]; s != 0; s = t.slots[i] {
		if s&^pm == tag && t.keys[s&pm-1] == key {
			break
		}
		i = (i + 1) & mask
	}
	return i
}

// growSlots rebuilds the slots with room for c of them (a power of two).
func (t *table) growSlots(c int) {
	old, oldMask := t.slots, t.posMask()
	t.slots = make([]uint32, c)
	t.shift = 64 - log2(c)
	for _, s := range old {
		if p := s & oldMask; p != 0 {
			k := t.keys[p-1]
			t.slots[t.slot(k)] = p | t.tagOf(k)
		}
	}
}

// resetBuffer empties the buffer, keeping its memory.
func (t *table) resetBuffer() {
	t.keys, t.next = t.keys[:0], t.next[:0]
	clear(t.slots)
	t.nkeys = 0
}

// dropDead rebuilds the buffer without the records of documents not in
// live (the documents of its records are bids).
func (t *table) dropDead(live []uint64, bids []uint32) {
	keys := slices.Clone(t.keys)
	t.resetBuffer()
	for i, k := range keys {
		if has(live, bids[i]) {
			t.push(k)
		}
	}
}

// mainLen returns the number of records in the main part.
func (t *table) mainLen() int { return len(t.ids) }
