package boiler

import (
	"math"
	"sync"

	"github.com/neardup/dedupe/internal/grow"
)

// Classifier labels the paragraphs of pages with a Model. It owns scratch
// buffers reused from page to page, so it is not safe for concurrent use:
// use one Classifier per goroutine (they may share the Model). The zero value
// is not usable; call Model.Classifier.
type Classifier struct {
	m    *Model
	opts Options
	p    params

	st      stats
	buf     []byte
	feats   []feat
	seen    pageSet // exact keys of the page's paragraphs
	kept    pageSet // exact keys of the paragraphs labelled Content (see decide)
	back    []byte
	words   []uint64 // non-stopword hashes of the page's paragraphs
	all     []uint64 // word hashes of the page's paragraphs (see feat.a0)
	cand    pageSet  // words of the candidate headlines (see title)
	body    pageSet  // the candidate words found in the content
	keys    []uint64 // keys looked up (see siteCounts)
	at      []int32  // the paragraph of each of keys
	pageKey uint64   // see pageKey
	pages   uint32   // pages of the site, this one included
	// the site's regime (see setSite)
	prior, text      float64
	cueScale         float64     // weight of the page cues against a paragraph
	perCopy          float64     // evidence of each further page holding a fragment
	copyW, copyRate  float64     // a text site's own copying (see siteEvidence)
	logCopy          [3]float64  // log copyW, log copyRate, log(1-copyW): per site, not per paragraph
	cap              float64     // the most evidence of repetition inside the prose
	proseLo, proseHi int         // first and last prose paragraph
	ns               []uint32    // counts looked up (see siteCounts, discountCopies)
	inPage           pageCount   // keys of the page's paragraphs (see countFurniture)
	newPage          bool        // the page was not learned (see decide)
	textPage         bool        // a text page of a site of one page (see isTextPage)
	textFirst        bool        // the same, or a typed text, judged before comment threads are marked (see markThread)
	longText         bool        // a page with textLong prose paragraphs or more (see textLong)
	wrapped          bool        // its prose comes hard-wrapped (see isTextPage)
	typed            bool        // a typed text of a site of one page (see typedLines)
	meta             []int       // comment frames (see markThreads)
	frames           [][2]uint64 // per paragraph after proseLo: its metaKey and metaTail (see markThreads)
	proseBefore      []int32     // prose paragraphs before each paragraph, and in all (see proseIn)
	templateMin      uint32      // pages holding a fragment of the site's template
	runs             []int32     // start, end pairs: the runs of wrapped lines (see joinWrapped)
	span             []int32     // the first paragraph of each feat while runs are joined
	exacts           []uint64    // the exact keys of the paragraphs while runs are joined

	reasons reasonCache

	// running furniture told from headings (see runningFurniture)
	beside     pageCount  // shapes with their neighbours and steps
	lastAt     pageCount  // the last paragraph of each shape, and where its numbers last went back (pageCount.replace)
	furnRun    []int32    // see furnitureRuns
	furnText   []int32    // see runningFurniture
	steps      []lineStep // see evenPages
	linesKnown bool       // the page's lines are known (Page.Lines; see runningFurniture)
	sameLabels []int32    // paragraph index, in-page count pairs: the labels that are the same line each time (see ownLabels)

	lst    stats // of the line being labelled (see cutLine)
	lbuf   []byte
	lwords []uint64
}

// emptyModel is the derived zero Model (built-in function words only).
var emptyModel = sync.OnceValue(func() *Model {
	m := new(Model)
	m.derive()
	return m
})

// Classifier returns a Classifier for m with opts. m must not be modified
// (Merge, Prune, ReadFrom) while the Classifier is in use.
func (m *Model) Classifier(opts Options) *Classifier {
	if m.index == nil {
		m = emptyModel() // the zero Model, without writing to it
	}
	return &Classifier{m: m, opts: opts, p: defaultParams}
}

