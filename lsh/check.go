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
	if err := x.checkLive(); err != nil {
		return err
	}
	if len(x.tables) != x.params.Bands {
		return corrupt("%d tables for %d bands", len(x.tables), x.params.Bands)
	}
	c := checker{x: x, usedBuckets: make([]bool, len(x.buckets))}
	for j := range x.tables {
		if err := c.table(j); err != nil {
			return err
		}
	}
	return c.freeList()
}

func corrupt(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrCorrupt}, args...)...)
}

// checkLive checks the count of the id set and that every indexed id has a
// signature page.
func (x *Index) checkLive() error {
	n := 0
	for _, w := range x.live {
		n += bits.OnesCount64(w)
	}
	if n != x.n {
		return corrupt("%d ids in the live set, count says %d", n, x.n)
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

// checker is the state of Check across the band tables.
type checker struct {
	x           *Index
	usedBuckets []bool   // buckets referenced by a slot so far
	members     []uint32 // scratch
}

// table checks band table j and marks the buckets it uses.
func (c *checker) table(j int) error {
	x, t := c.x, &c.x.tables[j]
	if len(t.tags) != len(t.slots) || (len(t.tags) != 0 && (bits.OnesCount(uint(len(t.tags))) != 1 || t.shift != 64-log2(len(t.tags)))) {
		return corrupt("band %d: malformed table (%d tags, %d slots, shift %d)", j, len(t.tags), len(t.slots), t.shift)
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
		if err := c.slot(j, i); err != nil {
			return err
		}
		total += len(c.members)
	}
	if used != t.used || dead != t.dead {
		return corrupt("band %d: counts used=%d dead=%d, found %d and %d", j, t.used, t.dead, used, dead)
	}
	if total != x.n {
		return corrupt("band %d holds %d documents, index has %d", j, total, x.n)
	}
	if len(t.tags) > 0 && (used+dead)*4 > len(t.tags)*3 {
		return corrupt("band %d: load %d/%d above 3/4", j, used+dead, len(t.tags))
	}
	return nil
}

// slot checks the live slot i of band table j, leaving its documents in
// c.members.
func (c *checker) slot(j, i int) error {
	x, t := c.x, &c.x.tables[j]
	v := t.slots[i]
	if v&bucketFlag != 0 {
		if err := c.bucket(j, i, v&^bucketFlag); err != nil {
			return err
		}
	} else {
		c.members = append(c.members[:0], v)
	}
	if len(sortUnique(slices.Clone(c.members), 0)) != len(c.members) {
		return corrupt("band %d slot %d: repeated member", j, i)
	}
	key := x.band(x.rep(v), j)
	h := bandHash(key)
	if tagOf(h) != t.tags[i] {
		return corrupt("band %d slot %d: tag %d, want %d", j, i, t.tags[i], tagOf(h))
	}
	if x.find(j, h, key) != i {
		return corrupt("band %d slot %d: band value found elsewhere", j, i)
	}
	for _, id := range c.members {
		if !x.has(id) {
			return corrupt("band %d slot %d: id %d not in the index", j, i, id)
		}
		if !slices.Equal(x.band(id, j), key) {
			return corrupt("band %d slot %d: id %d has other band values", j, i, id)
		}
	}
	return nil
}

// bucket checks bucket bi, referenced by slot i of band j, and leaves its
// documents in c.members.
func (c *checker) bucket(j, i int, bi uint32) error {
	x := c.x
	if int(bi) >= len(x.buckets) || c.usedBuckets[bi] {
		return corrupt("band %d slot %d: bucket %d missing or shared", j, i, bi)
	}
	c.usedBuckets[bi] = true
	b := &x.buckets[bi]
	if b.bm == nil && len(b.ids) > smallBucket {
		return corrupt("band %d: bucket %d holds %d ids in a slice", j, bi, len(b.ids))
	}
	c.members = b.appendTo(c.members[:0])
	if len(c.members) < 2 {
		return corrupt("band %d: bucket %d has %d members", j, bi, len(c.members))
	}
	if !slices.Contains(c.members, b.rep) {
		return corrupt("band %d: bucket %d representative %d not a member", j, bi, b.rep)
	}
	return nil
}

// freeList checks that the free buckets and those used by the tables are
// all the buckets, once each.
func (c *checker) freeList() error {
	x := c.x
	free := make([]bool, len(x.buckets))
	for _, bi := range x.free {
		if int(bi) >= len(x.buckets) || free[bi] || c.usedBuckets[bi] {
			return corrupt("free bucket %d invalid, repeated or in use", bi)
		}
		free[bi] = true
	}
	for bi := range x.buckets {
		if !free[bi] && !c.usedBuckets[bi] {
			return corrupt("bucket %d leaked", bi)
		}
	}
	return nil
}
