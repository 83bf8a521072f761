package boiler

import "math"

// How much of a site's pages is its own text decides how far the cues
// of a page are trusted. On news and shop pages most paragraphs are the
// site's template (menus, link lists, teasers): the cue weights were set
// on such pages. On a news wire, the RFC series, a book or a set of
// manuals nearly every paragraph is text: short lines without function
// words are table rows, code, headings and addresses, and text found on
// several pages is a standard notice, a reference or a revised copy, not
// furniture. Removing them loses data silently.
//
// setSite measures the site by the share b of its pages' fragments that
// belong to its template (site.tmpl, on a tenth of its pages or more),
// shrunk toward priorRef for sites of few pages, and derives from it
//
//   - the prior: the content log-odds log((1-b)/b), relative to priorRef,
//     added to every paragraph (Bayes' rule with the site's boilerplate
//     share as prior; 0 for a site of one page, whose share is unknown);
//   - t = max(0, 1 - b/priorRef), how much the site is a text site (0 for
//     the news sites of the development set, 0.93 for the RFCs), which
//     tempers the page cues against a paragraph by 1-t, the evidence of
//     each further copy of a fragment toward log(1/d) with d the site's
//     measured copy rate (site.copy; on a text site, t >= textSite, a
//     mixture of the two rates, see siteEvidence), and the most evidence that
//     repetition gives a paragraph between the first and the last prose
//     paragraph of a page by textCap·t: notices and the headings of
//     standard sections are shared by the documents of a text site,
//     while what repeats at their edges (a sign-off, navigation) is
//     weighed in full.
//
// On the development pages (news sites) this changes little (F1 0.887 to
// 0.890, char F1 0.947 to 0.949, the prior helping small sites); on the
// news wire and the RFCs it is most of what keeps 99% of their text
// (content characters removed 1.6% and 21% before).
//
// The shrinkage weighs priorPages = 2 pages: a site of two or three
// pages that share no fragment at all (a dictionary in three files, a
// manual of two) is then a text site (t = 0.5 and 0.6), as a news site
// of two pages never is (its menus and footers are on both). With 4, such
// sites had t = 0.33 to 0.5 and lost their text to the page cues: on the
// README's 1 GB documentation corpus FOLDOC (3 files) lost 1.1 MB of
// definitions as "outside main text", "short" and "series", the GNOME
// user docs (3 pages) 59% of their text, the GNU coding standards 17%.
// With 2: 0.24 MB, 0.1% and 6%; the corpus' boilerplate removed 143.6 ->
// 142.1 MB. The development pages: F1 0.8912 -> 0.8909, char F1 0.9517
// (unchanged); the news wire and the RFCs unchanged (preserve.py).
func (c *Classifier) setSite(s *site) {
	p := &c.p
	c.prior, c.text = 0, 0
	c.cueScale, c.perCopy, c.copyW, c.copyRate, c.cap = 1, p.siteCopy, 0, 0, p.siteCap
	if s == nil || s.pages < 2 || !c.opts.on(CuePrior) {
		return
	}
	n := float64(s.pages)
	b := (n*s.tmpl + p.priorPages*p.priorRef) / (n + p.priorPages)
	c.prior = math.Log((1-b)/b) - math.Log((1-p.priorRef)/p.priorRef)
	c.text = max(0, 1-b/p.priorRef)
	c.cueScale = 1 - c.text
	if s.copy > 0 {
		c.perCopy = (1-c.text)*p.siteCopy + c.text*min(p.siteCopy, -math.Log(s.copy))
		if c.text >= textSite {
			c.copyW, c.copyRate = c.text, s.copy
			c.logCopy = [3]float64{math.Log(c.copyW), math.Log(c.copyRate), math.Log(1 - c.copyW)}
		}
	}
	c.cap = p.siteCap - p.textCap*c.text
}

// textSite is the text-site weight from which a site counts as a text
// site: its pages are not read as one block of text between furniture
// (see segment), its own rate of copying explains the copies of its
// paragraphs (see siteEvidence), and the page-structure marks and series
// of news pages are not looked for.
const textSite = 0.5
