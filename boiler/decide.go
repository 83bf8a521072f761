package boiler

import (
	"slices"
	"strconv"
)

// decide labels c.feats of one page, with scores and reasons: initial
// jusText classes, context smoothing, main block, headline, legal notices.
func (c *Classifier) decide(s *site) {
	fs := c.feats
	// A page the Model has not learned (its page key is unknown to the
	// site) is counted as if it had been: its fragments found on other
	// pages occur on one page more, and the site has one page more.
	c.pages = 0
	c.newPage = false
	if s != nil {
		c.pages = s.pages
		if c.pageKey != 0 && !s.hasPage(c.pageKey) {
			c.newPage = true
			c.pages++
			for i := range fs {
				if fs[i].siteN > 0 {
					fs[i].siteN++
				}
			}
		}
	}
	c.templateMin = 0
	if s != nil {
		c.templateMin = templateLeast(c.pages)
	}
	c.discountCopies()
	c.ownLabels()
	c.setSite(s)
	for i := range fs {
		fs[i].cue = c.cues(&fs[i])
	}
	c.proseLo, c.proseHi = len(fs), -1
	for i := range fs {
		if c.isProse(&fs[i]) {
			c.proseLo = min(c.proseLo, i)
			c.proseHi = i
		}
	}
	if c.opts.on(CueHeadings) {
		c.markHeadings()
	}
	if c.opts.on(CueComments) {
		c.textFirst = false
		if c.pages < 2 { // the pass over the page only where it can matter
			text, _, _, typed := c.isTextPage()
			c.textFirst = text || typed
		}
		c.markThreads()
	}
	text, long, wrapped, typed := c.isTextPage()
	c.textPage, c.longText, c.wrapped = c.pages < 2 && text, long, wrapped
	c.typed = c.pages < 2 && typed
	if c.asText() {
		c.textHeadings()
	}
	if long {
		c.longFurniture()
		c.innerThreads()
	}
	if c.opts.on(CueSeries) && !c.asText() {
		for i := range fs {
			if fs[i].series >= seriesMin && fs[i].mark == markNone {
				fs[i].mark = markSeries
			}
		}
	}
	for i := range fs {
		fs[i].e = c.emission(i)
	}
	c.segment(s)
	c.labelPath(s)
	if c.opts.on(CueTitle) {
		c.title()
	}
	c.headings()
	c.commentsTail()
	c.legalTail()
}

// textHeadings takes the mark back from the boilerplate headings of a
// text (see asText) and from what they head: on a text, "Disclaimer" or
// "About the author" heads a section of the text itself, a licence's
// warranty clauses or a manual's notes on its own accuracy. A label
// ("Disclaimer: this article is ...", more words than a heading) keeps
// its mark, as do phrases and comment threads (markThread weighs those
// on a page alone that reads as a text, and innerThreads on a long text).
//
// Against the rule without it: each licence on a site of its own
// (preserve.py) kept 0.997080 -> 0.997195 of its content (18 paragraphs
// of the disclaimer sections of FSL-1.1, CERN-OHL, CAL-1.0, CDDL and
// SISSL: their headings, and the clauses under "### Disclaimer"), each
// RFC alone 0.991005 -> 0.991027; on the 1 GB documentation corpus 82
// paragraphs (2.6 kB) stay (debian-reference's and lilypond's
// disclaimers, the headings of the kernel's translations), one (30 B)
// goes as a repeat. The development pages, with their sites and each
// alone: unchanged. Taking labels' and phrases' marks back too, a news
// page alone that read as a text kept its agency's disclaimer and a
// sign-up line (each page alone: false positives 514 -> 516).
func (c *Classifier) textHeadings() {
	for i := range c.feats {
		f := &c.feats[i]
		if f.mark == markHeading && f.words <= headingMaxWords || f.mark == markHeaded {
			f.mark = markNone
		}
	}
}

