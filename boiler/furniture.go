package boiler

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"github.com/neardup/dedupe/internal/grow"
)

// Kinds of the keys runningFurniture counts in Classifier.beside (and of
// those of Classifier.steps: kindPlaced).
const (
	kindBefore  uint64 = 0x2545f4914f6cdd1d // a shape and the paragraph before it
	kindAfter   uint64 = 0x5851f42d4c957f2d // a shape and the paragraph after it
	kindPaired  uint64 = 0xd6e8feb86659fd93 // a shape beside the neighbour of half its occurrences
	kindCounted uint64 = 0xa0761d6478bd642f // a shape numbered one or two more than its last occurrence
	kindSame    uint64 = 0xe7037ed1a0b428db // an exact text
	kindClose   uint64 = 0x8ebc6af09c88c6e3 // a shape with little text since its last occurrence
	kindNumbers uint64 = 0x589965cc75374cc3 // a shape that numbers the pages (counted at most steps)
	kindBreak   uint64 = 0x1d8e4e27c47d124f // a shape paired with one that numbers the pages
	kindBack    uint64 = 0x2127599bf4325c37 // a shape whose number went back or stayed since its last occurrence
	kindSeen    uint64 = 0x4cf5ad432745937f // a shape's occurrences so far
	kindRun     uint64 = 0xa54ff53a5f1d36f1 // in lastAt: a shape's occurrence where its numbers last went back
	kindShort   uint64 = 0x510e527fade682d1 // a shape whose numbers went back fewer than minRun steps after they started or last did
	kindPlaced  uint64 = 0x3c6ef372fe94f82b // a shape's steps in c.steps, whatever its numbers do
	kindEven    uint64 = 0x9b05688c2b3e6c1f // a key's steps in c.steps of about the same number of lines (see evenPages)
)

