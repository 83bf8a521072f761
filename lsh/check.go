package lsh

import (
	"fmt"
	"math/bits"
	"slices"
)

// Check verifies the invariants of the index and returns an error wrapping
// ErrCorrupt describing the first violation, or nil. It is meant for tests
// and debugging (it visits every entry): every indexed document is found in
// each band under its own band values, exactly once; every table entry and
// bucket member is an indexed document whose band values equal those of the
// entry; buckets hold two or more documents, slices at most smallBucket;
// tag, size and count fields agree with the contents.
func (x *Index) Check() error {
	x.mu.RLock()
	defer x.mu.RUnlock()
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrCorrupt}, args...)...)
	}
	n := 0
	for _, w := range x.live {
		n += bits.OnesCount64(w)
	}
	if n != x.n {
		return fail("%d ids in the live set, count says %d", n, x.n)
	}
	for wi, w := range x.live {
		for w != 0 {
			id := wi*64 + bits.TrailingZeros64(w)
			w &= w - 1
			if id/pageDocs >= len(x.sigs) || len(x.sigs[id/pageDocs]) != pageDocs*x.k {
				return fail("no signature page for id %d", id)
			}
		}
	}
	if len(x.tables) != x.params.Bands {
		return fail("%d tables for %d bands", len(x.tables), x.params.Bands)
	}
	usedBuckets := make([]bool, len(x.buckets))
	var members []uint32
	for j := range x.tables {
		t := &x.tables[j]
		if len(t.tags) != len(t.slots) || (len(t.tags) != 0 && (bits.OnesCount(uint(len(t.tags))) != 1 || t.shift != 64-log2(len(t.tags)))) {
			return fail("band %d: malformed table (%d tags, %d slots, shift %d)", j, len(t.tags), len(t.slots), t.shift)
		}
		used, dead, total := 0, 0, 0
		for i, tg := range t.tags {
			switch {
			case tg == tagEmpty:
				continue
			case tg == tagDead:
				dead++
				continue
			}
			used++
			v := t.slots[i]
			if v&bucketFlag != 0 {
				bi := v &^ bucketFlag
				if int(bi) >= len(x.buckets) || usedBuckets[bi] {
					return fail("band %d slot %d: bucket %d missing or shared", j, i, bi)
				}
				usedBuckets[bi] = true
				b := &x.buckets[bi]
				if b.bm == nil && len(b.ids) > smallBucket {
					return fail("band %d: bucket %d holds %d ids in a slice", j, bi, len(b.ids))
				}
				members = b.appendTo(members[:0])
				if len(members) < 2 {
					return fail("band %d: bucket %d has %d members", j, bi, len(members))
				}
				if !slices.Contains(members, b.rep) {
					return fail("band %d: bucket %d representative %d not a member", j, bi, b.rep)
				}
			} else {
				members = append(members[:0], v)
			}
			if len(sortUnique(slices.Clone(members), 0)) != len(members) {
				return fail("band %d slot %d: repeated member", j, i)
			}
			key := x.band(x.rep(v), j)
			h := bandHash(key)
			if tagOf(h) != tg {
				return fail("band %d slot %d: tag %d, want %d", j, i, tg, tagOf(h))
			}
			if x.find(j, h, key) != i {
				return fail("band %d slot %d: band value found elsewhere", j, i)
			}
			for _, id := range members {
				if !x.has(id) {
					return fail("band %d slot %d: id %d not in the index", j, i, id)
				}
				if !slices.Equal(x.band(id, j), key) {
					return fail("band %d slot %d: id %d has other band values", j, i, id)
				}
			}
			total += len(members)
		}
		if used != t.used || dead != t.dead {
			return fail("band %d: counts used=%d dead=%d, found %d and %d", j, t.used, t.dead, used, dead)
		}
		if total != x.n {
			return fail("band %d holds %d documents, index has %d", j, total, x.n)
		}
		if len(t.tags) > 0 && (used+dead)*4 > len(t.tags)*3 {
			return fail("band %d: load %d/%d above 3/4", j, used+dead, len(t.tags))
		}
	}
	free := make([]bool, len(x.buckets))
	for _, bi := range x.free {
		if int(bi) >= len(x.buckets) || free[bi] || usedBuckets[bi] {
			return fail("free bucket %d invalid, repeated or in use", bi)
		}
		free[bi] = true
	}
	for bi := range x.buckets {
		if !free[bi] && !usedBuckets[bi] {
			return fail("bucket %d leaked", bi)
		}
	}
	return nil
}