// feat is what the classifier knows about one paragraph. There is one per
// paragraph of the page, all held until the page is labelled, so its fields
// are packed: the 8-byte ones first, then the counts and word offsets in
// int32, then the flags. A page is under 2 GiB of text (maxPage): its
// words, separators and sentence ends, and so its paragraphs with words,
// number less than 2^31, as do their sums over a run of wrapped lines (see
// mergeFeats). 152 bytes, not 224 with ints and the flags spread between
// them: the features of QA's 14 MB page of 1.1 million short lines took
// 235 MB of the live heap of clean, 160 MB packed.
type feat struct {
	masked  uint64  // its masked key
	opening uint64  // key of its first openingWords words (0 if short)
	first   uint64  // hash of its first word
	exact   uint64  // its exact key (0 if it has none)
	key     uint64  // its key (stats.key: 0 if none)
	stopD   float64 // function-word density
	cue     float64 // content log-odds from the paragraph's page cues
	e       float64 // content log-odds: cues, prior, repetition
	rep     float64 // evidence of repetition against it (log-odds)
	siteEv  float64 // the part of rep from the site's pages
	score   float64
	reason  string

	words    int32
	seps     int32
	sentEnds int32
	series   int32  // paragraphs of the page with the same opening
	inPage   int32  // paragraphs of the page with the same masked key (short ones only)
	w0, w1   int32  // its non-stopword hashes are c.words[w0:w1]
	a0       int32  // its word hashes are c.all[a0:a0+words]
	siteN    uint32 // pages of the site holding the paragraph
	crossN   uint32 // other sites holding it

	terminal  bool
	digits    bool     // it holds digit runs
	lines     lineKind // one line, several, or hard-wrapped (see lineKind)
	mark      uint8    // page-structure mark (markHeading, ...)
	inContent bool     // on the content path of the page
	shared    bool     // see Paragraph.Shared
	dup       bool     // exact copy of an earlier paragraph of the page
	label     Label
}

// lineKind tells the paragraphs of several lines from those of one,
// and among them the hard-wrapped ones (feat.lines).
type lineKind uint8

const (
	oneLine      lineKind = iota
	severalLines          // a figure, a table, an address, a stanza (see keepSpan)
	wrappedLines          // typed to a width (see hardWrapped), or lines joined by joinWrapped
)

// linesOf returns the lineKind of paragraph p.
func linesOf(p []byte) lineKind {
	switch {
	case !hasNewline(p):
		return oneLine
	case hardWrapped(p):
		return wrappedLines
	}
	return severalLines
}

// params are the classifier's constants. The emission weights are in
// log-odds units and were set by reasoning about the cues, then checked on
// the development set (see the package doc for the ablation): a paragraph of
// lenMid words with stopMid function-word density and no other cue is
// neutral; doubling its length is worth lenW; a site-repeated fragment
// (siteW) outweighs any page cue. siteCopy is log(1/d), d the chance that
// a content paragraph is copied to one more page of its site (see
// siteEvidence): a fragment on 2 of 2 pages costs 6.7 - log 2 = 6.0, as
// much as siteW, on 2 of 50 pages 2.8.
type params struct {
	siteMin        uint32 // pages holding a fragment for it to be site furniture
	crossMin       uint32 // other sites holding a fragment
	crossMaxWords  int    // longer fragments may be syndicated text
	lenW, lenMid   float64
	stopW, stopMid float64
	stopSpan       float64
	termW, sepW    float64
	siteW, crossW  float64
	siteCopy       float64 // log-odds per further page holding a fragment
	siteCap        float64 // the most evidence repetition gives
	priorRef       float64 // template share of the sites the weights were set on
	priorPages     float64 // pages of weight priorRef in a site's estimate
	textCap        float64 // less evidence of repetition inside a text site's prose
	markW          float64 // evidence of a page-structure mark (see markThreads)
	switchCost     float64 // cost of a content/boilerplate switch on the path
	titleShare     float64 // share of a headline's words found in the content
	titleMaxWords  int
	titleLookBack  int // paragraphs before the content searched for the headline
}

var defaultParams = params{
	siteMin: 2, crossMin: 2, crossMaxWords: 12,
	lenW: 2, lenMid: 12, stopW: 8, stopMid: 0.35, stopSpan: 0.25, termW: 1, sepW: 2,
	siteW: 6, siteCopy: 10, siteCap: 8, crossW: 3, switchCost: 2.5,
	priorRef: 0.5, priorPages: 2, textCap: 4, markW: 8,
	titleShare: 0.5, titleMaxWords: 25, titleLookBack: 10,
}

