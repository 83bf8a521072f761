package boiler

import (
	"math/bits"
	"slices"
)

// table is the Learner's open-addressing hash table of fragment counts:
// parallel slices of hashes (0 = empty slot) and uint32 counts, linear
// probing, grown at 3/4 load: 12 bytes per slot, 16 to 24 per fragment.
// Per-site Go maps of a hash to a count and a page stamp took about 58
// bytes per fragment (BenchmarkBoilerGenMemory in bench: learner 436
// B/page with maps, 311 with tables) and their updates were a fifth of
// learning time.
type table struct {
	h    []uint64
	n    []uint32
	used int
	sh   uint8 // 64 - log2(len(h))
}

func slot(h uint64, sh uint8) int { return int((h * 0x9e3779b97f4a7c15) >> sh) }

// inc adds 1 to the count of h, which must not be 0.
func (t *table) inc(h uint64) {
	if 4*(t.used+1) > 3*len(t.h) {
		t.grow()
	}
	mask := len(t.h) - 1
	for i := slot(h, t.sh); ; i = (i + 1) & mask {
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
		i := slot(h, t.sh)
		for t.h[i] != 0 {
			i = (i + 1) & mask
		}
		t.h[i], t.n[i] = h, oldN[j]
	}
}

// freeze returns the counts of t sorted by hash.
func (t *table) freeze() counts {
	fs := make([]frag, 0, t.used)
	for i, h := range t.h {
		if h != 0 {
			fs = append(fs, frag{h, t.n[i]})
		}
	}
	slices.SortFunc(fs, func(a, b frag) int {
		switch {
		case a.h < b.h:
			return -1
		case a.h > b.h:
			return 1
		}
		return 0
	})
	c := counts{h: make([]uint64, len(fs)), n: make([]uint32, len(fs))}
	for i, f := range fs {
		c.h[i], c.n[i] = f.h, f.n
	}
	return c
}

// pageSet is the set of keys already counted for the page being learned,
// so that each key counts once per page. A generation number clears it in
// O(1) from page to page.
type pageSet struct {
	h    []uint64
	gen  []uint32
	cur  uint32
	used int
	sh   uint8
}

func (s *pageSet) reset() {
	s.cur++
	s.used = 0
	if s.cur == 0 { // wrapped: clear for real
		clear(s.gen)
		s.cur = 1
	}
}

// add reports whether h was not yet in the set, and adds it.
func (s *pageSet) add(h uint64) bool {
	if 2*(s.used+1) > len(s.h) {
		s.grow()
	}
	mask := len(s.h) - 1
	for i := slot(h, s.sh); ; i = (i + 1) & mask {
		if s.gen[i] != s.cur {
			s.h[i], s.gen[i] = h, s.cur
			s.used++
			return true
		}
		if s.h[i] == h {
			return false
		}
	}
}

// has reports whether h is in the set.
func (s *pageSet) has(h uint64) bool {
	if len(s.h) == 0 {
		return false
	}
	mask := len(s.h) - 1
	for i := slot(h, s.sh); s.gen[i] == s.cur; i = (i + 1) & mask {
		if s.h[i] == h {
			return true
		}
	}
	return false
}

func (s *pageSet) grow() {
	n := max(64, 2*len(s.h))
	old, oldGen := s.h, s.gen
	s.h, s.gen = make([]uint64, n), make([]uint32, n)
	s.sh = uint8(64 - bits.TrailingZeros(uint(n)))
	if s.cur == 0 {
		s.cur = 1
	}
	mask := n - 1
	for j, h := range old {
		if oldGen[j] != s.cur {
			continue
		}
		i := slot(h, s.sh)
		for s.gen[i] == s.cur {
			i = (i + 1) & mask
		}
		s.h[i], s.gen[i] = h, s.cur
	}
}