// runningFurniture takes back the running-furniture count (inPage) of the
// short paragraphs whose shape recurs as a heading does, each occurrence
// between paragraphs of its own and worded its own way. A running header
// or footer sits at a page break beside the footer or header of the same
// break (the same neighbour at half its occurrences or more: "RFC 791
// September 1981" after "Postel  [Page 3]"), or it numbers the pages (see
// pageStep; at more than half of the steps from one occurrence to the
// next: a footer whose header went as a repeat, or a document without
// headers), or it is the same line each time ("Back to top", "Continued
// on next page...", "Company Confidential": its exact text three times in
// the page or more and at half its shape's occurrences, and not a
// sentence); pairing and sameness need text between the occurrences
// (minGap), unless the neighbour a shape is paired with numbers the
// pages. The paragraphs below
// say why each condition is there. A heading whose words or figures
// change does none of these: "bible-kjv (4.38) unstable; urgency=medium"
// between the previous entry's sign-off and its own changes, "5.5.5.
// Return Value". The inPage count it takes back is read by other cues too
// (the headings between kept paragraphs, wrapped lines, comment threads):
// a line that stays furniture keeps it for them (a label of the site's
// template from decide on, not for wrapped lines: see ownLabels).
//
// On the RFCs (preserve.py, -no-repeats) content kept 0.99767 -> 0.99808,
// headers and footers removed 0.97996 -> 0.97995; each RFC on a site of
// its own 0.98937 -> 0.98988, 0.98890 unchanged; the development pages'
// F1, alone on their sites too, did not move. On the README's 1 GB
// documentation corpus page furniture went from 19.1 MB to 13.2 MB:
// 3.04 MB is no longer removed (API members and index entries, javadoc's
// parameter lines, doxygen's "Definition at line N of file F", change-log
// and numbered headings, dictionary dates), 36 kB newly is, nearly all
// in-page copies whose first copy now stays. Counted by one page only,
// the footers of odd and even pages ("Postel  [Page 3]", "[Page 4]
// Postel": RFC 753, RFC 759 and their IENs) stayed, 5.3 kB.
//
// A step of the numbering counts only across text, as from one page to
// the next: a paragraph with words that is not a candidate lies between
// the two occurrences. Lines that count up one after the other are a
// list: footnotes ("(62) https://bugs.python.org/..."), an index of
// functions and their arities ("new/0", "new/1"), a table's rows. On the
// 1 GB corpus 103,621 such paragraphs (1.78 MB) are no longer removed;
// RFC content kept 0.998078 -> 0.998127 (each RFC alone 0.989884 ->
// 0.989925), headers and footers removed unchanged at 0.979952
// (0.988897 alone), and the development pages' F1 did not move.
//
// The same line each time is a label, not a sentence: a line that ends
// as a sentence does (f.terminal: "See also scale() and rotate().",
// "Returns -errno on error, or 0 on success.", "New in version 3.3.")
// is said again by the page, as reference pages say the summary of a
// member in its index and in its details, and its copies stay unless
// other evidence removes them (the site's other pages, the repeat step).
// A line that trails off ("Continued on next page...") is no sentence,
// and the count of a line takes in every copy, whatever its last mark
// ("Back to top" twice and "Back to top." once are three).
// On the 1 GB corpus 4,307 such paragraphs (157 kB) are no longer
// removed; RFC content kept 0.998127 -> 0.998137 (each RFC alone
// 0.989925 -> 0.989983), headers and footers removed and the development
// pages' F1 unchanged.
//
// The same line is the same at half the occurrences of its shape or more,
// as "Back to top" is at all of them: a field whose value recurs now and
// then is data, whatever the shape's count. FOLDOC's 9,610 entries each
// end with the date of their last change, and every date shared by three
// entries went; so did "Added in: v18.15.0" in Node.js's API pages. On the
// 1 GB corpus 12,538 such paragraphs (228 kB) are no longer removed, none
// newly is; RFC content kept 0.998137 -> 0.998140 (each RFC alone
// 0.989983 -> 0.989987), headers and footers removed and the development
// pages' F1 unchanged.
//
// Pairing and sameness count only for a shape with text between its
// occurrences, minGap words or more at half its steps or more: a page
// break or a section's end, not the rows of a table ("public static final
// int" in every row of javadoc's constants, "Definition at line N of file
// F" under each of doxygen's members, haddock's "Instance details").
// On the 1 GB corpus 73,239 paragraphs (1.99 MB) are no longer removed,
// 47 (403 B) newly are through near-duplicate decisions that moved;
// content kept on the RFCs 0.998140 -> 0.998155 (alone 0.989987 ->
// 0.989999), on the wire 0.999766 -> 0.999793 (alone 0.998821 ->
// 0.998840); headers, footers and sign-offs removed and the development
// pages' F1 unchanged. A header paired with a footer that numbers the
// pages is at a page break whatever lies between: pages of figures,
// slides ("ACME Corp - Company Confidential" above "Slide 4", where the
// page's lines are not known: a slide is shorter than minPage). That
// took 624 table cells (7.6 kB) back to furniture on the 1 GB corpus,
// cells beside a column that counts up (before the lines were known: a
// row is shorter than minPage), and RFC content kept 0.998155 ->
// 0.998153 (alone 0.989999 -> 0.989997).
//
// A page number never goes back or stays the same (pageStep, kindBack),
// except where documents joined into one are each numbered from their
// first page: a shape whose numbers do numbers the pages only when every
// run of them, from the first occurrence or a going back to the next going
// back or the end, is minRun steps or more, with a page of text between
// occurrences (numbersPages). The names of javadoc's fields and methods
// ("x1", "x2", "getX1()", "getX2()") count up in the summary of a class
// and again in its details, and went as page numbers, as did the
// enumerations of Qt's reference ("0" to "36" in a column, then again) and
// IANA's entries of RFCs ("ElementId: 408" to "ElementId: 431", then
// "ElementId: 313"). On the 1 GB corpus, against the build before, 4,694
// paragraphs (54 kB) are no longer removed and 422 (7.3 kB) newly are
// (later copies that go as repeats now that the first stays, documents
// whose near-duplicate decision moved); RFC content kept 0.998153 ->
// 0.998171 (alone 0.989997 -> 0.990021); headers and footers removed, the
// wire, the licences and the development pages' F1 unchanged. Lists
// numbered again and again, each time to 9 or more, with a page of text
// between each item, stay furniture where the lines are not known
// ("Iteration 1" to "Iteration 13" four times in RFC 6986, an item every
// 12 lines: fewer than minPage).
//
// Where the page's lines are known (lines, Page.Lines), a page number's
// steps must also be evenly spaced (evenPages): a printed page holds a
// fixed number of lines. Numbered headings count up across text too
// ("Step 1" to "Step 5", "Figure 7", "7.2.  Metric Name", rust's error
// index "E0279", doxygen's "insert() [5/10]"), and went as page numbers.
// On the 1 GB corpus 6,535 paragraphs (100 kB) are no longer removed, 47
// (395 B) newly are, later copies that go as repeats now that the first
// stays; RFC content kept 0.998171 -> 0.998256 (alone 0.990021 ->
// 0.990133), the wire's 0.999793 -> 0.999799 (alone 0.998840 ->
// 0.998846); headers, footers and sign-offs removed, the licences and the
// development pages' F1 unchanged. A step shorter than minPage lines is
// not a page's (rows of data as evenly spaced as pages: "Iteration 5"
// every 12 lines). Counting the last step as even when it is shorter, as
// a last page may be, was tried: it removed no more footers of the RFCs
// and cost content kept 0.998256 -> 0.998248.
//
// Pairing holds at page breaks too, so where the lines are known a paired
// shape's steps, whatever its numbers do, must be evenly spaced as well
// (kindPlaced), unless it is beside a page number (kindBreak). A label
// beside the same value in each of a reference page's sections ("Since:"
// above "1.5", "getP1()" above "Point2D", erlang's "Own Id: OTP-15709"
// in its release notes) went as a page break's header. On the 1 GB corpus
// 15,114 paragraphs (349 kB) are no longer removed, 433 (11 kB) newly
// are (later copies that go as repeats); RFC content kept 0.998256 ->
// 0.998443 (alone 0.990133 -> 0.990350), headers and footers removed
// 0.979952 -> 0.979945 (one footer of RFC 3789; alone unchanged), the
// wire's content 0.999799 -> 0.999877 (alone 0.998846 -> 0.998924),
// sign-offs, the licences and the development pages' F1 unchanged. The
// steps of a paired shape are not counted per page as a page number's
// are: a header missing from pages here and there (steps of one, two and
// three pages) is not evenly spaced, unless it is beside a page number.
//
// Sameness does not make furniture of a label, one line that ends with a
// colon (introduces), unless the site's template holds it (ownLabels,
// once the site's pages are counted): such a label says what follows it,
// a field of the page's own data ("Description:" in each entry of an
// RFC's registry, "Status:" in each object of a MIB), where furniture
// ("Back to top", "Continued on next page...") says nothing of the text
// after it. Per-post furniture that ends with a colon ("Related:",
// "Sponsored:", "Share this:") is on the site's other pages too, and so
// are javadoc's "Returns:" and "Throws:", which the site's template
// holds and which go as before, unless they are joined into a run of
// wrapped lines (a label does not stop one). Against the build before the
// rule, on the 1 GB corpus 2,429 paragraphs (34 kB) are no longer removed
// (labels of a few pages of their sites: "API Note:", "Basic usage:",
// boost's "Effects:"), 122 (1.9 kB) newly are, later copies that go as
// repeats; RFC content kept 0.998443 -> 0.998504 (alone 0.990350 ->
// 0.990423), headers and footers removed 0.979945 -> 0.979942 (one
// footer glued to its header, rfc1661, beside a label), alone
// unchanged; the licences alone 0.996978 -> 0.996983; the wire and the
// development pages' F1 unchanged. Without the template's exception
// (f3c290e) javadoc's labels stayed too, 20,270 paragraphs, kept as
// headings before their text, and so did a blog's "Related:" before each
// post's first words.
func (c *Classifier) runningFurniture(paras []string, lines []int) {
	if !linesOK(lines, len(paras)) {
		lines = nil
	}
	c.linesKnown = lines != nil
	c.sameLabels = c.sameLabels[:0]
	fs := c.feats
	cands := 0
	for i := range fs {
		if fs[i].inPage >= furnMin {
			cands++
		}
	}
	if cands == 0 {
		return
	}
	b, last := &c.beside, &c.lastAt
	b.resetFor(6 * cands) // see the keys added below, in pairFurniture and in evenPages (it grows past that)
	last.resetFor(2 * cands)
	defer b.release()
	defer last.release()
	// between[i]: the words before i of the paragraphs that are not
	// candidates, the text between two occurrences; a step of a page
	// number counts only across text, between[i] > between[j] (each
	// such paragraph with words adds one or more)
	between := grow.Len(c.furnText, len(fs))
	c.furnText = between
	text := int32(0)
	for i := range fs {
		f := &fs[i]
		between[i] = text
		if f.inPage < furnMin {
			text += f.words
			continue
		}
		before, after := c.neighbours(i)
		b.add(besideKey(f.masked, kindBefore, before))
		b.add(besideKey(f.masked, kindAfter, after))
		if f.exact != 0 {
			b.add(mix(f.exact, kindSame))
		}
		b.add(mix(f.masked, kindSeen))
		if j, ok := last.replace(f.masked, int32(i)); ok {
			lineGap := -1
			if lines != nil {
				lineGap = lines[i] - lines[j]
				c.steps = append(c.steps, lineStep{mix(f.masked, kindPlaced), lineGap})
			}
			c.addStep(f, paras[j], paras[i], between[i]-between[j], lineGap)
		}
	}
	if lines != nil {
		c.evenPages()
	}
	runs := c.furnitureRuns()
	c.pairFurniture(runs)
	for i := range fs {
		f := &fs[i]
		if f.inPage < furnMin {
			continue
		}
		// pairing and sameness hold at page breaks or sections' ends,
		// not in a table's rows (see minGap)
		spread := c.spread(f)
		// a page break is beside a page number, or between pages: spread,
		// and evenly where the lines are known
		paired := b.count(mix(f.masked, kindPaired)) > 0 &&
			(b.count(mix(f.masked, kindBreak)) > 0 || spread && c.even(mix(f.masked, kindPlaced), f))
		counted := b.count(mix(f.masked, kindNumbers)) > 0
		same := c.sameLine(f, paras[i], runs[i], spread)
		if same && introduces(paras[i]) {
			// not furniture until ownLabels finds it in the site's template
			c.sameLabels = append(c.sameLabels, int32(i), f.inPage)
			same = false
		}
		if !paired && !counted && !same {
			f.inPage = 0
		}
	}
}