// Classify labels the paragraphs of page p and appends one record per
// paragraph to dst, in order (Index 0 first), and returns the extended
// slice. The records' Text fields are p's paragraphs. p's paragraphs must
// hold less than 2 GiB in all; Classify panics otherwise.
func (c *Classifier) Classify(dst []Paragraph, p Page) []Paragraph {
	c.reset(len(p.Paragraphs))
	c.all = grow.Room(c.all, wordRoom(pageBytes(p.Paragraphs)))
	for _, para := range p.Paragraphs {
		c.analyzeParagraph(stringBytes(para))
	}
	return c.label(dst, p)
}

// ClassifyAnalysis is Classify for page p analysed into a (by
// a.Analyze(p): a full analysis, not a compact copy), with the same
// result: it labels p from a's tokens and paragraph statistics instead of
// tokenising p again. A caller that holds its pages, learns a Model from
// them and then labels them keeps each page's analysis from learning and
// tokenises every page once (BenchmarkDev: learn+label/once). An analysis
// that cannot be p's (a compact copy, or one of another site or with
// paragraphs of other lengths) is not used: p is then tokenised as
// Classify does. a is not modified. p must hold less than 2 GiB, as for
// Classify.
func (c *Classifier) ClassifyAnalysis(dst []Paragraph, p Page, a *PageAnalysis) []Paragraph {
	if !a.of(p) {
		return c.Classify(dst, p)
	}
	pageBytes(p.Paragraphs)
	c.reset(len(p.Paragraphs))
	own := c.all
	c.all = a.words // read only: the features index it (feat.a0)
	start := 0
	for i, para := range p.Paragraphs {
		ps := &a.paras[i]
		end := ps.end
		c.st = stats{words: ps.words, runes: ps.runes, seps: ps.seps, sentEnds: ps.sentEnds, numW: ps.numW,
			terminal: ps.terminal, exact: ps.exact, masked: ps.masked, near: ps.near, wordHashs: a.words[start:end:end]}
		c.addFeat(stringBytes(para), start)
		start = end
	}
	dst = c.label(dst, p)
	c.all = own[:0]
	c.st.wordHashs = nil
	return dst
}

// label labels page p from the features of its paragraphs.
func (c *Classifier) label(dst []Paragraph, p Page) []Paragraph {
	c.seen.release() // every paragraph is analysed (see addFeat)
	s := c.m.siteOf(p.Site)
	c.siteCounts(s)
	c.countFurniture(p.Paragraphs, p.Lines)
	joined := c.joinWrapped(p.Paragraphs)
	c.decide(s)
	c.kept.release() // see labelPath
	if joined {
		c.splitWrapped()
	}
	start := len(dst)
	dst = grow.Room(dst, len(p.Paragraphs))
	for i, para := range p.Paragraphs {
		f := &c.feats[i]
		dst = append(dst, Paragraph{Text: para, Index: i, Label: f.label, Score: f.score, Reason: f.reason, Shared: f.shared})
	}
	c.cutLines(dst[start:], s, p.Paragraphs)
	return dst
}

// stopSet is the set of function words the classifier uses.
func (c *Classifier) stopSet() *hashSet {
	if !c.opts.on(CueLearnedWords) {
		return &c.m.prior
	}
	return &c.m.stop
}

func sigmoid(e float64) float64 { return 1 / (1 + math.Exp(-e)) }

// maxPage is the size of the text of a page from which it is not labelled:
// the features count its words in int32 (see feat).
const maxPage = 1 << 31

// pageBytes returns the bytes of paras (textBytes), and panics if they are
// maxPage or more.
func pageBytes(paras []string) int {
	n := textBytes(paras)
	if n >= maxPage {
		panic("boiler: page of 2 GiB or more")
	}
	return n
}

// textBytes returns the bytes of paras.
func textBytes(paras []string) int {
	n := 0
	for _, p := range paras {
		n += len(p)
	}
	return n
}

// wordRoom is the room Classify makes in Classifier.all for the word
// hashes of a page of n bytes before analysing them: a word for every 4
// bytes, more than most text holds (the documentation corpus of the
// README has one for about 7 bytes), so that analyze writes them in place.
// Grown paragraph by paragraph as it filled, growslice under
// analyzeParagraph took 0.76 s of 76 s of CPU time in clean on that
// corpus, 0.34 s with the room made.
func wordRoom(n int) int { return n/4 + 16 }

