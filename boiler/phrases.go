package boiler

import (
	"bytes"
	"slices"
	"strings"
)

// Cues that work on a single page: words that announce boilerplate. They
// are a small built-in English prior, like the built-in function words:
// a page of a site with other pages in the corpus is mostly labelled by
// what repeats there, but a page alone has only its own text.

// Headings that announce boilerplate. A paragraph matches when its words,
// digit runs left out, start with a phrase and it is short (a heading:
// "Related Posts", "12 Comments") or the phrase is followed by a colon
// ("Legal Disclaimer: ..."). Three kinds:
//
//   - sectionHeadings head a section of boilerplate: their label carries
//     to the paragraphs they head (see markHeadings);
//   - commentHeadings head a comment thread (see markThreads);
//   - markerPhrases are boilerplate themselves, where they stand, often
//     inside the article ("ADVERTISEMENT"), and head nothing.
var (
	sectionHeadings = [...]string{
		"related posts", "related articles", "related stories", "related links", "related content",
		"related coverage", "related news", "you may also like", "you might also like",
		"recommended for you", "recommended stories", "more stories", "more from", "more news",
		"most popular", "most read", "most viewed", "trending now",
		"disclaimer", "legal disclaimer", "about the author",
	}
	commentHeadings = [...]string{
		"comments", "reader comments", "leave a reply", "leave a comment", "post a comment",
		"add comment", "add your comment", "add a comment", "join the discussion", "responses",
	}
	markerPhrases = [...]string{
		"read more", "read next", "share this", "share this article", "share this story",
		"advertisement", "sponsored content", "filed under", "tags",
		"sign up for our newsletter", "subscribe to our newsletter", "follow us",
	}
)

// pagePhrases mark the paragraph holding them as boilerplate wherever they
// occur in it: error-page text and appeals to the reader (donations, ad
// blockers, sign-ups), which no article needs to say (see markPhrases).
var pagePhrases = [...]string{
	"the page you were looking for", "the page you are looking for", "the page you requested",
	"page not found", "page cannot be found", "page could not be found", "this page does not exist",
	"error 404", "404 error", "404 not found",
	"ad blocker", "ad blockers", "adblocker", "adblock", "disable your ad", "whitelist our site",
	"donate now", "make a donation", "please donate", "donate today", "become a patron",
	"support our journalism", "support independent journalism", "support our work",
	"join our community", "you could close this page", "subscribe now", "sign up for our newsletter",
}

// phrase is a phrase as word hashes (see stats.wordHashs), with the
// index of its anchor: its longest word that is neither a function word
// of the built-in prior nor a digit run ("requested" in "the page you
// requested"), a rare word, so that few paragraphs hold one.
//
// Every digit run has one hash, so "404 error" as hashes is any number
// followed by "error": "6. Error Handling", the heading of a standard,
// and "protocol error (3) or application error (4)". In a set made by
// newLiteralPhraseSet, digits lists the phrase's digit runs, and a match
// counts only where the text holds each of them as a digit run of its
// own (see holdsDigits).
type phrase struct {
	words  []uint64
	anchor int
	digits []string
}

// phraseSet is a list of phrases indexed by their first word and by
// their anchor.
type phraseSet struct {
	start hashSet // first words
	list  []phrase
	bloom [64]uint64 // bit h%4096 set for every anchor h
}

// newLiteralPhraseSet is newPhraseSet for phrases whose digits are
// literal: "error 404" matches "Error 404" and "error 404:", not
// "error 500" or "error (4)".
func newLiteralPhraseSet(phrases []string) *phraseSet {
	ps := newPhraseSet(phrases)
	for i, s := range phrases {
		for _, w := range strings.Fields(s) {
			if isASCIIDigit(w[0]) {
				ps.list[i].digits = append(ps.list[i].digits, w)
			}
		}
	}
	return ps
}

func newPhraseSet(phrases []string) *phraseSet {
	var st stats
	var buf []byte
	ps := &phraseSet{}
	var starts []uint64
	prior := emptyModel().prior
	for _, s := range phrases {
		buf = analyze(&st, buf, []byte(s))
		ph := phrase{words: slices.Clone(st.wordHashs)}
		long := 0
		for i, w := range strings.Fields(s) {
			if i >= len(ph.words) || st.words != len(strings.Fields(s)) {
				panic("boiler: phrase " + s + " is not words separated by spaces")
			}
			if n := len(w); n > long && ph.words[i] != maskToken && !prior.has(ph.words[i]) {
				ph.anchor, long = i, n
			}
		}
		ps.list = append(ps.list, ph)
		starts = append(starts, ph.words[0])
		a := ph.words[ph.anchor]
		ps.bloom[a>>58] |= 1 << (a & 63)
	}
	ps.start = newHashSet(starts)
	return ps
}

