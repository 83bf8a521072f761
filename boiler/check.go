package boiler

import (
	"errors"
	"fmt"
)

// ErrInvalid is returned by Model.Check when a Model breaks an invariant.
var ErrInvalid = errors.New("boiler: invalid model")

// Check verifies the invariants of m: sites sorted by name, each with at
// least one page; fragment hashes strictly increasing with counts between
// 1 and the site's pages, the counts of fragment keys and those that
// Prune dropped summing to the site's units at most; page keys strictly increasing and no more than
// the site's pages; word counts between 1 and the number of long
// paragraphs. Models made by a Learner, Merge, Prune or decoding always
// pass; it is for tests and for tools (the CLI's -check).
func (m *Model) Check() error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...)
	}
	if err := checkCounts(&m.words, m.long); err != nil {
		return fail("words: %v", err)
	}
	for i := range m.sites {
		s := &m.sites[i]
		if i > 0 && s.name <= m.sites[i-1].name {
			return fail("site %q: names not increasing", s.name)
		}
		if s.pages == 0 {
			return fail("site %q: no pages", s.name)
		}
		if err := checkCounts(&s.frags, uint64(s.pages)); err != nil {
			return fail("site %q: %v", s.name, err)
		}
		units := s.pruned[0] + s.pruned[1]
		if units < s.pruned[0] {
			return fail("site %q: pruned counts overflow", s.name)
		}
		for k, h := range s.frags.h {
			if !isDeletion(h) {
				units += uint64(s.frags.n[k])
			}
		}
		if units > s.units {
			return fail("site %q: fragment counts and pruned counts sum to %d, above its %d units", s.name, units, s.units)
		}
		if len(s.seen) > int(s.pages) {
			return fail("site %q: %d page keys for %d pages", s.name, len(s.seen), s.pages)
		}
		for k := 1; k < len(s.seen); k++ {
			if s.seen[k] <= s.seen[k-1] {
				return fail("site %q: page keys not increasing", s.name)
			}
		}
	}
	if m.index != nil && len(m.index) != len(m.sites) {
		return fail("index of %d sites for %d sites", len(m.index), len(m.sites))
	}
	for i, n := range m.cross.n {
		if n < 2 || int(n) > len(m.sites) {
			return fail("fragment %x on %d sites of %d", m.cross.h[i], n, len(m.sites))
		}
	}
	return nil
}

func checkCounts(c *counts, max uint64) error {
	if len(c.h) != len(c.n) {
		return fmt.Errorf("%d hashes, %d counts", len(c.h), len(c.n))
	}
	for i, h := range c.h {
		if i > 0 && h <= c.h[i-1] {
			return fmt.Errorf("hashes not increasing at %d", i)
		}
		if n := uint64(c.n[i]); n == 0 || n > max {
			return fmt.Errorf("count %d of %x outside [1, %d]", n, h, max)
		}
	}
	return nil
}