// reset readies c for a page of n paragraphs.
func (c *Classifier) reset(n int) {
	// sized once: grown by append, the features of the 41 MB dictionary
	// entry of the README's documentation corpus (252,829 paragraphs, 57
	// MB of features) were copied as they grew and held 117 MB in the
	// heap profile of its peak
	c.feats = grow.Room(c.feats[:0], n)
	c.words = c.words[:0]
	c.all = c.all[:0]
	c.pageKey = 0
	c.seen.resetFor(n)
}

func (c *Classifier) analyzeParagraph(p []byte) {
	st := &c.st
	// analyze appends the word hashes to st.wordHashs[:0]: starting it at
	// the end of c.all writes them in place when c.all has room
	a0 := len(c.all)
	st.wordHashs = c.all[a0:]
	c.buf = analyze(st, c.buf, p)
	if n := len(st.wordHashs); n > 0 && a0+n <= cap(c.all) && &c.all[:a0+n][a0] == &st.wordHashs[0] {
		c.all = c.all[:a0+n]
	} else {
		c.all = append(c.all, st.wordHashs...)
	}
	c.addFeat(p, a0)
}

// addFeat appends the features of paragraph p, analysed into c.st, its
// word hashes at c.all[a0:].
func (c *Classifier) addFeat(p []byte, a0 int) {
	st := &c.st
	f := feat{words: int32(st.words), seps: int32(st.seps), sentEnds: int32(st.sentEnds), terminal: st.terminal, masked: st.masked,
		a0: int32(a0), lines: linesOf(p)}
	f.w0 = int32(len(c.words))
	if st.words > 0 {
		var n int
		c.words, n = c.stopSet().filter(c.words, st.wordHashs)
		f.stopD = float64(n) / float64(st.words)
	}
	if st.words >= 2*openingWords {
		var h uint64
		for _, w := range st.wordHashs[:openingWords] {
			h = mix(h, w)
		}
		f.opening = finish(h, kindOpening, openingWords)
	}
	if st.words > 0 {
		f.first, f.digits = st.wordHashs[0], st.numW > 0
		f.mark = c.pageMark(p, st)
	}
	f.w1 = int32(len(c.words))
	if st.exact != 0 {
		f.dup = !c.seen.add(st.exact)
		f.exact = st.exact
	}
	c.pageKey = pageKey(c.pageKey, st)
	f.key = st.key()
	c.feats = append(c.feats, f)
}

// wordsOf returns the word hashes of f (see feat.a0).
func (c *Classifier) wordsOf(f *feat) []uint64 { return c.all[f.a0 : f.a0+f.words] }

// siteCounts sets siteN and crossN of the page's paragraphs: the model's
// counts of their keys. The lookups are loops of their own, after the
// paragraphs are analysed, rather than a step of each paragraph's
// analysis, and go by counts.getAll: the cache misses of one lookup (the
// bucket, the hashes, the count) then overlap with those of the next
// instead of waiting behind a paragraph's tokenising or the branches of
// the lookup before. On the README's documentation corpus the lookups
// took 2.8 s of CPU time in clean one per paragraph's analysis, 2.0 s in
// a loop of their own, 1.5 s by getAll.
func (c *Classifier) siteCounts(s *site) {
	// the paragraphs with a key (none for no words, or numeric ones: no
	// deletion keys either) and their keys
	c.at = c.at[:0]
	c.keys = c.keys[:0]
	for i := range c.feats {
		if k := c.feats[i].key; k != 0 {
			c.at = append(c.at, int32(i))
			c.keys = append(c.keys, k)
		}
	}
	if s != nil {
		for j, n := range c.lookUp(&s.frags) {
			c.feats[c.at[j]].siteN = n
		}
	}
	if c.m.cross.len() > 0 {
		c.setCrossN()
	}
	// deletion keys only when the exact ones found no repetition (they
	// would only add evidence to an already decided paragraph)
	if !c.opts.on(CueNear) || s == nil {
		return
	}
	c.at, c.keys = c.at[:0], c.keys[:0]
	for i := range c.feats {
		if f := &c.feats[i]; f.key != 0 && f.siteN < c.p.siteMin {
			n := len(c.keys)
			c.keys = appendWordDeletionKeys(c.keys, c.wordsOf(f))
			for range len(c.keys) - n {
				c.at = append(c.at, int32(i))
			}
		}
	}
	for j, n := range c.lookUp(&s.frags) {
		f := &c.feats[c.at[j]]
		f.siteN = max(f.siteN, n)
	}
}

