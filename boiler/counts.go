package boiler

import (
	"math"
	"math/bits"
	"slices"
)

// counts is a sorted list of hashed fragments (or words) with their counts,
// in two parallel slices (12 bytes per fragment; a struct of a uint64 and a
// uint32 would take 16 with padding). dir, derived, indexes it by the top
// bits of the hash: hashes are uniform, so a lookup reads dir and about
// four hashes (binary search over the whole list was 8% of labelling time,
// its dozen or so cache misses per lookup).
type counts struct {
	h   []uint64 // strictly increasing
	n   []uint32 // never 0
	dir []uint32 // derived: h[dir[b]:dir[b+1]] have top bits b
	sh  uint8    // derived: 64 - log2(len(dir)-1)
}

func (c *counts) len() int { return len(c.h) }

// index builds c.dir.
func (c *counts) index() {
	n := len(c.h)
	if n < 16 {
		c.dir, c.sh = nil, 0
		return
	}
	k := bits.Len(uint(n / 4)) // about 4 hashes per bucket
	c.sh = uint8(64 - k)
	c.dir = make([]uint32, 1<<k+1)
	b := 0
	for i, h := range c.h {
		for top := int(h >> c.sh); b <= top; b++ {
			c.dir[b] = uint32(i)
		}
	}
	for ; b < len(c.dir); b++ {
		c.dir[b] = uint32(n)
	}
}

// get returns the count of h (0 if absent).
func (c *counts) get(h uint64) uint32 {
	lo, hi := 0, len(c.h)
	if c.dir != nil {
		b := h >> c.sh
		lo, hi = int(c.dir[b]), int(c.dir[b+1])
	}
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if c.h[m] < h {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(c.h) && c.h[lo] == h {
		return c.n[lo]
	}
	return 0
}

// getAll sets dst[i] to the count of hs[i] (get) for every i; dst is at
// least as long as hs. It looks hashes up a block at a time, each block
// read ahead in two loops without a branch on what they load: the bucket
// bounds in dir, then the first hash and count of each bucket. One get
// after another, each binary search's branches wait for its own cache
// misses and a mispredicted one discards the loads issued after it, so
// the misses of a page's lookups were taken one at a time.
func (c *counts) getAll(dst []uint32, hs []uint64) {
	const block = 64 // cache lines read ahead stay in L1
	for len(hs) > 0 {
		b := hs[:min(len(hs), block)]
		c.touch(b)
		for i, h := range b {
			dst[i] = c.get(h)
		}
		hs, dst = hs[len(b):], dst[len(b):]
	}
}

// touch reads the cache lines that get(h) reads first, for every h of hs.
func (c *counts) touch(hs []uint64) {
	if c.dir == nil {
		return
	}
	var s uint64
	for _, h := range hs {
		s += uint64(c.dir[h>>c.sh])
	}
	for _, h := range hs {
		if lo := int(c.dir[h>>c.sh]); lo < len(c.h) {
			s += c.h[lo] + uint64(c.n[lo])
		}
	}
	keep(s)
}

func (c *counts) append(h uint64, n uint32) {
	c.h = append(c.h, h)
	c.n = append(c.n, n)
}

// clone returns a copy of the counts without the derived index.
func (c *counts) clone() counts {
	return counts{h: slices.Clone(c.h), n: slices.Clone(c.n)}
}

// mergeCounts merges two count lists, adding the counts of equal hashes.
func mergeCounts(a, b *counts) counts {
	out := counts{h: make([]uint64, 0, len(a.h)+len(b.h)), n: make([]uint32, 0, len(a.h)+len(b.h))}
	i, j := 0, 0
	for i < len(a.h) && j < len(b.h) {
		switch {
		case a.h[i] < b.h[j]:
			out.append(a.h[i], a.n[i])
			i++
		case a.h[i] > b.h[j]:
			out.append(b.h[j], b.n[j])
			j++
		default:
			out.append(a.h[i], addSat(a.n[i], b.n[j]))
			i++
			j++
		}
	}
	out.h = append(append(out.h, a.h[i:]...), b.h[j:]...)
	out.n = append(append(out.n, a.n[i:]...), b.n[j:]...)
	return out
}

// prune keeps the entries with a count of at least min, in place.
func (c *counts) prune(min uint32) {
	k := 0
	for i, n := range c.n {
		if n >= min {
			c.h[k], c.n[k] = c.h[i], n
			k++
		}
	}
	c.h = slices.Clip(c.h[:k])
	c.n = slices.Clip(c.n[:k])
}

// unionSorted merges two strictly increasing lists into their union.
func unionSorted(a, b []uint64) []uint64 {
	out := make([]uint64, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			out = append(out, a[i])
			i++
		case a[i] > b[j]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// addSat returns a+b, or the largest uint32 if the sum does not fit: counts
// of merged models saturate rather than wrap (a wrapped count fell below
// the others it bounds, and the model no longer decoded).
func addSat(a, b uint32) uint32 {
	if s := a + b; s >= a {
		return s
	}
	return math.MaxUint32
}
