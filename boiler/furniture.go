package boiler

// Kinds of the keys runningFurniture counts in Classifier.beside.
const (
	kindBefore  uint64 = 0x2545f4914f6cdd1d // a shape and the paragraph before it
	kindAfter   uint64 = 0x5851f42d4c957f2d // a shape and the paragraph after it
	kindPaired  uint64 = 0xd6e8feb86659fd93 // a shape beside the neighbour of half its occurrences
	kindCounted uint64 = 0xa0761d6478bd642f // a shape numbered one or two more than its last occurrence
)

// runningFurniture takes back the running-furniture count (inPage) of the
// short paragraphs whose shape recurs as a heading does, each occurrence
// between paragraphs of its own. A running header or footer sits at a
// page break beside the footer or header of the same break (the same
// neighbour at half its occurrences or more: "RFC 791  September 1981"
// after "Postel  [Page 3]"), or it numbers the pages (see countsUp; at
// more than half of its occurrences: a footer whose header went as a
// repeat, or a document without headers). A heading does neither:
// "bible-kjv (4.38) unstable; urgency=medium" between the previous
// entry's sign-off and its own changes, "5.5.5.  Return Value", "close/1".
//
// On the RFCs (preserve.py, -no-repeats) content kept 0.99767 -> 0.99805,
// headers and footers removed 0.97996 -> 0.97993; each RFC on a site of
// its own 0.98937 -> 0.98994 and 0.98890 unchanged; the development
// pages' F1 did not move. On the README's 1 GB documentation corpus page
// furniture went from 19.1 MB to 14.3 MB: 1.76 MB is no longer logged as
// removed (API index entries, change-log headings, doxygen's "Definition
// at line N of file F", dictionary dates), 3.3 MB goes for another reason
// (most as an exact copy in the page). Counted by one page only, the
// footers of odd and even pages ("Postel  [Page 3]", "[Page 4]  Postel":
// RFC 753, RFC 759 and their IENs) stayed, 5.3 kB.
func (c *Classifier) runningFurniture(paras []string) {
	fs := c.feats
	b := &c.beside
	b.resetFor(len(fs))
	if c.lastAt == nil {
		c.lastAt = make(map[uint64]int32)
	}
	clear(c.lastAt)
	for i := range fs {
		f := &fs[i]
		if f.inPage < furnMin {
			continue
		}
		before, after := c.neighbours(i)
		b.add(besideKey(f.masked, kindBefore, before))
		b.add(besideKey(f.masked, kindAfter, after))
		if j, ok := c.lastAt[f.masked]; ok && countsUp(paras[j], paras[i]) {
			b.add(mix(f.masked, kindCounted))
		}
		c.lastAt[f.masked] = int32(i)
	}
	for i := range fs {
		f := &fs[i]
		if f.inPage < furnMin {
			continue
		}
		n := int(f.inPage)
		before, after := c.neighbours(i)
		if before != 0 && 2*b.count(besideKey(f.masked, kindBefore, before)) >= n ||
			after != 0 && 2*b.count(besideKey(f.masked, kindAfter, after)) >= n {
			b.add(mix(f.masked, kindPaired))
		}
	}
	for i := range fs {
		f := &fs[i]
		if f.inPage < furnMin {
			continue
		}
		if b.count(mix(f.masked, kindPaired)) == 0 && 2*b.count(mix(f.masked, kindCounted)) <= int(f.inPage)-1 {
			f.inPage = 0
		}
	}
	if len(c.lastAt) > maxLastAt {
		// A Go map keeps its room when cleared, and clearing costs in
		// proportion: grown for this page, it is not kept for the next.
		c.lastAt = nil
	}
}

// maxLastAt is the most shapes for which Classifier.lastAt is kept from
// one page to the next.
const maxLastAt = 1 << 10

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

// countsUp reports whether the first or the last digit run of b is one or
// two more than that of a, as a page number is from one page to the next
// (two where odd and even pages have footers of their own: "Postel
// [Page 3]", "[Page 4]   Postel").
func countsUp(a, b string) bool {
	fa, la := digitRuns(a)
	fb, lb := digitRuns(b)
	return fa >= 0 && (fb-fa == 1 || fb-fa == 2 || lb-la == 1 || lb-la == 2)
}

// digitRuns returns the values of the first and the last run of ASCII
// digits of s, -1 if it has none; runs longer than 9 digits count as
// their first 9.
func digitRuns(s string) (first, last int) {
	first, last = -1, -1
	for i := 0; i < len(s); {
		if s[i] < '0' || s[i] > '9' {
			i++
			continue
		}
		v, n := 0, 0
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			if n < 9 {
				v = 10*v + int(s[i]-'0')
				n++
			}
		}
		if first < 0 {
			first = v
		}
		last = v
	}
	return first, last
}
