package boiler

import (
	"math"
	"slices"
	"sort"

	"github.com/neardup/dedupe/internal/grow"
	"github.com/neardup/dedupe/internal/par"
)

// frag is a hashed fragment (or word) with a count.
type frag struct {
	h uint64
	n uint32
}

// Model holds what a Learner learned: per site, the number of pages, a key
// per learned page (see pageKey) and in how many of the pages each fragment
// occurs; corpus-wide, the number of long
// paragraphs each word occurs in. Everything else the classifier uses (the
// cross-site counts, the frequent words of the corpus' languages) is derived
// from these counts, so a Model is a sum: Merge adds counts, and merging the
// Models of two shards gives the Model of their union, byte for byte.
//
// The zero value is an empty model (every paragraph is labelled from page
// cues alone). A Model is not modified by labelling: it is safe for
// concurrent use by any number of Classifiers, but Merge and Prune must not
// run concurrently with anything else.
type Model struct {
	sites []site // sorted by name
	words counts // word hash -> sampled long paragraphs holding it
	long  uint64 // long paragraphs sampled

	// derived by derive()
	index map[string]int // site name -> index in sites
	cross counts         // fragment -> sites it occurs in, when >= 2
	stop  hashSet        // function words: the prior and the learned ones
	prior hashSet        // the built-in prior alone (ablation)
}

type site struct {
	name  string
	pages uint32
	// units is the sum over the learned pages of the number of distinct
	// fragment keys (paragraphs and lines; deletion keys aside) of each
	// page: the sum of their counts before Prune.
	units uint64
	frags counts   // fragment key -> pages of the site holding it
	seen  []uint64 // page keys of the learned pages, strictly increasing
	// pruned sums the counts of the fragments that Prune dropped, by
	// what they added to the template share when dropped: pruned[0] of
	// those on templateLeast of the site's pages or more, pruned[1] of
	// the others on two or more (see templateShare).
	pruned [2]uint64

	tmpl float64 // derived: see templateShare
	copy float64 // derived: see templateShare
}

// hasPage reports whether a page with page key k was learned.
func (s *site) hasPage(k uint64) bool {
	_, ok := slices.BinarySearch(s.seen, k)
	return ok
}

// minLongForWords is the number of sampled long paragraphs from which the
// frequent words of the corpus are added to the built-in English prior:
// with fewer, frequency estimates are too noisy.
const minLongForWords = 200 / wordSample

// stopShare is the share of long paragraphs a word must occur in to count
// as a function word. In running text of any language the function words
// are the few words found in a sizeable share of all paragraphs; topical
// words mostly stay below. Measured on the development set (3,653
// paragraphs of 25 words or more): "the" 0.89, "of" 0.62, "said" 0.28,
// "which" 0.08; about 80 words pass 0.04, a few of them frequent news words
// ("president" 0.063, "government" 0.040).
const stopShare = 0.04

// maxStop caps the learned function-word list (jusText's lists hold 100 to
// 500 words per language).
const maxStop = 400

// derive rebuilds the derived tables from the counts.
func (m *Model) derive() {
	m.index = make(map[string]int, len(m.sites))
	for i := range m.sites {
		m.index[m.sites[i].name] = i
	}
	// The cross-site counts (most of the time) and each site's index and
	// template share are tasks of their own, shared among the cores.
	par.For(len(m.sites)+1, func(i int) {
		if i == 0 {
			m.cross = crossCounts(m.sites)
			return
		}
		s := &m.sites[i-1]
		s.frags.index()
		s.tmpl, s.copy = s.templateShare()
	})
	var stop []uint64
	for _, w := range priorStopwords {
		stop = append(stop, wordHash(w))
	}
	m.prior = newHashSet(stop)
	if m.long >= minLongForWords {
		cand := make([]frag, 0, 512)
		// compared as floats: a decoded long may exceed any uint32
		least := math.Floor(stopShare * float64(m.long))
		for i, h := range m.words.h {
			if float64(m.words.n[i]) >= least && h != maskToken {
				cand = append(cand, frag{h, m.words.n[i]})
			}
		}
		sort.Slice(cand, func(i, j int) bool {
			if cand[i].n != cand[j].n {
				return cand[i].n > cand[j].n
			}
			return cand[i].h < cand[j].h
		})
		if len(cand) > maxStop {
			cand = cand[:maxStop]
		}
		for _, w := range cand {
			stop = append(stop, w.h)
		}
	}
	m.stop = newHashSet(stop)
}