// sameLine reports whether candidate f, whose text is para, is the same
// line each time (see runningFurniture): its exact text furnMin times or
// more and at half its shape's occurrences or more, with text between
// (spread), in a run of maxBreak candidates at most, and not a sentence.
func (c *Classifier) sameLine(f *feat, para string, run int32, spread bool) bool {
	if f.exact == 0 || !spread || run > maxBreak || f.terminal && !trailsOff(para) {
		return false
	}
	n := c.beside.count(mix(f.exact, kindSame))
	return n >= furnMin && 2*n >= int(f.inPage)
}

// addStep counts in c.beside what the step from the last occurrence of
// f's shape, last, to f, cur, with gap words of text between, says:
// little text (kindClose), a page number's step (kindCounted), numbers
// that go back (kindBack), and soon after they last did (kindShort; the
// occurrence where they last did is kept in c.lastAt). lineGap is the
// number of lines from last to cur, negative if unknown; a page number's
// step keeps it in c.steps, per page counted (see evenPages).
func (c *Classifier) addStep(f *feat, last, cur string, gap int32, lineGap int) {
	b := &c.beside
	if gap < minGap {
		b.add(mix(f.masked, kindClose))
	}
	switch step, pages := pageStep(last, cur); step {
	case stepUp:
		if gap > 0 {
			b.add(mix(f.masked, kindCounted))
			if lineGap >= 0 {
				c.steps = append(c.steps, lineStep{f.masked, lineGap / pages})
			}
		}
	case stepBack:
		b.add(mix(f.masked, kindBack))
		k := int32(b.count(mix(f.masked, kindSeen)) - 1) // this occurrence's
		from, ok := c.lastAt.replace(mix(f.masked, kindRun), k)
		if !ok {
			from = 0 // the first run starts at the first occurrence
		}
		if k-1-from < minRun {
			b.add(mix(f.masked, kindShort))
		}
	}
}

