package boiler

import (
	"slices"

	"github.com/neardup/dedupe/internal/par"
)

// longWords is the length, in words, from which a paragraph counts as "long"
// for learning the frequent (function) words of the corpus: long paragraphs
// are mostly running text, whose most frequent words are function words.
const longWords = 25

// wordSample: only one long paragraph in wordSample, chosen by its hash
// (so that shards still add up exactly), has its words counted: one map
// update per word of every long paragraph was the largest cost of learning
// after page deduplication, and a sample of some hundred paragraphs already
// ranks the function words. Learning went from 89 to 136 cpu-MB/s with
// this and the stamps below (BenchmarkLearn).
const wordSample = 4

// Learner counts, in one streaming pass over pages, the statistics a Model
// needs: per site, in how many pages each normalised fragment occurs
// (paragraphs and their lines, under their near keys and keys with one
// word left out), and corpus-wide word frequencies in long paragraphs.
// Pages are tokenised apart, by PageAnalysis.Analyze, and counted by Add.
//
// The zero value is ready to use. A Learner is not safe for concurrent use;
// learn shards in separate Learners and Merge their Models.
type Learner struct {
	sites map[string]*siteCounts
	words wordTable // word hash -> long paragraphs containing it
	long  uint64    // long paragraphs sampled

	cur   *siteCounts // site of the page being learned
	page  pageSet     // keys counted for the current page
	fresh []uint64    // the page's keys, each once (see Add)
}

// stamped is a word count with the serial number of the last paragraph
// that incremented it, so that each counts once per paragraph without
// sorting its words.
type stamped struct{ n, last uint32 }

type siteCounts struct {
	pages uint32
	units uint64 // fragments counted, deletion keys aside (see site.units)
	frags table
	seen  []uint64 // page keys, unsorted, duplicates possible
}

// pageKey folds the paragraph described by st into the page key k: the
// smallest exact key of the page's long paragraphs (0 if it has none). It
// records which pages a Model learned, so that a page can be recognised as
// learned or new (see Classifier) even after Prune has dropped its unique
// paragraphs: long paragraphs are nearly always unique to their page, and
// the smallest of their keys is a stable fingerprint of the page.
func pageKey(k uint64, st *stats) uint64 {
	if st.words >= longWords && (k == 0 || st.exact < k) {
		return st.exact
	}
	return k
}

func (l *Learner) site(name string) *siteCounts {
	if l.sites == nil {
		l.sites = make(map[string]*siteCounts)
	}
	sc := l.sites[name]
	if sc == nil {
		sc = new(siteCounts)
		l.sites[name] = sc
	}
	return sc
}

// Model freezes the counts into a Model. The Learner may keep learning
// afterwards; the Model does not share memory with it.
func (l *Learner) Model() *Model {
	m := l.counts(false)
	m.derive()
	return m
}

// MergeLearners returns the Model of the pages the learners learned, the
// Model of one of them merged with those of the others (Model.Merge), with
// its derived tables built once rather than after each merge (three times
// for two learners: 2.4 s of the 6 s spent between the passes of clean
// on the 1 GB documentation corpus). It takes the learners over: it sets
// each ls[i] to nil and empties the learner site by site as it freezes
// its counts, so that the peak memory stays near one copy of the counts.
// Nil learners are skipped; it returns nil if there is no other.
//
// The learners are frozen at once, one a core, and the merge and derive
// share their sites out among the cores: this step runs alone between the
// passes of clean, where it took 1.4 to 1.6 s of wall time on the
// README's documentation corpus on one core (CPU time: freeze 0.49 s,
// merge 0.37, derive 0.75), 1.0 to 1.1 s on two; derive's cross-site
// counts were then one task of 0.65-0.77 s, now shared among the cores
// too (see crossCounts: derive 0.31-0.45 s of wall time).
func MergeLearners(ls []*Learner) *Model {
	ms := make([]*Model, len(ls))
	par.For(len(ls), func(i int) {
		if ls[i] != nil {
			ms[i] = ls[i].counts(true)
		}
	})
	clear(ls)
	var m *Model
	for _, mi := range ms {
		if mi == nil {
			continue
		}
		if m == nil {
			m = mi
		} else {
			m.merge(mi)
		}
	}
	if m != nil {
		m.derive()
	}
	return m
}

// counts freezes the counts into a Model whose derived tables are not built
// (see Model.derive). With consume, l lets go of each site's table once it
// is frozen, so that the learner's tables and their frozen copies are not
// all held at once; l is then empty.
func (l *Learner) counts(consume bool) *Model {
	m := &Model{long: l.long}
	names := make([]string, 0, len(l.sites))
	for name := range l.sites {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		sc := l.sites[name]
		s := site{name: name, pages: sc.pages, units: sc.units, frags: sc.frags.freeze()}
		s.seen = slices.Compact(slices.Sorted(slices.Values(sc.seen)))
		m.sites = append(m.sites, s)
		if consume {
			delete(l.sites, name)
		}
	}
	m.words = l.words.freeze()
	if consume {
		*l = Learner{}
	}
	return m
}
