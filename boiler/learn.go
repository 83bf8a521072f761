package boiler

import (
	"slices"
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

// Page is one page for the Learner: its site key and its paragraphs.
type Page struct {
	Site       string
	Paragraphs []string
}

// Learner counts, in one streaming pass over pages, the statistics a Model
// needs: per site, in how many pages each normalised fragment occurs
// (paragraphs and their lines, exact, with digits masked, and near-identical
// keys), and corpus-wide word frequencies in long paragraphs.
//
// The zero value is ready to use. A Learner is not safe for concurrent use;
// learn shards in separate Learners and Merge their Models.
type Learner struct {
	sites map[string]*siteCounts
	words map[uint64]stamped // word hash -> long paragraphs containing it
	long  uint64             // long paragraphs sampled

	st  stats
	buf []byte
	cur *siteCounts // site of the page being learned
}

// stamped is a count with the serial number of the last page (or
// paragraph) that incremented it, so that each counts once without sorting
// the page's keys (sorting took 40% of learning time).
type stamped struct{ n, last uint32 }

type siteCounts struct {
	pages uint32
	frags map[uint64]stamped
}

// Add learns one page given as plain text: paragraphs are runs of non-blank
// lines separated by blank lines (see SplitParagraphs).
func (l *Learner) Add(site string, text []byte) {
	l.cur = l.site(site)
	l.cur.pages++
	forEachParagraph(text, func(start, end int) {
		l.addParagraph(text[start:end])
	})
}

// AddPage learns one page given as its list of paragraphs.
func (l *Learner) AddPage(p Page) {
	l.cur = l.site(p.Site)
	l.cur.pages++
	for _, para := range p.Paragraphs {
		l.addParagraph(stringBytes(para))
	}
}

func (l *Learner) site(name string) *siteCounts {
	if l.sites == nil {
		l.sites = make(map[string]*siteCounts)
		l.words = make(map[uint64]stamped)
	}
	sc := l.sites[name]
	if sc == nil {
		sc = &siteCounts{frags: make(map[uint64]stamped)}
		l.sites[name] = sc
	}
	return sc
}

// addParagraph collects the fragment keys of one paragraph (and of each of
// its lines when it has several) and, for long paragraphs, its words.
func (l *Learner) addParagraph(p []byte) {
	l.buf = analyze(&l.st, l.buf, p)
	l.addKeys()
	if l.st.words >= longWords && l.st.exact%wordSample == 0 {
		l.long++
		serial := uint32(l.long)
		for _, w := range l.st.wordHashs {
			if c := l.words[w]; c.last != serial && w != maskToken {
				l.words[w] = stamped{c.n + 1, serial}
			}
		}
	}
	if hasNewline(p) {
		forEachLine(p, func(line []byte) {
			l.buf = analyze(&l.st, l.buf, line)
			l.addKeys()
		})
	}
}

// addKeys counts the fragment keys of l.st once for the current page.
func (l *Learner) addKeys() {
	st := &l.st
	add := func(h uint64) {
		if h == 0 {
			return
		}
		if c := l.cur.frags[h]; c.last != l.cur.pages {
			l.cur.frags[h] = stamped{c.n + 1, l.cur.pages}
		}
	}
	add(st.exact)
	add(st.masked)
	add(st.near)
	n := len(st.wordHashs)
	if n < delMin || n > delMax {
		return
	}
	for skip := 0; skip < n; skip++ {
		add(deletionKey(st.wordHashs, skip))
	}
}

// Model freezes the counts into a Model. The Learner may keep learning
// afterwards; the Model does not share memory with it.
func (l *Learner) Model() *Model {
	m := &Model{long: l.long}
	names := make([]string, 0, len(l.sites))
	for name := range l.sites {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		sc := l.sites[name]
		s := site{name: name, pages: sc.pages, frags: make([]frag, 0, len(sc.frags))}
		for h, c := range sc.frags {
			s.frags = append(s.frags, frag{h, c.n})
		}
		slices.SortFunc(s.frags, cmpFrag)
		m.sites = append(m.sites, s)
	}
	m.words = make([]frag, 0, len(l.words))
	for h, c := range l.words {
		m.words = append(m.words, frag{h, c.n})
	}
	slices.SortFunc(m.words, cmpFrag)
	m.derive()
	return m
}

func cmpFrag(a, b frag) int {
	switch {
	case a.h < b.h:
		return -1
	case a.h > b.h:
		return 1
	}
	return 0
}