// pairFurniture adds to c.beside, from the keys runningFurniture counted
// there, the shapes that number the pages (kindNumbers), those beside the
// same neighbour at half their occurrences or more (kindPaired), and
// those paired with a shape that numbers the pages (kindBreak). runs is
// furnitureRuns. Where the page's lines are known, the steps of a page
// number must be evenly spaced (kindEven).
func (c *Classifier) pairFurniture(runs []int32) {
	fs, b := c.feats, &c.beside
	for i := range fs {
		f := &fs[i]
		if f.inPage >= furnMin && 2*b.count(mix(f.masked, kindCounted)) > int(f.inPage)-1 && c.numbersPages(f) && c.even(f.masked, f) {
			b.add(mix(f.masked, kindNumbers))
		}
	}
	for i := range fs {
		f := &fs[i]
		if f.inPage < furnMin || runs[i] > maxBreak {
			continue
		}
		n := int(f.inPage)
		before, after := c.neighbours(i)
		pb := before != 0 && 2*b.count(besideKey(f.masked, kindBefore, before)) >= n
		pa := after != 0 && 2*b.count(besideKey(f.masked, kindAfter, after)) >= n
		if pb || pa {
			b.add(mix(f.masked, kindPaired))
		}
		if pb && b.count(mix(before, kindNumbers)) > 0 || pa && b.count(mix(after, kindNumbers)) > 0 {
			b.add(mix(f.masked, kindBreak))
		}
	}
}