// A text page is a page of a site with no other page, so no site
// regime (see setSite), whose own paragraphs are mostly prose: at least
// textPageProse paragraphs that read as text (positive cues, lenMid words
// or more, no page-structure mark), a textPageShare of its paragraphs or
// more (half). A report, a standard or a chapter published alone is such a
// page; a news page is not, its article a few paragraphs among many
// short ones (on the development pages, 14.5% of the paragraphs are
// content). On a text page, as on a text site, series are not looked for,
// a paragraph that reads as text stays wherever it is (segment) and the
// heading of a kept prose paragraph is kept with it (headings), a
// boilerplate heading and what it heads are read as text (textHeadings),
// and a comment thread must be shorter than the text before it
// (markThread); the other cues are weighed as on any page.
//
// The RFCs each given a site of their own (a corpus without sites, or
// of one-page sites) kept 0.826 of their content characters without
// this (preserve.py: 13.6 MB went as "series", 13.4 MB as "outside main
// text"), 0.922 with it; the news wire's stories, too short to qualify,
// 0.998 either way; the development pages are unchanged (F1 0.8909, char
// F1 0.9517). With 20 paragraphs or a share of 0.3, pages of the
// development set qualified and lost F1 (0.8904, 0.8886).
//
// The share is a half ("mostly prose"); it was 0.4. Each alone on a site
// of its own, seven news pages of the development set (long articles
// among their menus, teasers and captions) were text pages at 0.4, five
// of them below a half, and read as texts they kept the lines of the
// archive's toolbar and bylines as the headings of the prose after them:
// F1 of the pages each alone 0.8701 -> 0.8721 (false positives 728 ->
// 703); with their sites, unchanged. The RFCs, licences and news wire
// (with their sites and each alone) and the 1 GB documentation corpus
// are byte-identical; at 0.6 the licences alone lost content (0.9958 ->
// 0.9957).
//
// A long text is a page with textLong prose paragraphs or more: a
// standard with its code, tables and figures, a manual, an API
// reference. No news page comes near: on the development pages the most
// is 62, and 37 on a page that is alone on its site. Alone on its site,
// a long text is a text page whatever its share of prose. On any site,
// series are not looked for on a long text (its entries, members and
// commits open alike), and between its first and last prose paragraph a
// paragraph goes only on evidence beyond its own shape, as does a
// paragraph of several lines after the last (see keepSpan).
// The RFCs each on a site of their own: content kept 0.922 -> 0.971
// (0.975 with longFurniture and innerThreads; of the 733 that were not
// text pages, 195 have 100 to 787 prose paragraphs, at a share of
// 0.17-0.39: 166 kB of rfc1117's 318 went as "series"), page headers
// and footers removed 0.9987 -> 0.9908 (headers glued to a line of text,
// kept with it). The 1 GB documentation corpus (-no-dedup): removed
// 24.34% -> 23.69% of its text, the API descriptions and signatures of
// scala-doc (2.1 MB), groovy-doc's (2.1 MB) and openjdk's (0.7 MB),
// ruby's changelog entries (0.6 MB), debian-reference's commands (0.2
// MB); without series on long texts, 23.69% -> 23.34%: ruby3.1-doc
// 51.2% -> 6.9% (its ChangeLog's commits), scala-doc 89.1% -> 87.7%,
// groovy-doc 70.0% -> 65.8%. The development pages, and the same pages
// each on a site of its own, unchanged (F1 0.8909 and 0.8656); the other
// shared corpora byte-identical.
//
// A page with textLongWords words of prose or more is a long text too,
// however few its paragraphs: a standard written in long paragraphs
// between its tables. A development page has at most 2,397 (1,913 at
// the 99th percentile). The RFCs each on a site of their own: content
// kept 0.9761 -> 0.9780 (rfc4275, 11,048 words of prose in 92
// paragraphs, had lost half its content characters as series, short
// lines and few function words), headers and footers removed 0.9895 ->
// 0.9892; the licences each on a site of their own 0.9889 -> 0.9901. The
// 1 GB documentation corpus (-no-dedup): 70.8 kB newly kept in 1,581
// paragraphs (groovy's method signatures, ghc's SPDX identifiers,
// copyright files' entries, debian-history's release lists), 3.6 kB
// newly removed (119 paragraphs, most of them contents entries whose copy
// in the text now stays: "repeat"). The development pages, alone on their
// sites or not, unchanged; Reuters and the licences with their sites
// byte-identical, the RFCs with their site and their halves unchanged at
// four decimals.
//
// A plain-text document is a text page too, alone on its site, from
// textPlainProse prose paragraphs on, whatever its share of prose: one
// whose prose paragraphs are of several lines, half of them or more, as
// a text file's are (a joined run of wrapped lines counts), where the
// pages of the web come a block a line (no paragraph of the development
// pages has a line break inside it). A standard whose code, tables and
// figures outnumber its prose paragraphs is one. The RFCs each alone on
// a site: content kept 0.9815 -> 0.9869 (rfc3174, its C code in many
// paragraphs, lost 43% of its content characters, now 2.4%: "Section 2
// below defines the terminology" went at a score of 0.90 as "outside
// main text"; rfc1708 89% -> 7.7%, rfc4317 59% -> 4.3%), headers and footers
// removed 0.9892 -> 0.9889 (those of one- and two-page documents, where
// they recur less than furnMin times, kept as headings); the licences
// each alone 0.9907 -> 0.9957 (the stanzas of Debian copyright files);
// everything else unchanged (a text page is alone on its site).
//
// Any paragraph of several lines counts here, not only a hard-wrapped
// one as for segment's rule (wrappedLines): a copyright file's stanzas
// and a standard's addresses and tables break no sentence across their
// lines. Counting only hard-wrapped paragraphs, the RFCs each alone kept
// 0.994367 -> 0.993594 of their content, the licences each alone
// 0.997505 -> 0.992075. So a page alone on its site with textPlainProse
// prose paragraphs or more, half of them teasers of two lines, is a text
// page.
const (
	textPageProse  = 30
	textPageShare  = 0.5
	textLong       = 100
	textLongWords  = 4000
	textPlainProse = 10
)