// crossCounts returns the number of sites holding each fragment that two
// sites or more hold, the keys of whole paragraphs and lines only, which
// are those the classifier looks up (analyzeParagraph): leaving out the
// deletion keys took the sort for the model of the README's 1 GB
// documentation corpus from 1.6 to 0.4 s.
//
// The sites' keys are sorted, so the keys of one range of hashes (by their
// top crossBits bits) are a slice of each site's: each range is gathered,
// sorted and its runs counted apart, the ranges shared among the cores,
// and their counts joined in order. (With one sort of all keys, this was
// a single task of 0.67 s among the per-site ones of Model.derive, most
// of the 1.04 s that merging and deriving took between the passes of
// clean on that corpus on two cores; a map of every key was the peak of
// memory when making a Model.)
func crossCounts(sites []site) counts {
	var cross counts
	if len(sites) < 2 {
		return cross
	}
	parts := make([]counts, 1<<crossBits)
	par.For(len(parts), func(r int) {
		parts[r] = crossRange(sites, r)
	})
	total := 0
	for _, p := range parts {
		total += len(p.h)
	}
	cross = counts{h: make([]uint64, 0, total), n: make([]uint32, 0, total)}
	for _, p := range parts {
		cross.h = append(cross.h, p.h...)
		cross.n = append(cross.n, p.n...)
	}
	cross.index()
	return cross
}

// crossBits is the number of top bits of a hash that choose its range in
// crossCounts.
const crossBits = 6

// crossRange returns the cross-site counts (see crossCounts) of the keys
// whose top crossBits bits are r.
func crossRange(sites []site, r int) counts {
	const shift = 64 - crossBits
	lo, last := uint64(r)<<shift, r == 1<<crossBits-1
	in := make([][]uint64, len(sites)) // each site's keys in the range
	size := 0
	for i := range sites {
		h := sites[i].frags.h
		a, _ := slices.BinarySearch(h, lo)
		b := len(h)
		if !last {
			b, _ = slices.BinarySearch(h, lo+1<<shift)
		}
		in[i] = h[a:b]
		size += b - a
	}
	keys := make([]uint64, 0, size)
	for _, hs := range in {
		for _, h := range hs {
			if !isDeletion(h) {
				keys = append(keys, h)
			}
		}
	}
	slices.Sort(keys)
	var c counts
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		if j-i >= 2 {
			c.append(keys[i], uint32(j-i))
		}
		i = j
	}
	return c
}

// Sites returns the number of sites in the model.
func (m *Model) Sites() int { return len(m.sites) }

// Pages returns the number of pages learned for site (0 if unknown).
func (m *Model) Pages(site string) int {
	if i, ok := m.index[site]; ok {
		return int(m.sites[i].pages)
	}
	return 0
}

// siteOf returns the site record or nil.
func (m *Model) siteOf(name string) *site {
	if i, ok := m.index[name]; ok {
		return &m.sites[i]
	}
	return nil
}

// count returns in how many pages of s the fragment h occurs.
func (s *site) count(h uint64) uint32 {
	if s == nil || h == 0 {
		return 0
	}
	return s.frags.get(h)
}

// Merge adds the counts of other to m, as if m had also learned other's
// pages. other is not modified. Merging is commutative and associative: the
// result does not depend on the order in which shards are merged.
func (m *Model) Merge(other *Model) {
	if other == nil {
		return
	}
	m.merge(other)
	m.derive()
}

