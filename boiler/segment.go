package boiler

import "math"

// cues is the content log-odds of a paragraph from its page cues.
func (c *Classifier) cues(f *feat) float64 {
	o := c.opts
	p := &c.p
	if f.words == 0 {
		return -p.siteW
	}
	e := p.lenW * math.Log2(float64(f.words+1)/p.lenMid)
	rel := math.Min(1, float64(f.words)/10)
	if o.on(CueStopwords) {
		// saturating: beyond ±stopSpan the density says nothing more
		e += p.stopW * max(-p.stopSpan, min(p.stopSpan, f.stopD-p.stopMid)) * rel
	}
	if o.on(CueShape) {
		if f.terminal {
			e += p.termW
		} else {
			e -= p.termW
		}
		if f.seps >= 2 && f.sentEnds == 0 {
			e -= p.sepW
		}
	}
	if e < 0 {
		e *= c.cueScale
	}
	return e
}

// emission is the content log-odds of paragraph i: its cues, the site's
// prior and repetition.
func (c *Classifier) emission(i int) float64 {
	fs := c.feats
	f := &fs[i]
	o := c.opts
	p := &c.p
	e := f.cue + c.prior
	if o.on(CueSite) && c.pages >= 2 && f.siteN >= p.siteMin {
		cap := p.siteCap
		if i >= c.proseLo && i <= c.proseHi {
			cap = c.cap
		}
		f.siteEv = min(cap, c.siteEvidence(f.siteN, c.pages))
		f.rep += f.siteEv
	}
	if f.inPage >= furnMin {
		f.rep += p.siteCap
	}
	if c.crossSite(f) {
		f.rep += p.crossW
	}
	if f.mark != markNone {
		e -= p.markW * (1 - c.text)
	}
	return e - f.rep
}

// siteEvidence is the log-likelihood ratio, boilerplate against content,
// of a fragment found on n of the site's N pages (n >= 1). Under the
// boilerplate hypothesis the fragment is part of a template shown on a
// share q of the site's pages, q unknown (uniform prior): every n from 1
// to N is then equally likely, P(n) = 1/N. Under the content hypothesis
// the paragraph was written for one page and copied to each further page
// with a small probability d (the same story published twice, a
// syndicated copy): P(n) ~ d^(n-1), whatever N. The ratio is
//
//	log(P(n | boilerplate) / P(n | content)) = (n-1)·log(1/d) - log(N)
//
// so one copy on a small site is strong evidence, one copy among 50 pages
// much weaker (a long, well-formed paragraph outweighs it: duplicated
// content, for the near-duplicate step to handle), and every further copy
// adds log(1/d). It is added to the page cues' log-odds as in naive Bayes.
//
// On a text site the text itself is copied: a manual's reference pages
// repeat each description on its class, index and summary pages, a wire
// re-sends its stories. There the content hypothesis is a mixture: with
// the site's text weight t (see setSite) a paragraph is copied at the
// rate the site shows (site.copy, the share of its fragments' occurrences
// on a few of its pages), otherwise at d,
//
//	P(n | content) = t·copy^(n-1) + (1-t)·d^(n-1)
//
// so that a fragment on as many pages as the site's own copying explains
// is no evidence, and the evidence grows again with each copy beyond.
// Below textSite, where the pages are mostly template and copies on a
// few pages are teasers and notices, log(1/d) is only tempered toward
// log(1/copy) by t (perCopy): the mixture's text term, however small its
// weight, would outweigh d^(n-1) for the first copies.
func (c *Classifier) siteEvidence(n, pages uint32) float64 {
	if n < 2 {
		return 0
	}
	k := float64(n - 1)
	content := -c.perCopy * k // log P(n | content), from d alone
	if c.copyW > 0 {
		a := c.logCopy[0] + k*c.logCopy[1]
		b := c.logCopy[2] + content
		content = max(a, b) + math.Log1p(math.Exp(min(a, b)-max(a, b)))
	}
	return max(0, -content-math.Log(float64(max(n, pages))))
}