// isProse reports whether f reads as prose: positive page cues and lenMid
// words or more.
func (c *Classifier) isProse(f *feat) bool {
	return f.cue > 0 && int(f.words) >= int(c.p.lenMid)
}

// furnEvery sets how often a shape must recur on a long text to be its
// running furniture: once every furnEvery paragraphs of the page, and
// furnMin times at least. A paginated document's running header and
// footer recur on every printed page, every 10 to 20 paragraphs of an
// RFC; a state name, a field of a packet diagram or a row pattern of a
// table recurs a few times in a document of a thousand paragraphs. On
// the RFCs, preserve.py: content kept 0.9946 -> 0.9969, headers and
// footers removed 0.9826 -> 0.9800 (each RFC on a site of its own:
// 0.9714 -> 0.9744, 0.9908 -> 0.9895; once every 25 paragraphs gave
// 0.9973 and 0.9761). The 1 GB documentation corpus (-no-dedup) keeps
// 2.9 MB more: libstdc++ source listings, erlang and ghc function
// names, rust change-log links, RFC field names.
const furnEvery = 50

// longFurniture takes back the running-furniture count of the
// paragraphs of a long text whose shape recurs less often than
// furnEvery asks.
func (c *Classifier) longFurniture() {
	least := len(c.feats) / furnEvery
	for i := range c.feats {
		if f := &c.feats[i]; int(f.inPage) < least {
			f.inPage = 0
		}
	}
}

// threadTail is the most prose paragraphs a comment thread of a long
// text may have after it: readers' comments end the text of their page,
// while a manual's notes and dialogues in the second person, which
// markThreads may take for a thread, have the text go on after them. On
// the 1 GB documentation corpus (-no-dedup) 23.05% -> 23.01% of the text
// removed: debian-reference-en 32.5% -> 16.7% (242 kB of commands, notes
// and section headings that went as "comment thread"), lilypond 69 kB
// (its release announcements), linux-doc, libboost, gnu-standards and
// openjdk 15-21 kB each; the RFCs each on a site of their own kept
// 0.9744 -> 0.9754 of their content.
const threadTail = 30

// innerThreads takes the comment mark back from the paragraphs of a long
// text that threadTail prose paragraphs or more follow.
func (c *Classifier) innerThreads() {
	fs := c.feats
	after := 0
	for i := len(fs) - 1; i >= 0; i-- {
		f := &fs[i]
		prose := c.isProse(f) && f.mark == markNone
		if f.mark == markComment && after >= threadTail {
			f.mark = markNone
		}
		if prose {
			after++
		}
	}
}

