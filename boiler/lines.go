package boiler

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// edgeLine is the first or the last line of a multi-line paragraph, which
// may be labelled apart from its paragraph (see cutLines).
type edgeLine struct {
	start, end int // byte offsets in the paragraph
}

// edges returns the first and the last line of paragraph p, and whether
// it has three lines or more.
func edges(p []byte) (head, tail edgeLine, three bool) {
	first := bytes.IndexByte(p, '\n')
	last := bytes.LastIndexByte(p, '\n') + 1
	head = edgeLine{0, first}
	if first > 0 && p[first-1] == '\r' {
		head.end--
	}
	return head, edgeLine{last, len(p)}, last > first+1
}

// cutLines labels apart the edge lines of the page's content that are
// boilerplate of their own: a line glued to the start of the first
// Content paragraph or to the end of the last (a wire's " Reuter"
// sign-off, a "Read more" teaser, a byline) that recurs on a share of the
// site's pages (templateMin) at least, and on twice as many as its
// paragraph. Such a line holds no figures (a row of a table is data), and
// must start (at the end of a paragraph) or close (at its start) a unit of
// text, so that the repeated tail of a hard-wrapped sentence ("said.")
// stays; its evidence is weighed as a paragraph's at the edge of the page
// (full repetition weight, see emission).
func (c *Classifier) cutLines(dst []Paragraph, s *site, paras []string) {
	if s == nil || c.pages < 2 || !c.opts.on(CueSite) {
		return
	}
	first, last := -1, -1
	for i := range dst {
		if c.feats[i].label == Content {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return
	}
	if p := stringBytes(paras[first]); hasNewline(p) {
		head, _, _ := edges(p)
		if l, ok := c.cutLine(s, p, &c.feats[first], head, closesUnit(p, head.end)); ok {
			dst[first].Lines = append(dst[first].Lines, l)
		}
	}
	if p := stringBytes(paras[last]); hasNewline(p) {
		_, tail, three := edges(p)
		// a line at least is left
		if l, ok := c.cutLine(s, p, &c.feats[last], tail, startsUnit(p, tail.start)); ok && (dst[last].Lines == nil || three) {
			l.Index = bytes.Count(p[:l.Start], []byte{'\n'})
			dst[last].Lines = append(dst[last].Lines, l)
		}
	}
}

// cutLine decides the edge line l of paragraph p, of features f.
func (c *Classifier) cutLine(s *site, p []byte, f *feat, l edgeLine, unit bool) (Line, bool) {
	if !unit {
		return Line{}, false
	}
	c.lbuf = analyze(&c.lst, c.lbuf, p[l.start:l.end])
	if c.lst.numW > 0 {
		return Line{}, false // figures: data more likely than furniture
	}
	n := s.count(c.lst.key())
	if n > 0 && c.newPage {
		n++
	}
	if n < max(c.p.siteMin, c.templateMin, 2*f.siteN) {
		return Line{}, false
	}
	lf := c.lineFeat(&c.lst)
	e := c.cues(&lf) + c.prior - min(c.p.siteCap, c.siteEvidence(n, c.pages))
	if e >= 0 {
		return Line{}, false
	}
	reason := c.reasons.get(reasonSite, n, c.pages)
	return Line{Start: l.start, End: l.end, Label: Boilerplate, Score: sigmoid(e), Reason: reason}, true
}

// lineFeat returns the page cues of a line analysed into st.
func (c *Classifier) lineFeat(st *stats) feat {
	f := feat{words: int32(st.words), seps: int32(st.seps), sentEnds: int32(st.sentEnds), terminal: st.terminal}
	if st.words > 0 {
		var n int
		c.lwords, n = c.stopSet().filter(c.lwords[:0], st.wordHashs)
		f.stopD = float64(n) / float64(st.words)
	}
	return f
}

// startsUnit reports whether the line of p starting at i starts a unit of
// text: the line before it ends a sentence, or it does not start with a
// lower-case letter (as the continuation of a hard-wrapped sentence does).
func startsUnit(p []byte, i int) bool {
	if i <= 0 {
		return false
	}
	if endsSentence(bytes.TrimRight(p[:i], " \t\r\n")) {
		return true
	}
	r, _ := utf8.DecodeRune(bytes.TrimLeft(p[i:], " \t"))
	return !unicode.IsLower(r)
}

// closesUnit reports whether the line of p ending at i closes a unit of
// text: it ends a sentence or a label (':'), or the next line does not
// start with a lower-case letter.
func closesUnit(p []byte, i int) bool {
	if i >= len(p) {
		return false
	}
	line := bytes.TrimRight(p[:i], " \t")
	if endsSentence(line) || bytes.HasSuffix(line, []byte(":")) || bytes.HasSuffix(line, []byte(")")) {
		return true
	}
	r, _ := utf8.DecodeRune(bytes.TrimLeft(p[i:], " \t\r\n"))
	return !unicode.IsLower(r)
}

// endsSentence reports whether text ends with a sentence end, closing
// quotes and brackets aside.
func endsSentence(text []byte) bool {
	text = bytes.TrimRight(text, "\"')]”’»")
	r, _ := utf8.DecodeLastRune(text)
	switch r {
	case '.', '!', '?', '。', '！', '？':
		return true
	}
	return false
}
