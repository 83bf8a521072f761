package boiler

// Page-structure marks of a paragraph (feat.mark), set from the page
// alone: they work on a page whose site has no other page in the corpus.
const (
	markNone    uint8 = iota
	markHeading       // a heading (or label) announcing boilerplate: "Related Posts", "Legal Disclaimer:"
	markHeaded        // a paragraph under such a heading
	markPhrase        // error-page text or an appeal to the reader
	markComment       // part of a comment thread
	markCommentHeading
	markSeries // an item of a series of paragraphs that open alike
)

var markReasons = [...]string{"", "boilerplate heading", "under a boilerplate heading", "boilerplate phrase", "comment thread", "comments heading", "series (opens alike)"}

// Comment threads: readers' comments under an article are prose, often
// long, and unique to the page, so neither repetition nor the prose cues
// find them. What gives them away is their frame: every comment comes
// with a header or footer of the same form ("By DUMAS", "Dec 30, 2007
// 7:06 PM | Link to this", "Posted by: Brad, Glasgow on 11:16am", "Reply",
// "Quote | Report this post"), and they speak in the first and second
// person, where news reports speak in the third.
const (
	metaMaxWords   = 15   // a comment's header or footer is short
	threadMinMeta  = 3    // headers or footers of a thread, at least
	threadMaxGap   = 5    // paragraphs between two of them, at most
	threadPersonal = 0.03 // share of first- and second-person words in its prose, at least
)

// metaKey is the form of a paragraph that may frame a comment: its first
// word and whether it is short, or 0 when it reads as a sentence (a
// question of an interview, say: "Q: Why did you leave?").
func metaKey(f *feat) uint64 {
	if f.words == 0 || f.words > metaMaxWords || f.terminal && f.words > 3 && !f.digits {
		return 0
	}
	k := f.first
	if f.words > 4 {
		k ^= 0x5851f42d4c957f2d
	}
	return mix(k, kindMasked)
}

// metaTail is the form of a paragraph that may frame a comment by its
// last four words, digit runs masked, for a frame that opens with the
// commenter's name ("Duken4evr at 4:31 PM January 30, 2013", "JHOHL27 Jan
// 09 2008 07:53 PM PST |"): names differ from comment to comment, in
// their number of words too, so neither metaKey nor the masked key finds
// the frame. 0 for a paragraph of fewer than five words or without a
// digit run (the time stamp). markThreads asks only of a paragraph that
// may frame a comment (metaKey), and not on a text site or a page alone
// that reads as a text or is a typed text (c.textFirst): there the last
// words of code lines, numbered headings and table rows recur, and the
// prose between them says "you". On the 1 GB documentation corpus,
// without the digit run and the site test, 131 paragraphs of
// documentation went (code of the Boost and kernel manuals, Qt's
// headings), and 12 with the digit run alone; with both, nothing changes
// there.
//
// Development pages: three more threads found (three pages), 17
// paragraphs newly labelled, all boilerplate (false positives 426 ->
// 421, char F1 0.9544 -> 0.9551); each page alone on a site 679 -> 671
// (0.9379 -> 0.9387).
func (c *Classifier) metaTail(f *feat) uint64 {
	if f.words < 5 || !f.digits {
		return 0
	}
	k := uint64(0x3c6ef372fe94f82b)
	ws := c.wordsOf(f)
	for _, h := range ws[len(ws)-4:] {
		k = mix(k, h)
	}
	return k
}

// markThreads marks the comment threads of the page: runs of paragraphs in
// which the frame of a comment (a form of short paragraph, see metaKey,
// or a short paragraph whose masked form recurs in the page) comes back
// threadMinMeta times or more, at most threadMaxGap paragraphs apart,
// after the first prose paragraph of the page, with the prose after the
// first frame personal enough (or announced by a comments heading), and
// no more text after it than before it (see textFollows). The last
// comment's text, the prose paragraphs after the last frame, belongs to
// the thread too.
func (c *Classifier) markThreads() {
	fs := c.feats
	c.inPage.resetFor(len(fs) - c.proseLo)
	tails := c.text < textSite && !c.textFirst // (see metaTail)
	c.frames = c.frames[:0]
	for i := c.proseLo + 1; i < len(fs); i++ {
		var t uint64
		k := metaKey(&fs[i])
		if k != 0 {
			c.inPage.add(k)
			if tails {
				t = c.metaTail(&fs[i])
			}
		}
		if t != 0 {
			c.inPage.add(t)
		}
		c.frames = append(c.frames, [2]uint64{k, t})
	}
	c.meta = c.meta[:0]
	for i := c.proseLo + 1; i < len(fs); i++ {
		f := &fs[i]
		k, t := c.frames[i-c.proseLo-1][0], c.frames[i-c.proseLo-1][1]
		if k != 0 && c.inPage.count(k) >= threadMinMeta || t != 0 && c.inPage.count(t) >= threadMinMeta ||
			f.inPage >= furnMin && f.words <= metaMaxWords {
			c.meta = append(c.meta, i)
		}
	}
	counted := false
	lead := 0 // prose paragraphs before the first run of frames (read on c.textFirst only)
	for lo := 0; lo < len(c.meta); {
		hi := lo + 1
		for hi < len(c.meta) && c.meta[hi]-c.meta[hi-1] <= threadMaxGap+1 {
			hi++
		}
		if hi-lo >= threadMinMeta {
			if !counted { // the page's first run: count its prose (see proseIn)
				c.proseBefore = append(c.proseBefore[:0], 0)
				for i := range fs {
					c.proseBefore = append(c.proseBefore, c.proseBefore[i]+int32(b2i(c.isProse(&fs[i]))))
				}
				counted, lead = true, c.proseIn(0, c.meta[lo])
			}
			c.markThread(c.meta[lo], c.meta[hi-1], lead)
		}
		lo = hi
	}
}

