package lsh

import (
	"fmt"
	"math/bits"
	"slices"
)

// Check verifies the invariants of the index and returns an error wrapping
// ErrCorrupt describing the first violation, or nil. It is meant for tests
// and debugging (it visits every record): every indexed document has
// exactly one record in each band table, and every record is of an indexed
// or a removed document; buffer slots and chains find every buffer record
// under its key; main cells are in order and fingerprints well formed; the
// counts agree with the contents. With signatures, each record's key is
// also checked against the band values of its document.
func (x *Index) Check() error {
	x.rlock()
	defer x.mu.RUnlock()
	if err := x.checkSets(); err != nil {
		return err
	}
	if len(x.tables) != x.params.Bands {
		return corrupt("%d tables for %d bands", len(x.tables), x.params.Bands)
	}
	seen := make([]uint8, len(x.live)*64)
	for j := range x.tables {
		t := &x.tables[j]
		if len(t.keys) != len(x.tables[0].keys) || len(t.ids) != len(x.tables[0].ids) {
			return corrupt("band %d: %d buffer and %d main records, band 0 has %d and %d",
				j, len(t.keys), len(t.ids), len(x.tables[0].keys), len(x.tables[0].ids))
		}
		clear(seen)
		if err := x.checkBuffer(j, seen); err != nil {
			return err
		}
		if err := x.checkMain(j, seen); err != nil {
			return err
		}
		for id, c := range seen {
			if c != 1 && has(x.live, uint32(id)) {
				return corrupt("band %d: document %d has %d records", j, id, c)
			}
		}
	}
	return nil
}

func corrupt(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrCorrupt}, args...)...)
}

// checkSets checks the counts of the live and removed sets, that they are
// disjoint, and that every indexed id has a signature page.
func (x *Index) checkSets() error {
	n, r := 0, 0
	for _, w := range x.live {
		n += bits.OnesCount64(w)
	}
	for i, w := range x.removed {
		r += bits.OnesCount64(w)
		if i < len(x.live) && w&x.live[i] != 0 {
			return corrupt("ids both indexed and removed in word %d", i)
		}
	}
	if n != x.n || r != x.nremoved {
		return corrupt("%d ids in the live set and %d removed, counts say %d and %d", n, r, x.n, x.nremoved)
	}
	if x.noSigs {
		return nil
	}
	for wi, w := range x.live {
		for w != 0 {
			id := wi*64 + bits.TrailingZeros64(w)
			w &= w - 1
			if id/pageDocs >= len(x.sigs) || len(x.sigs[id/pageDocs]) != pageDocs*x.k {
				return corrupt("no signature page for id %d", id)
			}
		}
	}
	return nil
}

// checkRecord checks that a record of band j is of an indexed or a removed
// document, counts it in seen, and, with signatures, calls match with the
// key of the document's band values.
func (x *Index) checkRecord(j int, id uint32, seen []uint8, match func(key uint64) bool) error {
	if !has(x.live, id) {
		if !has(x.removed, id) {
			return corrupt("band %d: record of document %d, neither indexed nor removed", j, id)
		}
		return nil
	}
	seen[id] = min(seen[id], 254) + 1
	if !x.noSigs && !match(bandHash(x.band(id, j))) {
		return corrupt("band %d: record of document %d does not match its band values", j, id)
	}
	return nil
}

// checkBuffer checks the buffer of band j, counting its records in seen.
func (x *Index) checkBuffer(j int, seen []uint8) error {
	t := &x.tables[j]
	n := len(t.keys)
	if len(x.bufIDs) != n || len(t.next) != n {
		return corrupt("band %d: buffer arrays of %d, %d and %d records", j, n, len(x.bufIDs), len(t.next))
	}
	if len(t.slots) > 0 && (bits.OnesCount(uint(len(t.slots))) != 1 || t.shift != 64-log2(len(t.slots))) {
		return corrupt("band %d: malformed slots (%d, shift %d)", j, len(t.slots), t.shift)
	}
	visited := make([]bool, n)
	keys := 0
	if n*4 > len(t.slots)*3 {
		return corrupt("band %d: %d records in %d slots", j, n, len(t.slots))
	}
	for i, s := range t.slots {
		if s == 0 {
			continue
		}
		keys++
		p := s & t.posMask()
		if p == 0 || int(p) > n {
			return corrupt("band %d: slot %d holds record %d of %d", j, i, p, n)
		}
		key := t.keys[p-1]
		if s&^t.posMask() != t.tagOf(key) || t.slot(key) != uint64(i) {
			return corrupt("band %d: key %x found away from slot %d, or with another tag", j, key, i)
		}
		// The ring from the first record runs up to p, the last.
		for q, before := t.next[p-1], uint32(0); ; q, before = t.next[q-1], q {
			if q <= before || q > p || visited[q-1] || t.keys[q-1] != key {
				return corrupt("band %d: chain of slot %d broken at record %d", j, i, q)
			}
			visited[q-1] = true
			if err := x.checkRecord(j, x.bufIDs[q-1], seen, func(k uint64) bool { return k == key }); err != nil {
				return err
			}
			if q == p {
				break
			}
		}
	}
	if keys != t.nkeys {
		return corrupt("band %d: %d keys in the slots, count says %d", j, keys, t.nkeys)
	}
	if i := slices.Index(visited, false); i >= 0 {
		return corrupt("band %d: buffer record %d in no chain", j, i)
	}
	return nil
}

// checkMain checks the main part of band j, counting its records in seen.
func (x *Index) checkMain(j int, seen []uint8) error {
	t := &x.tables[j]
	if len(t.fps) != len(t.ids) {
		return corrupt("band %d: %d fingerprints for %d records", j, len(t.fps), len(t.ids))
	}
	if t.dir == nil {
		if len(t.ids) != 0 {
			return corrupt("band %d: %d main records without cells", j, len(t.ids))
		}
		return nil
	}
	if t.depth < t.first || t.depth > t.first+fpBits || len(t.dir) != 1<<t.depth+1 {
		return corrupt("band %d: depth %d (first %d) with %d cells", j, t.depth, t.first, len(t.dir)-1)
	}
	if t.dir[0] != 0 || int(t.dir[len(t.dir)-1]) != len(t.ids) {
		return corrupt("band %d: cells span %d to %d of %d records", j, t.dir[0], t.dir[len(t.dir)-1], len(t.ids))
	}
	minKnown := fpBits - int(t.depth-t.first)
	for c := 0; c+1 < len(t.dir); c++ {
		if t.dir[c] > t.dir[c+1] {
			return corrupt("band %d: cell %d ends before it starts", j, c)
		}
		for i := t.dir[c]; i < t.dir[c+1]; i++ {
			fp := t.fps[i]
			if fp == 0 || int(knownBits(fp)) < minKnown {
				return corrupt("band %d: record %d has fingerprint %#04x (at least %d known bits)", j, i, fp, minKnown)
			}
			match := func(k uint64) bool {
				return k>>(64-t.depth) == uint64(c) && matches(fp, probeBits(k, t.depth))
			}
			if err := x.checkRecord(j, t.ids[i], seen, match); err != nil {
				return err
			}
		}
	}
	return nil
}
