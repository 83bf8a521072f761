package lsh

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// usedSlot returns the first live slot of band j, and whether it holds a
// bucket (else a single document).
func usedSlot(x *Index, j int, wantBucket bool) int {
	t := &x.tables[j]
	for i, tg := range t.tags {
		if tg >= tagMin && (t.slots[i]&bucketFlag != 0) == wantBucket {
			return i
		}
	}
	panic("no such slot")
}

// TestCheckCorrupt breaks one invariant of a small index at a time and
// checks that Check reports it.
func TestCheckCorrupt(t *testing.T) {
	bucketOf := func(x *Index) *bucket {
		return &x.buckets[x.tables[0].slots[usedSlot(x, 0, true)]&^bucketFlag]
	}
	tests := []struct {
		name   string
		mutate func(x *Index)
		msg    string
	}{
		{"count", func(x *Index) { x.n++ }, "ids in the live set, count says"},
		{"page", func(x *Index) { x.live = append(x.live, make([]uint64, 200)...); x.live[199] = 1; x.n++ }, "no signature page for id 12736"},
		{"tables", func(x *Index) { x.tables = x.tables[:len(x.tables)-1] }, "3 tables for 4 bands"},
		{"shift", func(x *Index) { x.tables[1].shift++ }, "band 1: malformed table"},
		{"tag", func(x *Index) { i := usedSlot(x, 2, false); x.tables[2].tags[i] ^= 0x80 }, "band 2 slot"},
		{"used", func(x *Index) { x.tables[0].used++ }, "band 0: counts used="},
		{"signature", func(x *Index) { x.sig(3)[0] += 100 }, "band 0 slot"},
		{"representative", func(x *Index) { bucketOf(x).rep = 1 << 20 }, "representative 1048576 not a member"},
		{"small bucket", func(x *Index) { b := bucketOf(x); b.ids = b.ids[:1] }, "has 1 members"},
		{"repeated member", func(x *Index) { b := bucketOf(x); b.ids = append(b.ids, b.ids[0]) }, "repeated member"},
		{"leak", func(x *Index) { x.buckets = append(x.buckets, bucket{}) }, "leaked"},
		{"free in use", func(x *Index) { x.free = append(x.free, x.tables[0].slots[usedSlot(x, 0, true)]&^bucketFlag) }, "free bucket"},
	}
	for _, tt := range tests {
		x := goldenIndex(t)
		require.NoError(t, x.Check())
		tt.mutate(x)
		err := x.Check()
		if !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: Check() = %v, want ErrCorrupt", tt.name, err)
			continue
		}
		require.Contains(t, err.Error(), tt.msg, tt.name)
	}
}
