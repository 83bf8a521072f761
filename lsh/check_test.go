package lsh

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// checkedIndex returns an index of 60 documents with main parts (merges
// after 8 documents), a buffer, and 3 removed documents whose records are
// still in the tables.
func checkedIndex(t *testing.T, noSigs bool) *Index {
	x, err := New(8, Options{Params: Params{Bands: 4, Rows: 2}, Threshold: 0.5, NoSignatures: noSigs})
	require.NoError(t, err)
	x.mergeMin = 8
	for i := range uint32(60) {
		sig := make([]uint32, 8)
		for j := range sig {
			sig[j] = (i*uint32(j+1))%7 + uint32(j)*i/5
		}
		require.NoError(t, x.Add(i, sig))
	}
	for _, id := range []uint32{2, 30, 59} {
		require.True(t, x.Remove(id))
	}
	require.NotNil(t, x.tables[0].dir)
	require.NotEmpty(t, x.bufIDs)
	require.Equal(t, 3, x.nremoved)
	return x
}

// usedSlot returns a slot of table 0 that holds a key.
func usedSlot(x *Index) int {
	for i, s := range x.tables[0].slots {
		if s != 0 {
			return i
		}
	}
	panic("no used slot")
}

// TestCheckCorrupt breaks one invariant of a small index at a time and
// checks that Check reports it.
func TestCheckCorrupt(t *testing.T) {
	tests := []struct {
		name   string
		noSigs bool
		mutate func(x *Index)
		msg    string
	}{
		{"count", false, func(x *Index) { x.n++ }, "ids in the live set and 3 removed, counts say 58"},
		{"removed count", false, func(x *Index) { x.nremoved = 0 }, "3 removed, counts say 57 and 0"},
		{"indexed and removed", false, func(x *Index) { x.removed[0] |= 1 << 3 }, "both indexed and removed"},
		{"page", false, func(x *Index) { x.live = append(x.live, make([]uint64, 200)...); x.live[199] = 1; x.n++ }, "no signature page for id 12736"},
		{"tables", false, func(x *Index) { x.tables = x.tables[:len(x.tables)-1] }, "3 tables for 4 bands"},
		{"buffer size", false, func(x *Index) { t := &x.tables[2]; t.keys = t.keys[:len(t.keys)-1] }, "band 2: "},
		{"tag", false, func(x *Index) { x.tables[0].slots[usedSlot(x)] ^= 1 << 31 }, "or with another tag"},
		{"keys", false, func(x *Index) { x.tables[0].nkeys++ }, "keys in the slots, count says"},
		{"chain", false, func(x *Index) { t := &x.tables[1]; t.next[len(t.next)-1] = 0 }, "chain of slot"},
		{"cells", false, func(x *Index) { x.tables[3].dir[1]-- }, "band 3"},
		{"depth", false, func(x *Index) { x.tables[0].first = x.tables[0].depth + 1 }, "band 0: depth"},
		{"fingerprint", false, func(x *Index) { x.tables[1].fps[4] = 0 }, "band 1: record 4 has fingerprint 0x0000"},
		{"signature", false, func(x *Index) { x.sig(4)[0] += 100 }, "band 0: record of document 4 does not match"},
		{"stranger", true, func(x *Index) { x.tables[0].ids[0] = 1000 }, "neither indexed nor removed"},
		{"twice", true, func(x *Index) { t := &x.tables[2]; t.ids[0] = t.ids[1] }, "band 2: document"},
		{"buffer id", true, func(x *Index) { x.bufIDs = x.bufIDs[1:] }, "buffer arrays"},
	}
	for _, tt := range tests {
		x := checkedIndex(t, tt.noSigs)
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