// merge adds the counts of other to m and leaves m's derived tables stale.
func (m *Model) merge(other *Model) {
	// First the order of the sites, then their counts, a site a task (and
	// the words one more) shared among the cores.
	type pair struct{ a, b *site }
	plan := make([]pair, 0, len(m.sites)+len(other.sites))
	i, j := 0, 0
	for i < len(m.sites) || j < len(other.sites) {
		switch {
		case j == len(other.sites) || i < len(m.sites) && m.sites[i].name < other.sites[j].name:
			plan = append(plan, pair{a: &m.sites[i]})
			i++
		case i == len(m.sites) || other.sites[j].name < m.sites[i].name:
			plan = append(plan, pair{b: &other.sites[j]})
			j++
		default:
			plan = append(plan, pair{&m.sites[i], &other.sites[j]})
			i++
			j++
		}
	}
	out := make([]site, len(plan))
	var words counts
	par.For(len(plan)+1, func(k int) {
		if k == len(plan) {
			words = mergeCounts(&m.words, &other.words)
			return
		}
		a, b := plan[k].a, plan[k].b
		switch {
		case b == nil:
			out[k] = *a
		case a == nil:
			out[k] = site{name: b.name, pages: b.pages, units: b.units, frags: b.frags.clone(), seen: slices.Clone(b.seen), pruned: b.pruned}
		default:
			out[k] = site{name: a.name, pages: addSat(a.pages, b.pages), units: a.units + b.units,
				frags: mergeCounts(&a.frags, &b.frags), seen: unionSorted(a.seen, b.seen),
				pruned: [2]uint64{a.pruned[0] + b.pruned[0], a.pruned[1] + b.pruned[1]}}
		}
	})
	m.sites = out
	m.words = words
	m.long += other.long
}

// Prune drops the fragments found on fewer than minPages pages of their site
// and the words found in fewer than minPages long paragraphs, to bound the
// memory of a model learned on a large corpus: a fragment seen once says
// little about repetition. The page keys (which pages were learned) are
// kept, so pages learned before pruning are still known as such, and so
// is each site's template share (site.pruned): without it, a site whose
// template fragments were dropped (those on fewer than minPages pages)
// looked like a site of text, whose page cues are muted, and its pages
// were labelled worse than with no model at all (development pages, F1
// 0.908 unpruned, 0.888 with an empty model, 0.808 after Prune(3), 0.395
// after Prune(50); with the share kept 0.900 and 0.892). Labels change
// little for minPages = 2 (see TestDev; cross-site counts of fragments
// seen once per site are lost). Merging pruned models is exact only for
// the counts that survived pruning, so prune after the last Merge.
func (m *Model) Prune(minPages int) {
	if minPages <= 1 {
		return
	}
	for i := range m.sites {
		s := &m.sites[i]
		least := templateLeast(s.pages)
		for k, n := range s.frags.n {
			switch {
			case int(n) >= minPages || isDeletion(s.frags.h[k]):
			case n >= least:
				s.pruned[0] += uint64(n)
			case n >= 2:
				s.pruned[1] += uint64(n)
			}
		}
		s.frags.prune(uint32(min(minPages, 1<<32-1)))
	}
	m.words.prune(uint32(min(minPages, 1<<32-1)))
	m.derive()
}

// hashSet is an open-addressing set of hashes for the per-word
// function-word test, which runs for every word labelled (Go map lookups
// were 11% of labelling time in the profile). Linear probing without
// wrap-around (the slots run past the last home slot), in a table grown
// until every member is within setProbes slots of its home slot, makes a
// lookup setProbes comparisons without branches (filter): with early
// exits, the lookup and the test of its result mispredicted about every
// other word, function words and others coming in random order. Without,
// BenchmarkBoilerGenLabel in bench went from 142 to 158 cpu-MB/s,
// BenchmarkBoilerGenClean (labels without reasons; since removed) from 167
// to 188.
type hashSet struct {
	slots []uint64 // 0 is an empty slot
	mask  uint64   // home slots are 0 to mask
	extra []uint64 // members that did not fit (hashes made to collide)
}

// setProbes is the longest probe sequence of a hashSet: the table grows,
// up to 4 times, until every member is within setProbes slots of its
// home slot; members that still do not fit go to extra.
const setProbes = 4

func newHashSet(hs []uint64) hashSet {
	n := 16
	for n < 4*len(hs) {
		n *= 2
	}
	for try := 1; ; try++ {
		if s, ok := fillHashSet(hs, n, try == 3); ok {
			return s
		}
		n *= 2
	}
}