// markThread marks paragraphs from to last (frames) and the prose after
// last as a comment thread if its prose is personal enough or a comments
// heading comes just before it.
//
// On a page alone on its site that reads as a text (c.textFirst: a text
// page or a typed text, see isTextPage and typedLines, judged before any
// thread is marked) a thread must also be shorter than the text it
// follows: fewer prose paragraphs than lead, those before the page's
// first run of frames (a text framed throughout is broken into runs
// wherever its frames are further apart, and the runs after the first
// follow text that was framed as well).
// Readers' comments follow an article; without a site to tell its
// furniture, what markThreads finds on a text is its running page headers
// and footers, or its numbered section headings, framing the text itself.
// Each RFC on a site of its own (preserve.py): content kept 0.9754 ->
// 0.9761, rfc6174 had lost 76% of its content characters as a "comment
// thread" from its tenth paragraph on, 0.2% now; the licences each on a
// site of their own 0.9879 -> 0.9889 (the numbered sections of spdx
// CAL-1.0); with lead rather than the prose before each run, the RFCs
// 0.9780 -> 0.9785 (19 documents keep more, rfc2648 26 kB of its example
// scripts). The development pages, alone on their sites or not, and the
// other shared corpora: unchanged. A typed text is weighed so too:
// spdx Parity-6.0.0, too short for a text page, lost its five numbered
// conditions and the rest ("1. Contribute changes and additions you make
// to this software.") as a thread otherwise (with this rule alone the
// licences each alone kept 0.997661 -> 0.997756 of their content; the
// RFCs each alone, the wire each alone, the development pages and the
// 1 GB documentation corpus were byte-identical).
//
// Nor is it a thread where more text follows it than comes before it
// (textFollows). On a long text innerThreads, later, takes the mark back
// where threadTail unmarked prose paragraphs follow, whatever came
// before. Threads are marked before textHeadings runs: a paragraph under
// a boilerplate heading that a thread takes stays the thread's.
func (c *Classifier) markThread(from, last, lead int) {
	fs := c.feats
	end := last + 1
	for end < len(fs) && end <= last+threadMaxGap && fs[end].cue > 0 && fs[end].mark == markNone {
		end++
	}
	announced := false
	for i := max(0, from-3); i < from; i++ {
		announced = announced || fs[i].mark == markCommentHeading
	}
	if !announced && c.personal(from, end) < threadPersonal {
		return
	}
	if c.textFirst && c.proseIn(from, end) >= lead {
		return
	}
	if c.textFollows(from, end) {
		return
	}
	for i := from; i < end; i++ {
		if fs[i].mark == markNone || fs[i].mark == markHeaded {
			fs[i].mark = markComment
		}
	}
}

// textFollows reports whether more prose paragraphs follow paragraphs from
// to end (exclusive) than come before them, marked or not. end includes
// the last comment's text (see markThread): the prose paragraphs it
// takes, up to threadMaxGap after the last frame, do not count as
// following.
// Readers' comments follow the article they comment on, so a run of frames
// that more text follows is not a thread: it is a manual's notes, the
// entries of a table or a method list whose descriptions say "you", or the
// middle of a short article (a page of the development set held a golf
// report whose quotes in the first person, framed by short lines, went
// from its fifth paragraph on).
//
// Measured against markThread without it: development pages F1 0.9101
// -> 0.9106 (characters 0.9611 -> 0.9617; 5 fewer paragraphs of content
// lost, 1 more of boilerplate kept), each page alone 0.8935 -> 0.8940
// (0.9469 -> 0.9475); each RFC on a site of its own (preserve.py) kept
// 0.990955 -> 0.991005 of its content, each licence alone 0.996996 ->
// 0.997080; on the 1 GB documentation corpus 2,394 paragraphs (104 kB)
// stay, in Qt's, rust's and the kernel's API pages and debian-reference
// (115 more, 2.8 kB, go: 110 of them as repeats of a first copy that now
// stays). Weighing what follows against the thread's own prose instead
// of what comes before cost the pages alone a thread (18 paragraphs)
// followed by a list of dated teasers, which read as prose.
//
// Known limit: a thread that a long comment splits into two runs of
// frames counts the second run's comments as text following the first,
// which then stays when they outweigh the article. Weighing the runs
// from the last to the first, without the prose of the threads marked
// after them, fixes that, but on the 1 GB documentation corpus it
// removed 166 more paragraphs (5.9 kB) of API pages (openjdk's, the
// kernel's), whose runs of member entries say "you", for no change on
// the development pages; so the runs are weighed alone.
func (c *Classifier) textFollows(from, end int) bool {
	return c.proseIn(end, len(c.feats)) > c.proseIn(0, from)
}