// isTextPage reports whether the page would be a text page if its site
// were not known from other pages, whether it is a long text, whether
// its prose is hard-wrapped (half its prose paragraphs or more are
// wrappedLines; see segment), and whether it would be a typed text if it
// were alone on its site (see typedLines). decide asks before
// textHeadings and innerThreads take marks back, so the count leaves
// out prose paragraphs that they unmark later: under a boilerplate
// heading of a text, in a comment thread of a long text. decide asks
// twice, before comment threads are marked (c.textFirst) and after (the
// rest), and a page's marked threads can change its answers between.
func (c *Classifier) isTextPage() (text, long, wrapped, typed bool) {
	prose, proseWords, withWords, several, hard := 0, 0, 0, 0, 0
	blocks, lines := 0, 0 // paragraphs with words that are no furniture, and of one line
	for i := range c.feats {
		f := &c.feats[i]
		if f.words == 0 {
			continue
		}
		withWords++
		if f.inPage < furnMin {
			blocks++
			lines += b2i(f.lines == oneLine)
		}
		if c.isProse(f) && f.mark == markNone {
			prose++
			proseWords += int(f.words)
			several += b2i(f.lines != oneLine)
			hard += b2i(f.lines == wrappedLines)
		}
	}
	long = prose >= textLong || proseWords >= textLongWords
	plain := prose >= textPlainProse && 2*several >= prose
	wrapped = prose > 0 && 2*hard >= prose
	typed = wrapped && float64(lines) < typedLines*float64(blocks)
	text = long || plain || prose >= textPageProse && float64(prose) >= textPageShare*float64(withWords)
	return text, long, wrapped, typed
}

// typedLines bounds the share of a typed text's paragraphs with words,
// furniture left out (its running headers and footers), that are of one
// line: less than typedLines. A typed text is a page alone on its site
// whose prose is hard-wrapped (wrappedLines) and whose other paragraphs
// come mostly in blocks of several lines as well: a standard, a licence,
// a package's copyright file. A web page whose text an extractor wrapped
// to a width is hard-wrapped too, but its menus, teasers, captions and
// bylines come a line each. Of the pages with hard-wrapped prose: the
// RFCs each alone, median 0.25 (a quarter of them 0.30 or more, at most
// 0.80); the licences each alone, median 0, at most 0.75; the
// development pages each alone with every paragraph folded at 72
// columns, median 0.82 (a quarter of them 0.74 or less, at least 0.32;
// those that are no text page, at least 0.43).
const typedLines = 0.7

// labelPath labels the paragraphs from the path of segment: Content on
// it, Repeat for a copy of a paragraph labelled Content, Boilerplate
// otherwise, with the reason.
func (c *Classifier) labelPath(s *site) {
	fs := c.feats
	c.kept.resetFor(len(fs))
	for i := range fs {
		f := &fs[i]
		f.score = sigmoid(f.e)
		f.shared = f.rep > 0
		switch {
		case f.dup && c.keptCopy(i, f):
			// a copy goes only when a copy stays: the first copy of a
			// signature or a description in a summary table may be
			// labelled boilerplate while a later one is in the text
			f.label, f.score, f.reason, f.shared = Repeat, 0, "repeat", true
		case f.inContent:
			f.label = Content
			f.reason = keptText
			if f.e < 0 {
				f.reason = keptContext
			}
			if f.exact != 0 {
				c.kept.add(f.exact)
			}
			c.keepLines(i)
		default:
			f.label = Boilerplate
			f.reason = c.boilerReason(f, s)
		}
	}
}

// maxCopies is the most copies of a page that discountCopies explains as
// duplicated content.
const maxCopies = 3

// discountCopies removes from the counts of the page the occurrences due
// to copies of the page itself. A page whose long paragraphs (two or more)
// all occur on k other pages of the site, a minority of them, is taken to
// be a story published k+1 times (or syndicated): under that hypothesis
// every paragraph of it, furniture included, has k occurrences from the
// copies, so k is subtracted from its counts and from the site's pages.
// Article paragraphs then count once, as on a page never copied, while the
// site's furniture, on most pages, still counts on many. Copies are
// correlated across the paragraphs of a page, so one page-level count
// separates them from the teasers of other stories, which repeat alone
// beside a unique article. (Removing the copies themselves is the
// near-duplicate step's work.)
func (c *Classifier) discountCopies() {
	fs := c.feats
	c.ns = c.ns[:0]
	for i := range fs {
		if fs[i].words >= longWords && !fs[i].dup {
			c.ns = append(c.ns, fs[i].siteN)
		}
	}
	long := len(c.ns)
	if long < 2 {
		return
	}
	slices.Sort(c.ns)
	minN := c.ns[(long-1)/2] // more than half the long paragraphs are on minN pages or more
	if minN < 2 {
		return
	}
	k := minN - 1
	if k > maxCopies || 2*minN > c.pages {
		return
	}
	for i := range fs {
		if fs[i].siteN > k {
			fs[i].siteN -= k
		} else if fs[i].siteN > 0 {
			fs[i].siteN = 1
		}
	}
	c.pages -= k
}