// numbersPages reports whether the numbers of candidate f, which count up
// at most of its steps, never go back (kindBack), or go back as those of
// documents joined into one do, each numbered from its first page (a
// BCP's RFCs): minRun steps or more in every run, from the first
// occurrence or the last going back to the next going back, and from the
// last going back to the end, with a page of text between occurrences
// (spread). A list named twice, in a summary and in the details ("x1" to
// "x5", then "x1" to "x5" again), goes back sooner.
func (c *Classifier) numbersPages(f *feat) bool {
	b := &c.beside
	if b.count(mix(f.masked, kindBack)) == 0 {
		return true
	}
	from := c.lastAt.count(mix(f.masked, kindRun)) // occurrence of the last going back
	return b.count(mix(f.masked, kindShort)) == 0 && int(f.inPage)-1-from >= minRun && c.spread(f)
}

// minRun is the fewest steps between two goings back of the numbers of a
// shape that numbers the pages (see numbersPages).
const minRun = 8

// spread reports whether the candidate f has minGap words of text or
// more between its occurrences at half its steps or more (see minGap).
func (c *Classifier) spread(f *feat) bool {
	return 2*c.beside.count(mix(f.masked, kindClose)) <= int(f.inPage)-1
}

// minGap is the fewest words of text between two occurrences of a shape,
// at half its steps from one to the next or more, for it to be furniture
// by pairing or sameness: a printed page or a section holds more than a
// row of a table. In javadoc's tables of constants "public static final
// int" recurs every third paragraph, each of its rows a name and a value.
const minGap = 20

// maxBreak is the most recurring paragraphs in a row that a page break
// holds: a footer and the next page's header.
const maxBreak = 2

// furnitureRuns returns, for each paragraph whose shape recurs in the page
// (inPage furnMin or more), the length of the run of such paragraphs it
// is in, paragraphs without words skipped as neighbours skips them. A
// block of more than maxBreak of them that recurs together is a part of
// the text repeated, not a page break: javadoc's "Parameters:", "name -
// the name of the class to load", "Returns:", ... under each overload
// of a method, each beside the same neighbour every time and the same
// line each time, went as furniture, every copy: neither pairing nor
// sameness counts in such a run (page numbers still do).
func (c *Classifier) furnitureRuns() []int32 {
	fs := c.feats
	c.furnRun = grow.Len(c.furnRun, len(fs))
	start := -1 // of the current run
	n := int32(0)
	end := func(i int) {
		for j := max(start, 0); j < i; j++ {
			if fs[j].inPage >= furnMin {
				c.furnRun[j] = n
			}
		}
		start, n = -1, 0
	}
	for i := range fs {
		switch {
		case fs[i].inPage >= furnMin:
			if start < 0 {
				start = i
			}
			n++
		case fs[i].words > 0 && start >= 0:
			end(i)
		}
	}
	if start >= 0 {
		end(len(fs))
	}
	return c.furnRun
}