// proseIn returns the number of prose paragraphs from to end (exclusive),
// from c.proseBefore: valid only during markThreads, which fills it for
// the page (and only for a page with a run of frames). Counted in place,
// the two counts of every run made labelling quadratic in the page's
// runs: 19.5 µs a paragraph instead of 1.1 for a page of 40,000
// paragraphs with a run every thirteen (BenchmarkThreadRuns), 1.2 µs
// against 0.9 at 4,000.
func (c *Classifier) proseIn(from, end int) int {
	return int(c.proseBefore[end] - c.proseBefore[from])
}

// personalWords are the words of the first and second person.
var personalWords = func() hashSet {
	var hs []uint64
	for _, w := range []string{"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "you", "your", "yours"} {
		hs = append(hs, wordHash(w))
	}
	return newHashSet(hs)
}()

// personal returns the share of first- and second-person words in the
// prose paragraphs from to end (exclusive) of the page.
func (c *Classifier) personal(from, end int) float64 {
	n, words := 0, 0
	for i := from; i < end; i++ {
		f := &c.feats[i]
		if f.words < 4 {
			continue
		}
		for _, w := range c.wordsOf(f) {
			n += b2i(personalWords.has(w))
		}
		words += int(f.words)
	}
	if words == 0 {
		return 0
	}
	return float64(n) / float64(words)
}

// markHeadings carries the mark of a standalone boilerplate heading to the
// paragraphs it heads: those after it up to the next paragraph that reads
// as a heading (short, without a sentence end), at most maxHeaded.
func (c *Classifier) markHeadings() {
	const maxHeaded = 3
	fs := c.feats
	for i := range fs {
		if fs[i].mark != markHeading || fs[i].words > headingMaxWords {
			continue
		}
		for j := i + 1; j < len(fs) && j <= i+maxHeaded; j++ {
			f := &fs[j]
			if f.mark != markNone || f.words <= headingMaxWords && !f.terminal {
				break
			}
			f.mark = markHeaded
		}
	}
}

// commentsTail labels Boilerplate the content after the page's first
// comments heading of two to headingMaxWords words ("Comments (86)",
// "Comments on this article", "Leave a reply") when the content before
// it has more than twice its words: the heading then opens the section
// under the article, where the readers' comments that markThreads did
// not frame, the teasers and the notices kept as text all go. A heading
// with much of the content still to come is the link to the comments
// under the headline, and the article follows it. A bare "Comments" and
// a label ("Comments: a comment is a remark for the reader...", a
// manual's) may head a section of a text; so may any heading on a page
// read as a text (see asText), where the cue is off.
//
// Development pages: 48 paragraphs on 8 pages (1,504 words) newly
// labelled, none of them content (false positives 421 -> 375, F1 0.8999
// -> 0.9039, char F1 0.9551 -> 0.9591); each page alone on a site, 85
// paragraphs on 15 pages, none content (671 -> 587, 0.8794 -> 0.8865).
// Taking the first comments heading whatever its form, the development
// pages kept 403 false positives rather than 375 (a bare "Comments" link
// comes first on latimes.com, whose 2013 pages hold most of them), and
// the 1 GB documentation corpus lost a section of the LilyPond manual (5
// paragraphs under the label "Comments:"); with these tests it is
// byte-identical. The news wire, RFCs and licences, with their sites and
// alone, byte-identical. On the generated corpus the footers' newsletter
// line after the comment count goes, and 18 more near-copies, at
// similarity 0.80-0.82 before, are found.
func (c *Classifier) commentsTail() {
	if !c.opts.on(CueComments) || c.asText() {
		return
	}
	fs := c.feats
	h := 0
	for h < len(fs) && (fs[h].mark != markCommentHeading || fs[h].words < 2 || fs[h].words > headingMaxWords) {
		h++
	}
	if h == len(fs) {
		return
	}
	before, after := 0, 0
	for i := range fs {
		if fs[i].label != Content {
			continue
		}
		if i < h {
			before += int(fs[i].words)
		} else {
			after += int(fs[i].words)
		}
	}
	if after == 0 || 2*after >= before {
		return
	}
	for i := h + 1; i < len(fs); i++ {
		if f := &fs[i]; f.label == Content {
			c.demote(f, "after the comments heading")
		}
	}
}