// boilerReason names the strongest cue against a paragraph.
func (c *Classifier) boilerReason(f *feat, s *site) string {
	p := &c.p
	o := c.opts
	switch {
	case f.words == 0:
		return "no words"
	case f.siteEv > 0:
		return c.reasons.get(reasonSite, f.siteN, c.pages)
	case f.inPage >= furnMin:
		return c.reasons.get(reasonFurniture, uint32(f.inPage), 0)
	case c.crossSite(f):
		return c.reasons.get(reasonCross, f.crossN, 0)
	case f.mark != markNone && c.text < textSite:
		return markReasons[f.mark]
	case f.e >= 0:
		return "outside main text"
	case o.on(CueShape) && f.seps >= 2 && f.sentEnds == 0:
		return "link list"
	case int(f.words) < int(p.lenMid):
		return "short"
	}
	return "few function words"
}

// Reasons of the paragraphs labelled Content: on the content path (text,
// or context where its own score is against it), or kept by a rule of the
// page after it. The later rules read them (subheads skips the headline
// and its deck, headings takes a heading over a heading).
const (
	keptText       = "text"
	keptContext    = "context"
	keptHeadline   = "headline"
	keptDeck       = "deck"
	keptHeading    = "heading"
	keptSubheading = "subheading"
)

// Reasons with counts (boilerReason).
const (
	reasonSite      = iota // site N/P pages
	reasonFurniture        // page furniture (N in page)
	reasonCross            // on N other sites
)

// reasonCache holds the reasons with counts made last, so that the
// boilerplate paragraphs of a site, most of which give one of a few
// reasons, share their strings: made anew for each paragraph, they
// cost 0.6 s of CPU time in clean on the README's documentation corpus
// (5.7 million paragraphs removed as boilerplate). Direct-mapped: a
// reason evicts the one in its slot.
type reasonCache struct {
	slots [256]struct {
		kind, a, b uint32
		s          string
	}
}

// get returns the reason of kind with the counts a and b.
func (rc *reasonCache) get(kind int, a, b uint32) string {
	e := &rc.slots[(a*0x9e3779b1+b*0x85ebca6b+uint32(kind)*0xc2b2ae35)>>24]
	if e.s != "" && e.kind == uint32(kind) && e.a == a && e.b == b {
		return e.s
	}
	var s string
	switch kind {
	case reasonSite:
		s = "site " + strconv.Itoa(int(a)) + "/" + strconv.Itoa(int(b)) + " pages"
	case reasonFurniture:
		s = "page furniture (" + strconv.Itoa(int(a)) + " in page)"
	default:
		s = "on " + strconv.Itoa(int(a)) + " other sites"
	}
	e.kind, e.a, e.b, e.s = uint32(kind), a, b, s
	return s
}

// title marks as content the headline of the page: among the few
// paragraphs before the first content paragraph, the short one whose words
// the content shares most (a headline names the people and things the
// article is about; teasers of other stories do not), more than half of
// them, if it may be one (see mayHead; headScore ranks them), and the
// summary under it (see deck).
//
// Only the words of the candidate headlines are looked up in the content:
// a set of every content word cost 6.6% of labelling time (pageSet.add,
// BenchmarkBoilerGenLabel in bench); probing the small set of candidate
// words with each content word instead, Clean of the 2,000 generated
// pages of that benchmark takes 34.3 ms of CPU time instead of 35.1.
func (c *Classifier) title() {
	fs := c.feats
	start := -1
	for i := range fs {
		if fs[i].label == Content {
			start = i
			break
		}
	}
	if start < 0 {
		return
	}
	c.cand.reset()
	lo := max(0, start-c.p.titleLookBack)
	for i := start - 1; i >= lo; i-- {
		if c.isHeadline(&fs[i]) {
			for _, h := range c.words[fs[i].w0:fs[i].w1] {
				c.cand.add(h)
			}
		}
	}
	if c.cand.used == 0 {
		return
	}
	c.body.reset() // the candidate words found in the content
	for i := start; i < len(fs); i++ {
		if fs[i].label == Content {
			for _, h := range c.words[fs[i].w0:fs[i].w1] {
				if c.cand.has(h) {
					c.body.add(h)
				}
			}
		}
	}
	best, bestScore := -1, 0.0
	text := c.keepsHeadings()
	for i := start - 1; i >= lo; i-- {
		f := &fs[i]
		if !c.isHeadline(f) {
			continue
		}
		ws := c.words[f.w0:f.w1]
		in := 0
		for _, h := range ws {
			if c.body.has(h) {
				in++
			}
		}
		share := float64(in) / float64(len(ws))
		if share <= c.p.titleShare || !c.mayHead(i, f, in, text) {
			continue
		}
		if score := c.headScore(f, in, share); score > bestScore {
			best, bestScore = i, score
		}
	}
	if best >= 0 {
		fs[best].label = Content
		fs[best].reason = keptHeadline
		c.deck(best, start)
	}
}