// segment labels the page with a two-state (content, boilerplate) Viterbi
// path over the paragraphs: emissions are the content log-odds, each switch
// of state costs p.switchCost. It generalises jusText's context smoothing
// (short paragraphs take the class of their neighbours) and body text
// extraction's single main block (Finn et al. 2001). On a text site
// (textSite) or a text page a paragraph whose own log-odds are for
// content stays off the path too: a manual's page holds its text between
// labels and headings ("Parameters:", "Returns:"), a sentence between
// two of them is no less text, and position is a page cue that must not
// remove text there (on the generated Java SE documentation it removed
// 9 MB of descriptions and signatures as "outside main text").
//
// On any page whose prose comes hard-wrapped (half its prose paragraphs
// or more are wrappedLines, see isTextPage) a paragraph of several lines
// whose own log-odds are for content stays off the path as well: there
// the lines of a paragraph are the document's own (a manual's
// description between its signature and its example, a passage between
// two code blocks), where a web page's blocks, its teasers and captions
// among them, come a line each, or break a line between a headline and a
// summary (the development pages hold no paragraph of several lines, and
// are unchanged). Against 20662f9:
//   - the 1 GB documentation corpus: 7,777 paragraphs (1.55 MB) stay,
//     most of them scaladoc's, groovy's and lilypond's descriptions that
//     went as "outside main text" or as repeated on a few pages of the
//     site; 214 (8.7 kB) newly go, most of them headlines that title now
//     finds in another paragraph, and later copies of a kept paragraph.
//     207 pages are no longer removed as near-duplicates (lilypond's and
//     groovy's pages cut to the parts they shared with another; the
//     median 5-gram Jaccard of their raw texts with it is 0.38), 48 newly
//     are (0.94): 77,584 -> 77,743 documents out;
//   - preserve.py: the licences as a site keep 0.999461 -> 0.999674 of
//     their content, each alone 0.997214 -> 0.997505; the RFCs each
//     alone 0.994316 -> 0.994367; the RFCs as a site, the wire as a site
//     and each story alone unchanged; headers, footers and sign-offs
//     removed unchanged.
//
// Counting any paragraph of several lines toward the page's condition,
// as isTextPage's plain-text test does, kept 2.20 MB of the
// documentation corpus, but also a news page's teasers, a headline over
// a summary each, where they are half its prose (TestWrappedIslands).
func (c *Classifier) segment(s *site) {
	fs := c.feats
	n := len(fs)
	if n == 0 {
		return
	}
	T := c.p.switchCost
	if !c.opts.on(CueContext) {
		T = 0
	}
	c.back = c.back[:0]
	// best scores of paths ending in boilerplate (b) or content (ct); the
	// page may start and end in either state at no cost
	b, ct := 0.0, 0.0
	for i := range fs {
		e := fs[i].e
		// into boilerplate
		var from byte
		nb := b
		if ct-T > nb {
			nb, from = ct-T, 1
		}
		var fromC byte = 1
		nc := ct
		if b-T > nc {
			nc, fromC = b-T, 0
		}
		nc += e
		c.back = append(c.back, from|fromC<<1)
		b, ct = nb, nc
	}
	state := byte(0)
	if ct > b {
		state = 1
	}
	any := false
	for i := n - 1; i >= 0; i-- {
		fs[i].inContent = state == 1
		any = any || state == 1
		if state == 1 {
			state = c.back[i] >> 1
		} else {
			state = c.back[i] & 1
		}
	}
	if !any {
		c.mainRun()
	}
	if c.text >= textSite || c.textPage {
		// a text site's paragraph that reads as text stays wherever it
		// is: its pages hold text between their headings and labels
		for i := range fs {
			fs[i].inContent = fs[i].inContent || fs[i].e > 0
		}
	} else if c.wrapped {
		for i := range fs {
			fs[i].inContent = fs[i].inContent || fs[i].lines != oneLine && fs[i].e > 0
		}
	}
	if c.longText || c.textPage || c.typed {
		c.keepSpan()
	}
}

