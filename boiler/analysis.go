package boiler

import "github.com/neardup/dedupe/internal/grow"

// PageAnalysis is one page tokenised for a Learner: the fragment keys the
// page counts, the words of its sampled long paragraphs, its page key, and
// the hashes of its words in text order with the statistics of each
// paragraph. Tokenising is most of the cost of learning and needs no
// Learner, so Analyze can run on any goroutine and Learner.Add then only
// counts; the word hashes serve other uses of the same tokens (a
// near-duplicate signature, say, or labelling the page with
// Classifier.ClassifyAnalysis) without tokenising the page twice.
//
// The zero value is an empty analysis, ready for Analyze, which reuses its
// buffers. A PageAnalysis is not safe for concurrent use.
type PageAnalysis struct {
	site    string
	keys    []uint64    // fragment keys in text order, duplicates possible
	words   []uint64    // word hashes of the paragraphs, in text order
	sampled []int32     // start, end pairs: words of the sampled long paragraphs
	pageKey uint64      // see pageKey
	paras   []paraStats // one per paragraph; none in a compact copy

	st    stats
	buf   []byte
	lines []lineMark // of the paragraph being analysed
}

// Analyze tokenises page p into a, replacing what a held. The room for
// the page's words is made first (see wordRoom), so that analyze writes
// them in place rather than growing a.words paragraph by paragraph.
func (a *PageAnalysis) Analyze(p Page) {
	a.reset(p.Site)
	// Room made once for the page, doubling: grown paragraph by paragraph
	// with append's quarter steps, the 40 MB dictionary page of the
	// README's documentation corpus, cleaned alone, spent 0.37 s of its
	// 5.5 s of CPU samples in runtime.growslice under addParagraph,
	// addKeys and addLineKeys (and 0.17 s under Classifier.label, which
	// now makes room once too). A page has about as many keys as words, or
	// fewer: a key per paragraph and line, and deletion keys for those of
	// 3 to 8 words.
	words := wordRoom(textBytes(p.Paragraphs))
	a.words = grow.Room(a.words, words)
	a.keys = grow.Room(a.keys, words)
	a.paras = grow.Room(a.paras, len(p.Paragraphs))
	for _, para := range p.Paragraphs {
		a.addParagraph(stringBytes(para))
	}
}

// Words returns the hashes of the words of the page's paragraphs in text
// order: the package's tokens (see the package doc: case-folded runs of
// letters and digits, a word split where letters meet digits), every digit
// run the same hash. The slice is a's and is valid until the next Analyze.
func (a *PageAnalysis) Words() []uint64 { return a.words }

// CompactTo sets dst to what Learner.Add reads of a: the site, the
// fragment keys and the page key, and of the word hashes only those of
// the sampled long paragraphs. Add(dst) learns what Add(a) would; dst's
// Words returns those sampled words only. A caller that analyses pages on
// workers and learns them later (after removing near-duplicates, say)
// keeps one full analysis per worker and hands compact copies on: the
// word hashes, several bytes per byte of text, then stay in the worker's
// buffer instead of growing every analysis in flight to the largest page
// it met. dst's buffers are reused; a is not modified.
func (a *PageAnalysis) CompactTo(dst *PageAnalysis) {
	dst.reset(a.site)
	dst.keys = append(dst.keys, a.keys...)
	dst.pageKey = a.pageKey
	for i := 0; i+1 < len(a.sampled); i += 2 {
		start := len(dst.words)
		dst.words = append(dst.words, a.words[a.sampled[i]:a.sampled[i+1]]...)
		dst.sampled = append(dst.sampled, int32(start), int32(len(dst.words)))
	}
}

// paraStats are the statistics of one paragraph of a full analysis that
// Classifier.ClassifyAnalysis reads (see stats): the paragraph's words are
// words[end of the one before:end], its length in bytes size.
type paraStats struct {
	size, end, words, runes, seps, sentEnds, numW int
	terminal                                      bool
	exact, masked, near                           uint64
}

// of reports whether a may be the full analysis of p: its site, and a
// paragraph of each length of p's, in order.
func (a *PageAnalysis) of(p Page) bool {
	if a.site != p.Site || len(a.paras) != len(p.Paragraphs) {
		return false
	}
	for i, para := range p.Paragraphs {
		if a.paras[i].size != len(para) {
			return false
		}
	}
	return true
}