// deck labels Content the paragraph right under the headline h when it
// reads as text (a positive score: long enough, function words,
// sentences) and the content starts later, at start: the summary (the
// deck or standfirst) that a news page sets under its headline, parted
// from the article by the byline and the date, which the path of segment
// leaves out with them. It must not be site furniture, found on other
// sites, marked, a dateline or a byline.
//
// Only the paragraph right under the headline: on the development pages
// those that read as text are summaries 17 to 2 ("A look at the life and
// times of Mike Huckabee."); further down, before the article, they are
// the lead photo's caption as often as not (8 to 12). F1 0.8978 ->
// 0.8994, each page alone on a site 0.8771 -> 0.8788 (16 summaries, 1
// false positive). Without the test of its score, 53 paragraphs more are
// kept, 34 of them boilerplate.
func (c *Classifier) deck(h, start int) {
	if h+1 >= start {
		return
	}
	f := &c.feats[h+1]
	if f.label == Boilerplate && f.e > 0 && unshared(f) && !c.dateline(f) && !c.byline(f) {
		f.label, f.reason = Content, keptDeck
	}
}

// unshared reports whether f is the page's own: on no other page of the
// site nor another site, not repeated in the page, not marked (see
// deck and subheads).
func unshared(f *feat) bool {
	return f.siteN <= 1 && f.crossN == 0 && f.inPage < furnMin && !f.dup && f.mark == markNone
}

// isHeadline reports whether f, before the first content paragraph, may
// be the headline.
func (c *Classifier) isHeadline(f *feat) bool {
	return f.label == Boilerplate && f.words >= 2 && int(f.words) <= c.p.titleMaxWords &&
		f.crossN < c.p.crossMin && f.w1 > f.w0
}

// headings labels Content the headings of a text site's pages: a short
// paragraph just before a prose paragraph labelled Content, as jusText
// reclassifies a heading by the paragraph after it. Where the path
// switches to content at the prose paragraph, the heading before it
// would go with the boilerplate before (a heading after a page break,
// say), and on a text site the headings of standard sections, repeated
// on many of its pages, are text. Repeats and page furniture are left
// alone. (On the news pages of the development set, doing the same for
// headings that are not site-repeated cost 0.01 of F1: there a short
// paragraph before a story is as often a teaser's title.) A chain of
// headings takes at most maxHeadings paragraphs of the site's template
// in a row. On the 1 GB documentation corpus 7,541 paragraphs (67 kB)
// newly go, javadoc's menus and title bar, none is newly kept; the RFCs'
// outputs, the wire's, the licences' and the development pages' F1 do not
// move.
func (c *Classifier) headings() {
	if !c.keepsHeadings() {
		c.subheads()
		return
	}
	fs := c.feats
	// run counts the paragraphs of the site's template in a row at the
	// top of the chain
	run := 0
	for i := len(fs) - 2; i >= 0; i-- { // backwards: a title before a heading
		f, next := &fs[i], &fs[i+1]
		if f.label != Boilerplate || f.words == 0 || f.words > headingMaxWords || f.inPage >= furnMin || f.mark != markNone {
			continue
		}
		switch {
		case next.label != Content:
			continue
		case c.isProse(next):
			run = 0 // a chain starts
		case next.reason != keptHeading:
			continue
		}
		if !c.template(f) {
			run = 0
		} else if run++; run > maxHeadings {
			continue
		}
		f.label, f.reason = Content, keptHeading
	}
}

