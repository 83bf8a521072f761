package lsh

import (
	"cmp"
	"slices"
)

// compatible reports whether two fingerprints of one cell may hold the
// same key: they agree on the bits that both know.
func compatible(a, b uint16) bool {
	end := max(a&-a, b&-b)
	return (a^b)&-(end<<1) == 0
}

// appendPairs appends to dst the pairs of documents in live whose records
// may share a key, as lo<<32 | hi with lo < hi: records of one cell whose
// keys agree on what both records know (compatible), and buffer records
// with equal keys. A pair appears once for each cell it shares.
func (t *table) appendPairs(dst []uint64, live []uint64, bids []uint32) []uint64 {
	// The buffer records by key, so that those of a cell, and those of a
	// key, are consecutive.
	order := make([]int32, len(t.keys))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(t.keys[a], t.keys[b]) })
	pair := func(a, b uint32) {
		if a != b && has(live, a) && has(live, b) {
			dst = append(dst, uint64(min(a, b))<<32|uint64(max(a, b)))
		}
	}
	// Buffer records with equal keys.
	for i := 0; i < len(order); {
		e := i + 1
		for e < len(order) && t.keys[order[e]] == t.keys[order[i]] {
			e++
		}
		for a := i; a < e; a++ {
			for b := a + 1; b < e; b++ {
				pair(bids[order[a]], bids[order[b]])
			}
		}
		i = e
	}
	if t.dir == nil {
		return dst
	}
	// Main records of a cell with each other, and with the buffer records
	// of the cell.
	bi := 0
	for c := 0; c+1 < len(t.dir); c++ {
		lo, hi := t.dir[c], t.dir[c+1]
		for a := lo; a < hi; a++ {
			for b := a + 1; b < hi; b++ {
				if compatible(t.fps[a], t.fps[b]) {
					pair(t.ids[a], t.ids[b])
				}
			}
		}
		for ; bi < len(order) && t.keys[order[bi]]>>(64-t.depth) == uint64(c); bi++ {
			k, id := t.keys[order[bi]], bids[order[bi]]
			p := probeBits(k, t.depth)
			for a := lo; a < hi; a++ {
				if matches(t.fps[a], p) {
					pair(t.ids[a], id)
				}
			}
		}
	}
	return dst
}