// keepSpan marks as content the paragraphs of a long text (see textLong)
// from its first prose paragraph to the end of the page that have words
// and no evidence against them but their shape: no repetition on the
// site, in the page (furniture) or on other sites, no mark (a comment
// thread, a boilerplate phrase or heading). Up to the last prose
// paragraph it keeps every such paragraph, after it only those of
// several lines. Its code, tables, formulas and references read as menus
// and link lists to the page cues.
//
// On a text page that is not a long text it keeps so the paragraphs of
// several lines only, in the whole span (but see typed texts below): its
// figures, tables and code. A news page alone on its site that
// qualifies as a text page holds captions, teasers and bylines between
// its prose paragraphs, each a line (a block of the page): on the
// development pages each alone on a site, keeping every paragraph up to
// the last prose paragraph took F1 from 0.8656 to 0.8624 (230 paragraphs
// of boilerplate kept, none of several lines); with this rule it stays
// 0.8656. The RFCs each alone on a site keep 0.9788 -> 0.9815 of their
// content characters (their ASCII diagrams, grammars, modules and
// authors' addresses had gone as link lists, short or few function
// words: 759 kB newly kept, 4.4 kB newly removed), headers and footers
// removed 0.9892 unchanged; the licences each alone 0.9902 -> 0.9907.
//
// After the last prose paragraph comes a text's closing matter, such as
// its authors' addresses ("Barry Leiba\n FutureWei Technologies", then
// "Phone: ...\n Email: ...") and the tables of its appendices, which read
// as short lines and link lists. Against a span that ended at the last
// prose paragraph: the RFCs each alone on a site kept 0.991027 ->
// 0.994316 of their content characters (preserve.py: 511 kB; 7,638
// paragraphs, 695 kB of text, no longer removed; 4 paragraphs, 837 B,
// newly removed: in four RFCs the addresses, now content, share the
// authors' names with the header block, so title took the block or the
// title line as headline in place of the other), headers and footers
// removed 0.988897 unchanged; the licences each alone 0.997195 ->
// 0.997214; the RFCs and the licences as sites, the news wire, and the
// development pages with their sites and each alone: unchanged. On the
// 1 GB documentation corpus 16 paragraphs (1.6 kB, groovy's method
// signatures) newly stay and none newly go. From the start of the page
// instead of the first prose paragraph, the RFCs each alone kept less
// (0.994264), so the span still starts there.
//
// A typed text (c.typed: a page alone on its site whose prose is
// hard-wrapped and whose paragraphs are not mostly of one line, see
// typedLines) is a document, not a web page, and its paragraphs of one
// line are its own: up to its last prose paragraph it keeps them as a
// long text does (section headings, a definition's fields such as
// "Option identification: attachOverride", "Figure 1"), and keepSpan
// runs on it as on a text page, though it may be too short for one (a
// package's copyright file, a short licence). Such a text shares lines
// with its kin, each alone on a site too ("Security issues are not
// discussed in this memo.", a MIB's "Status: mandatory.", "Copyright
// Notice", an underlined heading): up to its last prose paragraph, what
// is found on crossMinText other sites or more stays as well, unless it
// is a row of links or worded as a legal notice, which a template puts on
// many sites (ownLine). After its last prose paragraph closingHeadings
// keeps the heading of its closing matter.
//
// Against 7a79963 (with typed texts read as texts, see asText and
// markThread): the RFCs each alone keep 0.994367 -> 0.997337 of their
// content characters (0.997718 with legal notices kept too: their
// copyright lines, 88 kB). What they newly lose, 3.6 kB, are fields that
// a chain of headings had kept (see headings), whose chain a line kept
// here now breaks, and header blocks or title lines that title no longer
// takes for the headline. Their headers and footers removed 0.988897 ->
// 0.987366: those of RFCs of two or three pages, which recur too few
// times to be furniture. The licences each alone 0.997505 -> 0.998117
// (debian copyright files' author and copyright blocks among them). With
// their sites, the wire each alone, the development pages (no paragraph
// of theirs holds a line break) and the 1 GB documentation corpus
// (sites of many pages): unchanged.
func (c *Classifier) keepSpan() {
	oneLines := c.longText || c.typed // up to the last prose paragraph
	for i := c.proseLo; i < len(c.feats); i++ {
		f := &c.feats[i]
		inner := i <= c.proseHi
		if (!oneLines || !inner) && f.lines == oneLine {
			continue
		}
		if c.unmarked(f) && (!c.crossSite(f) || c.typed && inner && c.ownLine(i)) {
			f.inContent = true
		}
	}
	if c.typed {
		c.closingHeadings()
	}
}