// mayContain reports whether words may hold the anchor of a phrase of
// ps: a 4,096-bit Bloom filter of one hash, one load and shift per word
// without branches. Searching every paragraph of up to maxPhraseWords
// words for pagePhrases with contains alone took 18% of the labelling time
// of BenchmarkBoilerGenLabel (bench).
func (ps *phraseSet) mayContain(words []uint64) bool {
	var hit uint64
	for _, h := range words {
		hit |= ps.bloom[h>>58] >> (h & 63)
	}
	return hit&1 != 0
}

var (
	sections = newPhraseSet(sectionHeadings[:])
	comments = newPhraseSet(commentHeadings[:])
	markers  = newPhraseSet(markerPhrases[:])
	appeals  = newLiteralPhraseSet(pagePhrases[:])
)

// prefix reports whether words, digit runs left out, start with a phrase
// of ps, and returns the number of words (digit runs included) the
// phrase spans.
func (ps *phraseSet) prefix(words []uint64) (int, bool) {
	lead := 0
	for lead < len(words) && words[lead] == maskToken {
		lead++
	}
	if lead == len(words) || !ps.start.has(words[lead]) {
		return 0, false
	}
	for _, ph := range ps.list {
		if n := len(ph.words); n <= len(words)-lead && slices.Equal(ph.words, words[lead:lead+n]) {
			return lead + n, true
		}
	}
	return 0, false
}

// contains reports whether a phrase of ps occurs in words, the words of
// text (which need only be given for a set of newLiteralPhraseSet).
func (ps *phraseSet) contains(words []uint64, text []byte) bool {
	if !ps.mayContain(words) {
		return false
	}
	for i, h := range words {
		if ps.bloom[h>>58]>>(h&63)&1 == 0 {
			continue
		}
		for _, ph := range ps.list {
			a, n := ph.anchor, len(ph.words)
			if ph.words[a] == h && i >= a && i-a+n <= len(words) && slices.Equal(ph.words, words[i-a:i-a+n]) &&
				holdsDigits(text, ph.digits) {
				return true
			}
		}
	}
	return false
}

// holdsDigits reports whether text holds each of digits as a run of ASCII
// digits of its own, not inside a longer run ("404" in "HTTP 404", not in
// "14040"). It does not check where: a paragraph that matches a phrase's
// words and holds its digits elsewhere is taken as a match. Digits of
// other scripts, which the tokeniser reads as digit runs too ("Error
// ٤٠٤", full-width "４０４"), do not count: an error page in English
// writes ASCII digits.
func holdsDigits(text []byte, digits []string) bool {
	for _, d := range digits {
		found := false
		for from := 0; !found; {
			i := bytes.Index(text[from:], []byte(d))
			if i < 0 {
				return false
			}
			i += from
			end := i + len(d)
			found = (i == 0 || !isASCIIDigit(text[i-1])) && (end == len(text) || !isASCIIDigit(text[end]))
			from = i + 1
		}
	}
	return true
}

func isASCIIDigit(b byte) bool { return '0' <= b && b <= '9' }

// has reports whether h is in s.
func (s *hashSet) has(h uint64) bool {
	if len(s.slots) == 0 || h == 0 {
		return false
	}
	i := s.home(h)
	w := s.slots[i : i+setProbes]
	return w[0] == h || w[1] == h || w[2] == h || w[3] == h || len(s.extra) > 0 && slices.Contains(s.extra, h)
}

// headingMaxWords is the most words of a paragraph that reads as a heading.
const headingMaxWords = 8

// headingText is the text-site weight from which the headings of prose
// stay (see Classifier.headings).
const headingText = 0.5

// pageMark returns the mark of paragraph p, analysed into st, from the
// phrases it holds (see headingPhrases, pagePhrases).
func (c *Classifier) pageMark(p []byte, st *stats) uint8 {
	if !c.opts.on(CueHeadings) {
		return markNone
	}
	heads := st.wordHashs
	whole := st.words <= headingMaxWords
	if !whole {
		// a label: the words before a colon near the start
		i := bytes.IndexByte(p[:min(len(p), 48)], ':')
		if i <= 0 {
			heads = nil
		} else {
			c.lbuf = analyze(&c.lst, c.lbuf, p[:i])
			heads = c.lst.wordHashs
		}
	}
	if len(heads) > 0 {
		for _, k := range [...]struct {
			ps   *phraseSet
			mark uint8
		}{{sections, markHeading}, {comments, markCommentHeading}, {markers, markPhrase}} {
			if n, ok := k.ps.prefix(heads); ok && (whole || n == len(heads)) {
				return k.mark
			}
		}
	}
	if st.words <= maxPhraseWords && appeals.contains(st.wordHashs, p) {
		return markPhrase
	}
	return markNone
}

// maxPhraseWords is the longest paragraph searched for pagePhrases: error
// text and appeals are short, and an article that happens to hold such a
// phrase is long.
const maxPhraseWords = 80