// maxHeadings is the most paragraphs of the site's template (see
// template) in a row that a chain of headings takes: HTML has six levels
// of headings, and more short paragraphs of the template in a row before
// the text are its menu (javadoc's "Overview", "Module", "Package",
// "Class", ... above each class's description, kept whole on 456 pages
// of the 1 GB documentation corpus where none of them recurs in the page).
const maxHeadings = 6

// template reports whether f, repeated on the site's pages, is on a
// share of them that makes it a part of the site's template
// (templateMin): a menu, a footer, not a form's label said by a few
// pages ("Optional parameters:" of a registration template, 76 of the
// 3,346 RFCs).
func (c *Classifier) template(f *feat) bool {
	return f.siteEv > 0 && c.onTemplate(f)
}

// onTemplate reports whether f is on templateMin of its site's pages or
// more, the site known: template's count of pages, which ownLabels reads
// before setSite has set siteEv.
func (c *Classifier) onTemplate(f *feat) bool {
	return c.templateMin > 0 && f.siteN >= c.templateMin
}

// subheads labels Content the subheadings inside an article on a page
// whose headings do not stay anyway (see headings): a short paragraph
// between two paragraphs labelled Content, the one before it neither the
// headline nor its deck and the one after it prose, that the page does
// not repeat, that no other page of the site nor another site holds,
// with no number and not a byline. This is jusText's rule for a short
// block between two good ones; the path of segment drops such a block
// when its own score, a couple of words without function words
// ("Consumer backlash", "SPECIAL TEAMS"), costs more than two switches.
//
// Development pages: F1 0.8962 -> 0.8978 (16 subheadings kept, 2 false
// positives, authors' names: "Nina Agrawal"), each alone on a site
// 0.8757 -> 0.8771 (15, 2). What follows the headline or the deck is the
// byline ("Matt Hamilton Contact Reporter"), the time of the story ("3
// days ago", "20:00, Dec 31 2007"), share buttons. With the paragraph
// after the headline taken too, the number test kept out 18 false
// positives and the "by" test 9 (some both); with the headline and deck
// left out, those two tests change nothing on these pages, and they stay
// for the time or byline of a post or a quote inside an article. The
// RFCs, licences and news wire with their sites byte-identical; each
// alone, 8 paragraphs newly kept ("Frame transmission", "COPYING
// POLICIES"), none removed.
func (c *Classifier) subheads() {
	if !c.opts.on(CueContext) {
		return
	}
	fs := c.feats
	for i := 1; i < len(fs)-1; i++ {
		f := &fs[i]
		prev, next := &fs[i-1], &fs[i+1]
		if f.label != Boilerplate || prev.label != Content || prev.reason == keptHeadline || prev.reason == keptDeck ||
			next.label != Content || !c.isProse(next) {
			continue
		}
		if f.words == 0 || f.words > headingMaxWords || !unshared(f) || f.digits || c.byline(f) {
			continue
		}
		f.label, f.reason = Content, keptSubheading
	}
}

// mayHead reports whether f, paragraph i of the page, whose words the
// content shares in of, may be the headline: two words in common at
// least, and not a dateline or a byline. One word in common is all of a
// topic label's ("The Senate") or a breadcrumb's, and they, the dates
// above an article ("Tuesday, May 22, 2007", whose day and month the
// article names) and its bylines outscored the headline. The first
// paragraph of the page may be either (a document's title, a story's).
// On a text site or text page (text) one word in common is enough, as
// section headings are short ("57.1. For the Translator": postgresql-doc
// lost 2.4 kB of them without this).
//
// Development pages, two words: F1 0.8915 -> 0.8942 (false positives 455
// -> 437, false negatives 652 -> 641), each alone on a site 0.8721 ->
// 0.8736; datelines: 0.8948 -> 0.8952 (431 -> 428, 641 -> 639), each
// alone 0.8741 -> 0.8744; bylines: 0.8952 -> 0.8962 (422, 635), each
// alone 0.8744 -> 0.8757. The wire's stories each alone keep their
// headline where their dateline was kept ("WASHINGTON, March 2 -";
// content kept 0.9987 -> 0.9986, a line of figures of a story set a line
// a paragraph); the licences and RFCs, with their sites or alone,
// unchanged at four decimals; on the 1 GB documentation corpus five more
// pages go as near-duplicates of their copy (groovy-doc's api and gapi
// trees), told apart before by the line kept as their headline.
func (c *Classifier) mayHead(i int, f *feat, in int, text bool) bool {
	if i == 0 {
		return true
	}
	return (in >= 2 || text) && !c.dateline(f) && !c.byline(f)
}