// fillHashSet makes a hashSet of hs with n home slots; it fails if a
// member does not fit within setProbes slots of its home slot, unless
// spill is true: the member then goes to extra.
func fillHashSet(hs []uint64, n int, spill bool) (hashSet, bool) {
	s := hashSet{slots: make([]uint64, n+setProbes-1), mask: uint64(n - 1)}
	for _, h := range hs {
		if h == 0 {
			continue
		}
		i := s.home(h)
		for k := 0; ; k++ {
			if k == setProbes {
				if !spill {
					return s, false
				}
				if !slices.Contains(s.extra, h) {
					s.extra = append(s.extra, h)
				}
				break
			}
			if s.slots[i+k] == 0 || s.slots[i+k] == h {
				s.slots[i+k] = h
				break
			}
		}
	}
	return s, true
}

func (s *hashSet) home(h uint64) int { return setHome(h, s.mask) }

// setHome is the home slot of h in a hashSet of the given mask.
func setHome(h, mask uint64) int { return int((h * 0x9e3779b97f4a7c15) >> 20 & mask) }

// filter appends to dst the words that are not in s nor digit runs
// (maskToken) and returns it with the number of words in s. Every word is
// written and kept or not by the length of dst, without branches on the
// words (see hashSet).
func (s *hashSet) filter(dst, words []uint64) (_ []uint64, in int) {
	if len(s.slots) == 0 {
		for _, h := range words {
			if h != maskToken {
				dst = append(dst, h)
			}
		}
		return dst, 0
	}
	dst = grow.Room(dst, len(words))
	keep := dst[len(dst):][:len(words)]
	k := 0
	// the set's fields in locals (the stores to keep may alias them for
	// all the compiler knows, and it loaded them again for every word),
	// and the probed slots a slice with one bounds check, not an array
	// pointer, whose conversion checked the capacity as well: about 205
	// -> 230 MB/s of word hashes for paragraphs of 64 words, half of them
	// in the set (a throwaway benchmark, four alternating runs)
	slots, mask, extra := s.slots, s.mask, s.extra
	for _, h := range words {
		i := setHome(h, mask)
		w := slots[i : i+setProbes]
		found := b2i(w[0] == h) | b2i(w[1] == h) | b2i(w[2] == h) | b2i(w[3] == h)
		if len(extra) > 0 {
			found |= b2i(slices.Contains(extra, h))
		}
		found &= b2i(h != 0)
		in += found
		keep[k] = h
		k += (1 - found) & b2i(h != maskToken)
	}
	return dst[:len(dst)+k], in
}

// templateMin is the share of a site's pages a fragment must be on to count
// as part of the site's template (see templateShare).
const templateMin = 0.1

// templateLeast is the number of pages of a site of n pages a fragment
// must be on to be part of its template.
func templateLeast(n uint32) uint32 {
	return max(2, uint32(math.Ceil(templateMin*float64(n))))
}

// templateShare estimates how much of its pages a site's template makes
// up: the share of the fragments of its pages (paragraphs and lines,
// counted once per page) that are on at least templateMin of its pages
// (and on two or more). Menus, footers and notices shown on every page
// make up most fragments of a news site's pages (0.5 to 0.8 on the
// development set's sites of 3 pages or more); on sites whose pages are
// mostly content (a news wire, the RFCs, licence texts) they are a few
// percent (0.02 to 0.05). The fragments that Prune dropped count as they
// did then (site.pruned).
func (s *site) templateShare() (tmpl, copy float64) {
	if s.units == 0 || s.pages < 2 {
		return 0, 0
	}
	least := templateLeast(s.pages)
	in, rep := s.pruned[0], s.pruned[1]
	for i, h := range s.frags.h {
		if n := s.frags.n[i]; n >= least && !isDeletion(h) {
			in += uint64(n)
		} else if n >= 2 && !isDeletion(h) {
			rep += uint64(n)
		}
	}
	return math.Min(1, float64(in)/float64(s.units)), math.Min(1, float64(rep)/float64(s.units))
}