// lookUp returns the counts in cs of c.keys (in c.ns).
func (c *Classifier) lookUp(cs *counts) []uint32 {
	c.ns = grow.Len(c.ns, len(c.keys))
	cs.getAll(c.ns, c.keys)
	return c.ns
}

// setCrossN sets crossN of the short paragraphs that have a key: the
// number of other sites holding it (see crossCounts).
func (c *Classifier) setCrossN() {
	c.at, c.keys = c.at[:0], c.keys[:0]
	for i := range c.feats {
		if f := &c.feats[i]; f.key != 0 && int(f.words) <= c.p.crossMaxWords {
			c.at = append(c.at, int32(i))
			c.keys = append(c.keys, f.key)
		}
	}
	for j, x := range c.lookUp(&c.m.cross) {
		f := &c.feats[c.at[j]]
		if x > 0 && f.siteN > 0 {
			x-- // this site's own occurrence
		}
		f.crossN = x
	}
}

// b2i is 1 for true, 0 for false (compiled to a SETcc, without a branch).
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// furnMin is the number of times a short paragraph's masked shape must
// occur in a page for it to be the page's running furniture.
const furnMin = 3

// countFurniture sets inPage for the short paragraphs: the number of
// paragraphs of the page with the same masked key. The running header and
// footer of a paginated document ("RFC 3550   RTP   July 2003",
// "Schulzrinne, et al.   Standards Track   [Page 12]") recur on every
// printed page, the page numbers aside. A shape held by more than half
// of the page's paragraphs is not furniture but the page's own data (a
// file of figures, one per line: furniture is interleaved with text); so
// are the paragraphs that open with a number on a page where most do (a
// listing with line numbers, a table: "  126  { };" recurs among the
// lines of code). On the README's 1 GB documentation corpus that kept
// 3.3 MB of 22.4 MB that went as furniture, 3.2 MB of it libstdc++'s
// source listings, which lost their braces and blank lines; the
// development pages' F1 and preserve.py's figures did not drop (reuters
// and rfc content kept +0.0001). runningFurniture then takes the count
// back from the shapes that recur as headings do.
//
// It also sets series, for the paragraphs of openingWords words or more:
// the number of paragraphs of the page that open with the same
// openingWords words. Items of a series (the captions of a photo gallery
// titled alike, "10 years of war in Afghanistan – ...", teasers, the
// frames of comments) open alike; the paragraphs of an article rarely do
// (on the development pages 18.5 kB of boilerplate and no content open
// like three other paragraphs of their page, or more; 21.5 and 0.9 kB
// like two others).
func (c *Classifier) countFurniture(paras []string, lines []int) {
	c.inPage.resetFor(len(c.feats))
	short := c.p.crossMaxWords
	for i := range c.feats {
		f := &c.feats[i]
		if f.words > 0 && int(f.words) <= short {
			c.inPage.add(f.masked)
		}
		if f.opening != 0 && !f.dup {
			c.inPage.add(f.opening)
		}
	}
	n, numbered := 0, 0 // paragraphs with words; those that open with a number
	for i := range c.feats {
		n += b2i(c.feats[i].words > 0)
		numbered += b2i(c.feats[i].words > 0 && c.feats[i].first == maskToken)
	}
	listing := 2*numbered > n
	for i := range c.feats {
		f := &c.feats[i]
		if f.words > 0 && int(f.words) <= short {
			f.inPage = int32(c.inPage.count(f.masked))
			if 2*int(f.inPage) > n || listing && f.first == maskToken {
				f.inPage = 0 // most of the page: a column of data, not furniture
			}
		}
		if f.opening != 0 && !f.dup {
			f.series = int32(c.inPage.count(f.opening))
		}
	}
	c.runningFurniture(paras, lines)
}

// openingWords is the number of words by which series are told (see
// countFurniture); paragraphs shorter than twice as many have no opening.
// seriesMin is the number of paragraphs of a page that must open alike.
const (
	openingWords = 4
	seriesMin    = 4
)

// kindOpening is the kind of opening keys.
const kindOpening uint64 = 0x94d049bb133111eb
