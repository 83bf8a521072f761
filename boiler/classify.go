package boiler

import "sync"

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
	back    []byte
	words   []uint64 // non-stopword hashes of the page's paragraphs
	cand    pageSet  // words of the candidate headlines (see title)
	body    pageSet  // the candidate words found in the content
	keys    []uint64
	pageKey uint64 // see pageKey
	pages   uint32 // pages of the site, this one included
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

// feat is what the classifier knows about one paragraph.
type feat struct {
	words, runes int
	stopD        float64 // function-word density
	seps         int
	sentEnds     int
	terminal     bool
	siteN        uint32  // pages of the site holding the paragraph
	crossN       uint32  // other sites holding it
	e            float64 // content log-odds from the paragraph's own cues
	w0, w1       int     // its non-stopword hashes are c.words[w0:w1]
	inContent    bool    // on the content path of the page
	dup          bool    // exact copy of an earlier paragraph of the page
	label        Label
	score        float64
	reason       string
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
	switchCost     float64 // cost of a content/boilerplate switch on the path
	titleShare     float64 // share of a headline's words found in the content
	titleMaxWords  int
	titleLookBack  int // paragraphs before the content searched for the headline
}

var defaultParams = params{
	siteMin: 2, crossMin: 2, crossMaxWords: 12,
	lenW: 2, lenMid: 12, stopW: 8, stopMid: 0.35, stopSpan: 0.25, termW: 1, sepW: 2,
	siteW: 6, siteCopy: 10, crossW: 3, switchCost: 2.5,
	titleShare: 0.5, titleMaxWords: 25, titleLookBack: 10,
}

// Classify labels the paragraphs of page p and appends one record per
// paragraph to dst, in order (Index 0 first), and returns the extended
// slice. The records' Text fields are p's paragraphs.
func (c *Classifier) Classify(dst []Paragraph, p Page) []Paragraph {
	c.reset()
	s := c.m.siteOf(p.Site)
	for _, para := range p.Paragraphs {
		c.analyzeParagraph(s, stringBytes(para))
	}
	c.decide(s)
	for i, para := range p.Paragraphs {
		f := &c.feats[i]
		dst = append(dst, Paragraph{Text: para, Index: i, Label: f.label, Score: f.score, Reason: f.reason})
	}
	return dst
}

func (c *Classifier) reset() {
	c.feats = c.feats[:0]
	c.words = c.words[:0]
	c.pageKey = 0
	c.seen.reset()
}

func (c *Classifier) analyzeParagraph(s *site, p []byte) {
	c.buf = analyze(&c.st, c.buf, p)
	st := &c.st
	f := feat{words: st.words, runes: st.runes, seps: st.seps, sentEnds: st.sentEnds, terminal: st.terminal}
	f.w0 = len(c.words)
	if st.words > 0 {
		stop := &c.m.stop
		if !c.opts.on(CueLearnedWords) {
			stop = &c.m.prior
		}
		var n int
		c.words, n = stop.filter(c.words, st.wordHashs)
		f.stopD = float64(n) / float64(st.words)
	}
	f.w1 = len(c.words)
	if st.exact != 0 {
		f.dup = !c.seen.add(st.exact)
	}
	c.pageKey = pageKey(c.pageKey, st)
	if h := st.key(); h != 0 {
		f.siteN = s.count(h)
		if f.words <= c.p.crossMaxWords && c.m.cross.len() > 0 {
			x := c.m.cross.get(h)
			if x > 0 && f.siteN > 0 {
				x-- // this site's own occurrence
			}
			f.crossN = x
		}
	}
	// deletion keys only when the exact ones found no repetition (they
	// would only add evidence to an already decided paragraph)
	if c.opts.on(CueNear) && s != nil && f.siteN < c.p.siteMin {
		c.keys = appendDeletionKeys(c.keys[:0], st)
		for _, h := range c.keys {
			f.siteN = max(f.siteN, s.count(h))
		}
	}
	c.feats = append(c.feats, f)
}

// b2i is 1 for true, 0 for false (compiled to a SETcc, without a branch).
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