// headScore ranks f, a candidate headline whose words the content shares
// in of, a share of them: a candidate with three words or more in common
// ranks above one with two (the least mayHead asks below the page's
// first paragraph), and share decides among each. Two words are all of a
// topic label ("Paula Abdul", "National Security"), a paper's name ("New
// York Post") or a reporter's, which the article names too, and by share
// alone they outscored the headline above them ("Paula Abdul Breaks Nose
// in Dog Mishap"). A paragraph that ends a sentence (a photo's caption)
// or runs over several lines (the front matter of a memo) shares more
// words by its length alone, and a page read as a text (asText) keeps its
// title by share: these rank by share only.
//
// Development pages: F1 0.9039 -> 0.9077 (false positives 375 -> 356,
// false negatives 602 -> 583), each page alone on a site 0.8865 ->
// 0.8886. Without the sentence test, 0.9065: captions beat headlines
// ("The defence ministry said troops had killed ..."). Ranked by share
// times in (0.9081), the 1 GB documentation corpus swapped the section
// headings above the text for the pages' title lines and navigation
// links, and the descriptions under the headings with them (45
// paragraphs of prose newly removed, 44 kept); with this rank, 29 and 36.
// The news wire's stories each alone keep their headline rather than
// their dateline (10 stories), one RFC alone its title rather than its
// front matter (ien163; without the lines test rfc43 loses its title to
// its front matter); with their sites all three corpora are
// byte-identical. Without the asText test, the RFCs alone trade the
// front matter of 7 for 20 lines of others, titles but also page numbers
// and lines of their tables of contents.
func (c *Classifier) headScore(f *feat, in int, share float64) float64 {
	if in >= 3 && !c.asText() && !f.terminal && f.lines == oneLine {
		return 1 + share
	}
	return share
}

// asText reports whether the page is read as a text: on a text site, or
// a text page, a long text or a typed text. There series are not looked
// for, legal notices stay (see legalTail), and a boilerplate heading and
// what it heads are read as text (see textHeadings).
func (c *Classifier) asText() bool {
	return c.text >= textSite || c.textPage || c.longText || c.typed
}

// keepsHeadings reports whether the headings of the page's prose stay,
// short as they are: on a text site or a text page (see headings, and
// mayHead).
func (c *Classifier) keepsHeadings() bool { return c.text >= headingText || c.textPage }

// dateline reports whether f reads as a date or time line ("Tuesday, May
// 22, 2007", "January 30, 2013, 5:00 a.m."): half of its words or more
// are digit runs, and it does not open with a number (a numbered heading:
// "57.1. For the Translator", "E.3. Release 15.18").
func (c *Classifier) dateline(f *feat) bool {
	ws := c.wordsOf(f)
	n := 0
	for _, h := range ws {
		n += b2i(h == maskToken)
	}
	numbered := len(ws) > 0 && ws[0] == maskToken || len(ws) > 1 && ws[1] == maskToken && isLetterWord(ws[0])
	return 2*n >= len(ws) && !numbered
}

// letterWords holds the hashes of the one-letter words a to z.
var letterWords = func() (hs [26]uint64) {
	for i := range hs {
		hs[i] = wordHash(string(rune('a' + i)))
	}
	return hs
}()

// isLetterWord reports whether h is the hash of a one-letter word a to z.
func isLetterWord(h uint64) bool {
	for _, l := range letterWords {
		if h == l {
			return true
		}
	}
	return false
}

// byline reports whether f opens with "by" ("By John Harris", "By Kim
// Christensen, Los Angeles Times") or its second word is "by" ("Written
// by Chris Beaumont"). The article often names its author ("To contact
// the reporter on this story: ...") or its paper, and the byline then
// outscored the headline.
func (c *Classifier) byline(f *feat) bool {
	ws := c.wordsOf(f)
	return len(ws) > 0 && ws[0] == byWord || len(ws) > 1 && ws[1] == byWord
}

var byWord = wordHash("by")