// unmarked reports whether f has words, no repetition on the site or in
// the page (furniture) and no mark: no evidence against it but its shape
// and its repetition on other sites (see keepSpan).
func (c *Classifier) unmarked(f *feat) bool {
	return f.words > 0 && f.siteEv == 0 && f.inPage < furnMin && f.mark == markNone
}

// ownLine reports whether feat i holds no separator (as a row of links
// does) and is not worded as a legal notice (legalWords): on a typed text, found on
// other sites, it is a line the text shares with its kin, not a
// template's.
func (c *Classifier) ownLine(i int) bool {
	f := &c.feats[i]
	return f.seps == 0 && !c.legalWords(f)
}

// closingHeadings marks as content, after the last prose paragraph of a
// typed text (see keepSpan), the heading of closing matter labelled
// content ("Authors' Addresses" over an address of several lines): a
// paragraph of one line and at most headingMaxWords words, unmarked and
// its own (ownLine), found on other sites or not, before a paragraph of
// several lines on the content path. One heading only: the line before
// it stays off the path.
func (c *Classifier) closingHeadings() {
	fs := c.feats
	for i := len(fs) - 2; i > c.proseHi; i-- { // (a typed text has prose)
		f, next := &fs[i], &fs[i+1]
		if f.lines == oneLine && next.inContent && next.lines != oneLine &&
			f.words <= headingMaxWords && c.unmarked(f) && c.ownLine(i) {
			f.inContent = true
		}
	}
}

// crossSite reports whether f is a short fragment found on other sites,
// when that cue is on: on crossMin other sites, or on a text page or a
// typed text on crossMinText.
func (c *Classifier) crossSite(f *feat) bool {
	least := c.p.crossMin
	if c.textPage || c.typed {
		least = crossMinText
	}
	return c.opts.on(CueCross) && f.crossN >= least && int(f.words) <= c.p.crossMaxWords
}

// crossMinText is the number of other sites a short fragment of a text
// page or a typed text must be found on to count against it. A text
// alone on its site shares lines with its own kin, each alone on a site
// too: the versions of a standard, the standards that extend it, a
// licence and its variants. A template's fragments ("Print this
// article", a copyright notice) are found on many sites. The RFCs each
// alone on a site lost 484 kB of lines found on 2 to 5 other sites (MIB
// and ASN.1 lines, section headings, authors' e-mail addresses of
// related RFCs); with this, content kept 0.9869 -> 0.9886 (263 kB of
// content lines newly kept, 8.6 kB newly removed, most of them later
// copies of lines now kept: "repeat"), the licences each alone 0.9957 ->
// 0.9958. The development pages each alone on a site: one paragraph more
// kept wrongly (F1 0.8656 -> 0.8656, 789 false positives against 788);
// with their sites nothing changes (no text page).
const crossMinText = 6

// mainRun marks as content the run of paragraphs of the page whose
// content log-odds sum to the most, if the sum is positive: a page has
// a main text, and when the switches of the path cost more than a short
// text earns (a page of one paragraph between menus), the best single
// run is the body text extraction of Finn et al. (2001).
func (c *Classifier) mainRun() {
	fs := c.feats
	best, from, to := 0.0, 0, -1
	sum, start := 0.0, 0
	for i := range fs {
		if sum <= 0 {
			sum, start = 0, i
		}
		sum += fs[i].e
		if sum > best {
			best, from, to = sum, start, i
		}
	}
	for i := from; i <= to; i++ {
		fs[i].inContent = true
	}
}