// ownLabels gives back their running-furniture count to the labels that
// are the same line each time (c.sameLabels: runningFurniture took it
// back, so that they end wrapped lines as other text does) where the
// site's template holds them: on c.templateMin of its pages or more, its
// copies of the page discounted (see runningFurniture). A label joined
// into a run of wrapped lines (joinWrapped) is text and left alone.
func (c *Classifier) ownLabels() {
	for j := 0; j < len(c.sameLabels); j += 2 {
		i, k := c.sameLabels[j], int(c.sameLabels[j])
		if len(c.span) > 0 { // the features of joined runs (see joinWrapped)
			var found bool
			k, found = slices.BinarySearch(c.span, i)
			if !found || c.span[k+1] != i+1 {
				continue
			}
		}
		if f := &c.feats[k]; c.onTemplate(f) {
			f.inPage = c.sameLabels[j+1]
		}
	}
}

// introduces reports whether s is one line that ends with a colon (or a
// full-width one), white space after it skipped: a label of what follows
// it (see runningFurniture).
func introduces(s string) bool {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	return !strings.Contains(s, "\n") && (strings.HasSuffix(s, ":") || strings.HasSuffix(s, "："))
}

// trailsOff reports whether s ends with an ellipsis ("..." or "…"), a
// mark of text that goes on elsewhere rather than of a sentence's end;
// white space and closing quotes after it are skipped, as the word
// scanner skips them when it tells a sentence's end (feat.terminal).
func trailsOff(s string) bool {
	s = strings.TrimRightFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '"' || r == '\'' || r == '”' || r == '’'
	})
	return strings.HasSuffix(s, "...") || strings.HasSuffix(s, "…")
}

// besideKey is the key of shape h with its neighbour of kind k (0 for
// none).
func besideKey(h, k, neighbour uint64) uint64 {
	return mix(mix(h, k), neighbour)
}

// neighbours returns the masked keys of the paragraphs with words before
// and after paragraph i, or 0 where there is none or it has the shape of
// paragraph i (a column of alike lines is not a page break).
func (c *Classifier) neighbours(i int) (before, after uint64) {
	fs := c.feats
	h := fs[i].masked
	for j := i - 1; j >= 0; j-- {
		if fs[j].words > 0 {
			if fs[j].masked != h {
				before = fs[j].masked
			}
			break
		}
	}
	for j := i + 1; j < len(fs); j++ {
		if fs[j].words > 0 {
			if fs[j].masked != h {
				after = fs[j].masked
			}
			break
		}
	}
	return before, after
}

// Steps of pageStep.
const (
	stepOther = iota
	stepUp    // a page number's step
	stepBack  // the numbers, read in order, are not more
)

// pageStep tells what the digits of a line of a shape do from its
// occurrence a to the next, b. It is stepUp where the first or the last
// digit run of b is one or two more than that of a, as a page number is
// from one page to the next (two where odd and even pages have footers of
// their own: "Postel   [Page 3]", "[Page 4]   Postel"), and pages is then
// that difference, of the first digit runs if they differ by one or two,
// else of the last; stepBack where the digit runs of b, read in order as a
// version's are, are not more than those of a ("x2" to "x1", "(4.38)" to
// "(4.37)", "1.2" again): page numbers never do that, the names of a
// class's fields listed twice ("x1", "x2", then their details under "x1",
// "x2") do; else stepOther.
func pageStep(a, b string) (step, pages int) {
	fa, la := digitRuns(a)
	fb, lb := digitRuns(b)
	switch {
	case fa < 0 || fb < 0:
		return stepOther, 0
	case fb-fa == 1 || fb-fa == 2:
		return stepUp, fb - fa
	case lb-la == 1 || lb-la == 2:
		return stepUp, lb - la
	case !digitsAbove(b, a):
		return stepBack, 0
	}
	return stepOther, 0
}