func (a *PageAnalysis) reset(site string) {
	a.site = site
	a.paras = a.paras[:0]
	a.keys = a.keys[:0]
	a.words = a.words[:0]
	a.sampled = a.sampled[:0]
	a.pageKey = 0
}

// addParagraph records the fragment keys of one paragraph (and of each of
// its lines when it has several) and its words.
func (a *PageAnalysis) addParagraph(p []byte) {
	st := &a.st
	// analyze appends the word hashes to st.wordHashs[:0]: starting it at
	// the end of a.words writes them in place when a.words has room.
	start := len(a.words)
	st.wordHashs = a.words[start:]
	var lines *[]lineMark
	if hasNewline(p) {
		a.lines = a.lines[:0]
		lines = &a.lines
	}
	a.buf = analyzeLines(st, a.buf, p, lines)
	a.pageKey = pageKey(a.pageKey, st)
	a.addKeys()
	if n := len(st.wordHashs); n > 0 && start+n <= cap(a.words) && &a.words[:start+n][start] == &st.wordHashs[0] {
		a.words = a.words[:start+n]
	} else {
		a.words = append(grow.Room(a.words, len(st.wordHashs)), st.wordHashs...)
	}
	a.paras = append(a.paras, paraStats{size: len(p), end: len(a.words), words: st.words, runes: st.runes, seps: st.seps,
		sentEnds: st.sentEnds, numW: st.numW, terminal: st.terminal, exact: st.exact, masked: st.masked, near: st.near})
	if st.words >= longWords && (st.exact>>1)%wordSample == 0 { // bit 0 is always 0 (see finish)
		a.sampled = append(a.sampled, int32(start), int32(len(a.words)))
	}
	if lines != nil {
		a.addLineKeys(a.words[start:])
	}
}

// addLineKeys records the fragment keys of the lines of a paragraph of
// words, as analyze and addKeys would for each line alone: the lines'
// words and near keys come from the paragraph's analysis (a.lines), their
// masked keys are refolded from the words. Analysing every line again
// made learning the 2,000 generated pages of bench, with a line break
// after every sentence, take 73 ms of CPU time instead of 55.
func (a *PageAnalysis) addLineKeys(words []uint64) {
	from, num := 0, 0
	for _, l := range a.lines {
		ws := words[from:l.end]
		digits := l.num - num
		from, num = l.end, l.num
		if len(ws) == 0 || isNumeric(digits, len(ws)) {
			continue // no key, as for a blank line; or numeric (see stats.key)
		}
		key := l.near
		if key == 0 {
			var ma uint64
			for _, w := range ws {
				ma = mix(ma, w)
			}
			key = finish(ma, kindMasked, len(ws))
		}
		a.keys = append(a.keys, key)
		a.keys = appendWordDeletionKeys(a.keys, ws)
	}
}

// addKeys records the fragment keys of a.st: its key and, for fragments of
// delMin to delMax words, its deletion keys.
func (a *PageAnalysis) addKeys() {
	if h := a.st.key(); h != 0 {
		a.keys = append(a.keys, h)
	}
	a.keys = appendDeletionKeys(a.keys, &a.st)
}

// Add learns the page a was made from (see PageAnalysis.Analyze). a is not
// modified: it may be reused for the next page once Add returns. The Model
// does not depend on the order in which pages are added.
func (l *Learner) Add(a *PageAnalysis) {
	l.cur = l.site(a.site)
	l.cur.pages++
	l.page.resetFor(len(a.keys))
	fresh := grow.Room(l.fresh[:0], len(a.keys))
	for _, h := range a.keys {
		if l.page.add(h) {
			fresh = append(fresh, h)
		}
	}
	l.fresh = fresh
	if cap(fresh) > 1<<18 {
		l.fresh = nil // grown for a large page: not kept for the next ones (see pageSet.resetFor)
	}
	t := &l.cur.frags
	if !t.full(len(fresh)) {
		t.touch(fresh) // else inc grows t and moves its slots
	}
	for _, h := range fresh {
		t.inc(h)
		if !isDeletion(h) {
			l.cur.units++
		}
	}
	for i := 0; i+1 < len(a.sampled); i += 2 {
		l.long++
		serial := uint32(l.long)
		for _, w := range a.words[a.sampled[i]:a.sampled[i+1]] {
			if w != maskToken {
				l.words.add(w, serial)
			}
		}
	}
	if a.pageKey != 0 {
		l.cur.seen = append(l.cur.seen, a.pageKey)
	}
}
