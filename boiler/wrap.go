package boiler

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Hard-wrapped text with a blank line after every line (a typescript set
// double-spaced, as many early RFCs and IENs are) or with no blank line
// at all (one paragraph per line, see NewPage) reaches the classifier as
// one paragraph per line: lines of ten words or so that seldom end a
// sentence, each of which reads as a menu item or a caption. Each alone
// on its site, IEN 178 lost 74% of its content characters that way, RFC
// 72 61%; read as below, 0.7% and 6.8%.
//
// joinWrapped reads such a run of lines as the one paragraph it is: the
// page cues, the path and the page-level passes see the run's words, its
// function words and its last line's punctuation together, and every line
// of the run gets the run's label. A run is wrapRun lines or more, each a
// paragraph of one line of at most wrapMaxLen bytes (a typed line), each
// but the last wrapMinLen bytes long or more without its indent and not
// ending a sentence, each but the first opening with a lower-case word
// (the sentence goes on; not an identifier such as "add(Object)") and
// holding three words or more, none the running header or footer of a
// printed page (furnMin), the run wrapStopMin built-in function words or
// more (prose, not an index of an API's members). A sentence that starts
// a line ends the run there, so the runs are mostly the text's own
// paragraphs. Menus, headlines and teasers do not qualify: their items
// open with a capital or are short. On the development pages the only
// run is a copyright notice wrapped over three paragraphs; with runs of
// two lines there were 17, most of them a teaser and the line after it.
//
// The evidence of repetition of a run is that of its least repeated
// line: a run of lines each found on n pages of the site or more is on n
// pages at most. Learning is not changed: the lines' keys are counted as
// they come, and looked up one by one before the run is joined.
const (
	wrapRun     = 3
	wrapMinLen  = 40
	wrapMaxLen  = 100
	wrapStopMin = 0.25
)

// proseDensity is the density of the built-in function words in the
// lines of fs together (not of the learned ones: on a site of API
// documentation "method", "class" and the package names are among them).
func (c *Classifier) proseDensity(fs []feat) float64 {
	in, words := 0, 0
	for i := range fs {
		for _, w := range c.wordsOf(&fs[i]) {
			in += b2i(c.m.prior.has(w))
		}
		words += int(fs[i].words)
	}
	return float64(in) / float64(max(words, 1))
}

// joinWrapped merges the features of each run of wrapped lines of paras
// (see wrapRun) into one feat, in place, and records in c.span where each
// feat's paragraphs start; splitWrapped undoes it after decide. It
// reports whether it found a run; c.feats is left as it was if not.
func (c *Classifier) joinWrapped(paras []string) bool {
	c.span = c.span[:0]
	if !c.opts.on(CueWrapped) || len(paras) < wrapRun {
		return false
	}
	c.runs = c.runs[:0]
	for i := 0; i < len(paras); {
		j := i
		for j+1 < len(paras) && wraps(paras[j], paras[j+1], &c.feats[j], &c.feats[j+1]) {
			j++
		}
		if j+1-i >= wrapRun && c.proseDensity(c.feats[i:j+1]) >= wrapStopMin {
			c.runs = append(c.runs, int32(i), int32(j+1))
		}
		i = j + 1
	}
	if len(c.runs) == 0 {
		return false
	}

	fs := c.feats
	c.exacts = c.exacts[:0]
	for i := range fs {
		c.exacts = append(c.exacts, fs[i].exact)
	}
	n, i := 0, 0
	for r := 0; r < len(c.runs); r += 2 {
		start, end := int(c.runs[r]), int(c.runs[r+1])
		for ; i < start; i++ {
			c.span = append(c.span, int32(i))
			fs[n] = fs[i]
			n++
		}
		c.span = append(c.span, int32(start))
		fs[n] = mergeFeats(fs[start:end])
		n++
		i = end
	}
	for ; i < len(fs); i++ {
		c.span = append(c.span, int32(i))
		fs[n] = fs[i]
		n++
	}
	c.span = append(c.span, int32(len(fs)))
	c.feats = fs[:n]
	return true
}

// runExacts returns the exact keys of the lines of feat i when it is a
// run joined by joinWrapped, nil when it is one paragraph.
func (c *Classifier) runExacts(i int) []uint64 {
	if len(c.span) == 0 || c.span[i+1]-c.span[i] == 1 {
		return nil
	}
	return c.exacts[c.span[i]:c.span[i+1]]
}

// keepLines adds to c.kept the exact keys of the lines of feat i when it
// is a run labelled Content, so that a later copy of one of them is a
// Repeat, as a copy of a paragraph kept is.
func (c *Classifier) keepLines(i int) {
	for _, h := range c.runExacts(i) {
		if h != 0 {
			c.kept.add(h)
		}
	}
}

// keptCopy reports whether feat i, a copy of earlier paragraphs of the
// page (f.dup), copies paragraphs labelled Content: the paragraph its
// exact key names, or each line of a run joined by joinWrapped.
func (c *Classifier) keptCopy(i int, f *feat) bool {
	hs := c.runExacts(i)
	if hs == nil {
		return c.kept.has(f.exact)
	}
	for _, h := range hs {
		if !c.kept.has(h) {
			return false
		}
	}
	return true
}

// splitWrapped gives every paragraph of a run joined by joinWrapped the
// features, and so the label, of its run.
func (c *Classifier) splitWrapped() {
	n := int(c.span[len(c.span)-1])
	fs := c.feats[:n]
	// from the end: paragraph k of feat j is at k >= j
	for j := len(c.span) - 2; j >= 0; j-- {
		f := fs[j]
		for k := int(c.span[j+1]) - 1; k >= int(c.span[j]); k-- {
			fs[k] = f
		}
	}
	c.feats = fs
}

// wraps reports whether paragraph b, of features fb, continues the
// wrapped line a, of features fa (see wrapRun). The running header or
// footer of a printed page (furnMin) is not a line of the text, though
// the sentence it interrupts goes on after it.
func wraps(a, b string, fa, fb *feat) bool {
	if len(a) < wrapMinLen || len(a) > wrapMaxLen || len(b) > wrapMaxLen || fb.words < 3 {
		return false
	}
	if fa.inPage >= furnMin || fb.inPage >= furnMin {
		return false
	}
	next := strings.TrimLeft(b, " \t")
	if c := next[0]; c < utf8.RuneSelf && (c < 'a' || c > 'z') {
		return false // most lines: the cheap test first
	}
	if !goesOn(stringBytes(strings.TrimLeft(strings.TrimRight(a, " \t\r"), " \t"))) {
		return false
	}
	if fa.lines != oneLine || fb.lines != oneLine {
		return false
	}
	return opensWord(next)
}

// hardWrapped reports whether text, a paragraph of several lines, breaks
// a sentence at the end of a line, as prose typed to a width does: a line
// of wrapMinLen bytes or more without its indent that does not end a
// sentence, followed by a line that opens with a lower-case word, as in
// wraps (which joins such lines when each came as a paragraph), or that
// holds a single lower-case word ("chord."), which wraps refuses. It sets
// no upper bound on a line's length. A teaser's headline over its
// summary, a table or an address does not break a sentence so, nor does
// a sentence that goes on with a capital ("... for the\n Internet
// community") or a text without case (Chinese, Japanese); code that goes
// on with a lower-case word does (segment's rule counts prose only).
func hardWrapped(text []byte) bool {
	for {
		i := bytes.IndexByte(text, '\n')
		if i < 0 {
			return false
		}
		line := bytes.TrimSpace(text[:i])
		text = text[i+1:]
		if !goesOn(line) {
			continue
		}
		next := text
		if j := bytes.IndexByte(next, '\n'); j >= 0 {
			next = next[:j]
		}
		if rest, ok := openingWord(bytesString(bytes.TrimSpace(next))); ok && endsWord(rest) {
			return true
		}
	}
}

// goesOn reports whether line, without its indent, reads as a typed line
// whose sentence goes on in the next: wrapMinLen bytes or more, not
// ending a sentence (see wraps and hardWrapped).
func goesOn(line []byte) bool {
	return len(line) >= wrapMinLen && !endsSentence(line)
}

// opensWord reports whether line opens with a lower-case word: letters
// up to white space, or up to marks that end a word (",", ")", ".") and
// white space; not an identifier such as "add(Object)" or "org.example".
func opensWord(line string) bool {
	rest, ok := openingWord(line)
	return ok && rest != "" && endsWord(rest) // one word alone: no room for a sentence
}

// endsWord reports whether rest, what follows a word (see openingWord),
// leaves the word whole: nothing, or white space.
func endsWord(rest string) bool {
	return rest == "" || rest[0] == ' ' || rest[0] == '\t'
}

// openingWord reports whether line opens with a lower-case letter, and
// returns what follows its first run of letters and the marks after it
// ("add(Object)": "(Object)").
func openingWord(line string) (rest string, ok bool) {
	r, _ := utf8.DecodeRuneInString(line)
	if !unicode.IsLower(r) {
		return "", false
	}
	i := strings.IndexFunc(line, func(r rune) bool { return !unicode.IsLetter(r) })
	if i < 0 {
		return "", true
	}
	return strings.TrimLeft(line[i:], ",;:.!?)'\""), true
}

// mergeFeats returns the features of the run of lines of features fs, read
// as one paragraph (see joinWrapped).
func mergeFeats(fs []feat) feat {
	g := fs[0]
	stop := g.stopD * float64(g.words)
	dup := g.dup
	for k := 1; k < len(fs); k++ {
		f := &fs[k]
		g.words += f.words
		g.seps += f.seps
		g.sentEnds += f.sentEnds
		g.digits = g.digits || f.digits
		g.siteN = min(g.siteN, f.siteN)
		g.crossN = min(g.crossN, f.crossN)
		g.inPage = min(g.inPage, f.inPage)
		stop += f.stopD * float64(f.words)
		dup = dup && f.dup
		if g.mark == markNone && f.mark == markPhrase {
			g.mark = markPhrase // an appeal wrapped over lines
		}
	}
	last := &fs[len(fs)-1]
	g.lines = wrappedLines // a paragraph of several lines, as it was written
	g.terminal = last.terminal
	g.w1 = last.w1
	g.stopD = 0
	if g.words > 0 {
		g.stopD = stop / float64(g.words)
	}
	// the run is a copy when each of its lines is (see keptCopy); its
	// keys are those of its lines
	g.dup, g.exact, g.key, g.masked = dup, 0, 0, 0
	return g
}