// even reports whether most of the steps from one occurrence of
// candidate f to the next that key h counts in c.steps (f's page numbers'
// under its shape, all of them under kindPlaced) are evenly spaced
// (kindEven, see evenPages), or the page's lines are not known.
func (c *Classifier) even(h uint64, f *feat) bool {
	return !c.linesKnown || 2*c.beside.count(mix(h, kindEven)) > int(f.inPage)-1
}

// linesOK reports whether lines can be the lines of a page of n
// paragraphs (Page.Lines): n of them, from 0 or more, never going back,
// and maxLines at most.
func linesOK(lines []int, n int) bool {
	if len(lines) != n || n > 0 && (lines[0] < 0 || lines[n-1] > maxLines) {
		return false
	}
	for i := 1; i < n; i++ {
		if lines[i] < lines[i-1] {
			return false
		}
	}
	return true
}

// maxLines is the most lines of a page whose lines are read (Page.Lines;
// a page of more, 256 MiB of text or more, is read without them): five
// times it fits an int of 32 bits (see evenPages).
const maxLines = 1 << 28

// minPage is the fewest lines of a printed page (see evenPages): rows of
// data alike ("Qt::Key_Launch4" every 6 lines, "Iteration 5" every 12,
// "::= { appcCntrlOperGroup 3 }" every 10) can be as evenly spaced as
// pages are.
const minPage = 20

// A lineStep is a step from one occurrence of a shape to the next, in
// lines: under the shape's key, a page number's step, per page counted
// (see addStep); under mix(shape, kindPlaced), any step.
type lineStep struct {
	key   uint64
	lines int
}

// evenPages counts in c.beside, for each key with steps in c.steps, its
// steps of about the same number of lines (kindEven): the most that lie
// within a quarter of each other, minPage lines or more. A printed page
// holds a fixed number of lines (56 for each page of an RFC, its header
// and footer between), so most steps of a page number are that length,
// the last page's aside; a numbered heading ("Step 1" to "Step 5",
// "Figure 7", "7.2.  Metric Name", "E0279", "insert() [5/10]") heads a
// section of its own length. It empties c.steps.
func (c *Classifier) evenPages() {
	g := c.steps
	slices.SortFunc(g, func(a, b lineStep) int {
		return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.lines, b.lines))
	})
	for len(g) > 0 {
		n := 1
		for n < len(g) && g[n].key == g[0].key {
			n++
		}
		run := g[:n]
		g = g[n:]
		most, lo := 0, 0
		for hi := range run {
			if run[hi].lines < minPage {
				lo = hi + 1
				continue
			}
			for lo < hi && 4*run[hi].lines > 5*run[lo].lines {
				lo++
			}
			most = max(most, hi-lo+1)
		}
		for range most {
			c.beside.add(mix(run[0].key, kindEven))
		}
	}
	c.steps = c.steps[:0]
}

// digitsAbove reports whether the runs of ASCII digits of b, compared in
// order with those of a by value (each as its first 9 digits), are more
// at the first that differs, or where b has a run more.
func digitsAbove(b, a string) bool {
	for {
		var va, vb int
		var oka, okb bool
		va, a, oka = nextDigitRun(a)
		vb, b, okb = nextDigitRun(b)
		switch {
		case !okb:
			return false
		case !oka || vb != va:
			return !oka || vb > va
		}
	}
}

// nextDigitRun returns the value of the first run of ASCII digits of s
// (its first 9 digits), what follows it, and whether there is one.
func nextDigitRun(s string) (v int, rest string, ok bool) {
	i := 0
	for i < len(s) && (s[i] < '0' || s[i] > '9') {
		i++
	}
	if i == len(s) {
		return 0, "", false
	}
	n := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		if n < 9 {
			v = 10*v + int(s[i]-'0')
			n++
		}
	}
	return v, s[i:], true
}

// digitRuns returns the values of the first and the last run of ASCII
// digits of s, -1 if it has none; runs longer than 9 digits count as
// their first 9.
func digitRuns(s string) (first, last int) {
	first, last = -1, -1
	for {
		v, rest, ok := nextDigitRun(s)
		if !ok {
			return first, last
		}
		if first < 0 {
			first = v
		}
		last, s = v, rest
	}
}
