package boiler

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Corpora that are mostly content, written for these tests: a series of
// technical reports (paginated, with code, tables, standard headings and
// a shared notice) and a news wire (sign-offs glued to the last
// paragraph, earnings tables). Nothing in them is boilerplate but the
// running headers and footers and the wire's sign-off.

type part uint8

const (
	partText part = iota
	partFurniture
	partHeading // a standard heading, shared by every report
	partNotice  // a notice shared by half the reports
	partCode
	partTable
	partNeutral // a wire's headline and dateline: either way
)

type textDoc struct {
	paras []string
	parts []part
}

func (d *textDoc) add(p part, text string) {
	d.paras = append(d.paras, text)
	d.parts = append(d.parts, p)
}

const reportNotice = "Copies of this report may be made and given to others, and works that comment on it or explain it may be prepared, copied and published, in whole or in part, provided that this notice is kept on all such copies."

// prose returns a paragraph of n sentences of invented words joined by
// function words, as varied as real text (no line of it recurs on
// another page).
func prose(r *rand.Rand, n int) string { return sentences(r, n, 2, 8, 8, 2) }

// sentences returns n sentences of invented words of 2 to 1+syl
// syllables, each of minWords words or more (spread sets how many more),
// every every-th word after the first a function word.
func sentences(r *rand.Rand, n, syl, minWords, spread, every int) string {
	syls := []string{"ka", "lo", "min", "tre", "sa", "vo", "ren", "di", "pa", "gul", "te", "no", "ris", "ba", "el"}
	fn := []string{"the", "of", "and", "to", "in", "that", "is", "for", "with", "as", "on", "by", "was", "it"}
	word := func() string {
		var b strings.Builder
		for k := 0; k < 2+r.IntN(syl); k++ {
			b.WriteString(syls[r.IntN(len(syls))])
		}
		return b.String()
	}
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		w := word()
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		for j := 0; j < minWords+r.IntN(spread); j++ {
			b.WriteByte(' ')
			if j%every == 0 {
				b.WriteString(fn[r.IntN(len(fn))])
			} else {
				b.WriteString(word())
			}
		}
		b.WriteByte('.')
	}
	return b.String()
}

// reportCorpus returns n reports of one site.
func reportCorpus(seed uint64, n int) []textDoc {
	r := rand.New(rand.NewPCG(seed, 11))
	authors := []string{"Varga", "Okafor & Lind", "Moreau, et al.", "Tanaka", "Quist"}
	var docs []textDoc
	for i := 0; i < n; i++ {
		var d textDoc
		author := authors[r.IntN(len(authors))]
		w := strings.Fields(prose(r, 1))
		title := fmt.Sprintf("Transfer of %s %s Records", w[2], w[4])
		header := fmt.Sprintf("TR %d          %s          %s %d", 100+i, title, []string{"March", "May", "July"}[i%3], 1990+i%20)
		d.add(partText, fmt.Sprintf("Technical Report %d\n%s", 100+i, title))
		d.add(partHeading, "Abstract")
		d.add(partText, wrap(prose(r, 3)))
		if i%2 == 0 {
			d.add(partNotice, wrap(reportNotice))
		}
		for page := 1; page <= 3+r.IntN(3); page++ {
			d.add(partHeading, fmt.Sprintf("%d. %s", page, []string{"Introduction", "Security Considerations", "Record Format", "Transfer", "Errors"}[page-1]))
			for k := 0; k < 6; k++ {
				d.add(partText, wrap(prose(r, 3+r.IntN(3))))
			}
			if page%2 == 0 {
				v := strings.Fields(prose(r, 1))
				d.add(partCode, fmt.Sprintf("   %s_t *%s = open_%s(%d);\n   while (%s(%s) >= 0)\n      copy_%s(%s->f%d, buf);", v[2], v[4], v[6], page, v[8], v[4], v[0], v[4], r.IntN(9)))
			}
			if page == 3 {
				v := strings.Fields(prose(r, 1))
				d.add(partTable, fmt.Sprintf("   Field    Octets   Range\n   -----    ------   -----\n   %s     %d        0-%d\n   %s   %d        1-%d", v[2], 1+r.IntN(4), r.IntN(256), v[4], 2+r.IntN(4), r.IntN(65536)))
			}
			d.add(partFurniture, fmt.Sprintf("%s          Technical Report          [Page %d]", author, page))
			d.add(partFurniture, header)
		}
		docs = append(docs, d)
	}
	return docs
}

// wrap hard-wraps text at about 70 columns with a three-space indent.
func wrap(text string) string {
	var b strings.Builder
	col := 0
	for i, w := range strings.Fields(text) {
		if i > 0 && col+1+len(w) > 70 {
			b.WriteString("\n")
			col = 0
		} else if i > 0 {
			b.WriteByte(' ')
			col++
		}
		if col == 0 {
			b.WriteString("   ")
			col = 3
		}
		b.WriteString(w)
		col += len(w)
	}
	return b.String()
}

func learnDocs(site string, docs []textDoc) *Model {
	pages := make([]Page, len(docs))
	for i, d := range docs {
		pages[i] = Page{Site: site, Paragraphs: d.paras}
	}
	return learn(pages...)
}

// On a site whose pages are mostly text, code, tables, standard headings
// and a notice shared by half the pages stay; the running headers and
// footers go.
func TestTextSiteKeepsContent(t *testing.T) {
	docs := reportCorpus(1, 60)
	m := learnDocs("reports.example", docs)
	require.Less(t, m.siteOf("reports.example").tmpl, 0.1, "a text site's template is a small share of its fragments")
	c := m.Classifier(Options{})
	for k, d := range docs {
		out := c.Classify(nil, Page{Site: "reports.example", Paragraphs: d.paras})
		for i, q := range out {
			if d.parts[i] == partFurniture {
				assert.NotEqual(t, Content, q.Label, "doc %d: %q", k, q.Text)
				continue
			}
			assert.Equal(t, Content, q.Label, "doc %d: %q (%s)", k, q.Text, q.Reason)
		}
	}
}

// The same notice and headings on a site whose pages are mostly template
// (a news site with a menu and footer on every page) are boilerplate:
// the prior, not the fragments, differs.
func TestTemplateSiteRemovesSharedText(t *testing.T) {
	pages := synCorpus(5, 1, 30)
	m := learnSyn(pages)
	require.Greater(t, m.siteOf(pages[0].site).tmpl, 0.4)
	c := m.Classifier(Options{})
	for _, p := range pages {
		for i, q := range c.Classify(nil, p.page()) {
			if !p.content[i] {
				assert.NotEqual(t, Content, q.Label, q.Text)
			}
		}
	}
}

// A page of furniture only: the running header and footer of a document,
// found on one page alone.
func TestRunningFurniture(t *testing.T) {
	d := reportCorpus(2, 1)[0]
	out := label(new(Model), Page{Site: "one.example", Paragraphs: d.paras})
	footers := 0
	for i, q := range out {
		if d.parts[i] == partFurniture && q.Label == Boilerplate {
			footers++
			assert.True(t, strings.HasPrefix(q.Reason, "page furniture") || strings.HasPrefix(q.Reason, "site"), q.Reason)
		}
	}
	require.Greater(t, footers, 2)
}

// wireCorpus returns n stories of a news wire: headline, dateline, body,
// with the wire's sign-off glued to the last paragraph of most stories
// (on its own line, as in the Reuters-21578 corpus); every fifth story
// is an earnings table, every seventh a table of prices, whose lines
// recur in shape with other figures.
func wireCorpus(seed uint64, n int) []textDoc {
	r := rand.New(rand.NewPCG(seed, 13))
	var docs []textDoc
	for i := 0; i < n; i++ {
		var d textDoc
		w := strings.Fields(prose(r, 1))
		d.add(partNeutral, strings.ToUpper(w[2]+" "+w[4]+" "+w[6]))
		d.add(partNeutral, fmt.Sprintf("%s, March %d -", strings.ToUpper(w[8]), 1+i%28))
		var body []string
		switch {
		case i%5 == 0:
			body = []string{fmt.Sprintf("Shr %d cts vs %d cts\n    Net %d,%03d vs %d,%03d\n    Revs %d.%d mln vs %d.%d mln",
				r.IntN(90), r.IntN(90), r.IntN(900), r.IntN(1000), r.IntN(900), r.IntN(1000), r.IntN(90), r.IntN(10), r.IntN(90), r.IntN(10))}
		case i%7 == 0:
			body = []string{wrap(prose(r, 2)) + " The prices were:",
				fmt.Sprintf("    MAY   %d.%d   %d.%d\n    JUL   %d.%d   %d.%d\n    SEP   %d.%d   %d.%d",
					100+r.IntN(50), r.IntN(10), 100+r.IntN(50), r.IntN(10), 100+r.IntN(50), r.IntN(10),
					100+r.IntN(50), r.IntN(10), 100+r.IntN(50), r.IntN(10), 100+r.IntN(50), r.IntN(10))}
		default:
			for k := 0; k < 1+r.IntN(4); k++ {
				body = append(body, wrap(prose(r, 2+r.IntN(3))))
			}
		}
		for k, b := range body {
			if k == len(body)-1 && i%4 != 3 {
				b += "\n Wirecorp" // the sign-off, glued
			}
			d.add(partText, b)
		}
		if i%4 == 3 {
			d.add(partFurniture, " Wirecorp")
		}
		docs = append(docs, d)
	}
	return docs
}

// The wire's sign-off is labelled apart from the paragraph it is glued
// to; the paragraph, tables of figures included, stays.
func TestSignOffLines(t *testing.T) {
	docs := wireCorpus(3, 200)
	m := learnDocs("wire.example", docs)
	c := m.Classifier(Options{})
	cut := 0
	for k, d := range docs {
		out := c.Classify(nil, Page{Site: "wire.example", Paragraphs: d.paras})
		for i, q := range out {
			switch d.parts[i] {
			case partNeutral:
				continue
			case partFurniture:
				assert.NotEqual(t, Content, q.Label, "doc %d: %q", k, q.Text)
				continue
			}
			require.Equal(t, Content, q.Label, "doc %d: %q (%s)", k, q.Text, q.Reason)
			if !strings.HasSuffix(q.Text, "\n Wirecorp") {
				assert.Empty(t, q.Lines, "doc %d: %q", k, q.Text)
				continue
			}
			require.Len(t, q.Lines, 1, "doc %d: %q", k, q.Text)
			l := q.Lines[0]
			assert.Equal(t, " Wirecorp", q.Text[l.Start:l.End])
			assert.Equal(t, strings.Count(q.Text, "\n"), l.Index)
			assert.Equal(t, Boilerplate, l.Label)
			assert.True(t, strings.HasPrefix(l.Reason, "site "), l.Reason)
			cut++
		}
	}
	require.Greater(t, cut, 100)
}

// A line is cut only when it starts a unit of text: the repeated end of
// a hard-wrapped sentence stays.
func TestLineContinuationStays(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	var pages []Page
	for i := 0; i < 40; i++ {
		pages = append(pages, Page{Site: "w.example", Paragraphs: []string{
			wrap(prose(r, 3)), wrap(prose(r, 2)) + " and the minister\nsaid.",
		}})
	}
	m := learn(pages...)
	for _, p := range pages {
		out := label(m, p)
		require.Equal(t, Content, out[1].Label)
		require.Empty(t, out[1].Lines, out[1].Text)
	}
}

// A file of figures, one to a paragraph, is data: its shape recurs on
// every paragraph of the page, which furniture, interleaved with text,
// never does. Its paragraphs are not labelled page furniture.
func TestFiguresNotFurniture(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	var paras []string
	for i := 0; i < 40; i++ {
		paras = append(paras, fmt.Sprintf("     %d", 10+r.IntN(90)))
	}
	for _, q := range label(new(Model), Page{Site: "one.example", Paragraphs: paras}) {
		assert.NotContains(t, q.Reason, "page furniture", q.Text)
		assert.False(t, q.Label == Boilerplate && q.Shared, "%q: %s", q.Text, q.Reason)
	}
}

// A numbered listing (source code with its line numbers, one line to a
// paragraph) is data too: no one shape holds most of the page, but most
// of its lines open with a number, and the shapes that recur ("N {",
// "N }", a bare "N") are lines of the code, which went as page furniture
// while the lines around them stayed (libstdc++'s source pages in the
// README's documentation corpus: 3.2 MB). A page whose short lines mostly
// do not open with a number keeps the cue: a running header and footer.
func TestNumberedListingNotFurniture(t *testing.T) {
	code := []string{"{", "}", "", "return __x;", "if (__n > 0)", "++__first;", "__glibcxx_assert(__p);", "/**", " */"}
	var paras []string
	for i := 0; i < 60; i++ {
		paras = append(paras, fmt.Sprintf("%5d    %s", 100+i, code[i%len(code)]))
	}
	for _, q := range label(new(Model), Page{Site: "one.example", Paragraphs: paras}) {
		assert.NotContains(t, q.Reason, "page furniture", q.Text)
	}
}

// appendSeries appends to paras five paragraphs that open alike, and
// their indexes to at.
func appendSeries(paras []string, at []int) ([]string, []int) {
	for _, end := range []string{"north gate", "river mill", "old bridge", "salt market", "east wall"} {
		at = append(at, len(paras))
		paras = append(paras, "The road to the "+end+" was closed for the whole of the winter months.")
	}
	return paras, at
}

// TestTextPage: a page of a site of one page that is mostly prose (a
// report published alone) keeps a run of paragraphs that open alike,
// which the same run among a few paragraphs of prose loses as a series.
func TestTextPage(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	page := func(prosePars int) (Page, []int) {
		var paras []string
		var series []int
		for i := 0; i < prosePars; i++ {
			paras = append(paras, prose(r, 3))
			if i == prosePars/2 {
				paras, series = appendSeries(paras, series)
			}
		}
		return Page{Site: "solo", Paragraphs: paras}, series
	}
	for _, tc := range []struct {
		prose int
		want  Label
	}{{textPageProse + 5, Content}, {6, Boilerplate}} {
		p, series := page(tc.prose)
		out := label(learn(p), p)
		for _, i := range series {
			assert.Equal(t, tc.want, out[i].Label, "%d paragraphs of prose: paragraph %d %q (%s)", tc.prose, i, out[i].Text, out[i].Reason)
		}
	}
}

// TestLongText: on a page whose prose paragraphs, in fives, are a
// minority among blocks of code, the code between the first and last
// prose paragraph stays when the page is a long text (textLong prose
// paragraphs), alone on its site or among news pages, and mostly goes
// when it is not; so do five paragraphs that open alike (a long text
// has no series); the menu before the text goes either way.
func TestLongText(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 3))
	idents := []string{"buf", "len", "ctx", "node", "next", "hdr", "seq", "ack", "win", "opt", "val", "key"}
	seen := map[string]bool{}
	code := func() string { // two lines, longer than a heading, not in the page yet
		for {
			a, b, c := idents[r.IntN(len(idents))], idents[r.IntN(len(idents))], idents[r.IntN(len(idents))]
			s := a + "_" + b + " = " + c + "(" + b + "_" + a + ", " + c + "_" + b + ");\n" +
				"if " + a + "_" + b + " < " + c + " { return " + b + "_" + c + " }"
			if !seen[s] {
				seen[s] = true
				return s
			}
		}
	}
	// a menu longer than a heading (headingMaxWords)
	menu := []string{"Home | Standards | Drafts | Errata | Search | Authors | Mirrors | Archive | Contact | About"}
	footer := []string{"Privacy policy", "Terms of use", "Cookie settings", "Newsletter", "Careers", "Advertise with us",
		"Press room", "Site map", "Accessibility", "Copyright 2024 The Example Group. All rights reserved."}
	page := func(prosePars, sentences int) (p Page, codeAt, seriesAt []int) {
		paras := append([]string(nil), menu...)
		for i := 0; i < prosePars; i++ {
			paras = append(paras, prose(r, sentences))
			if i == prosePars/2 {
				paras, seriesAt = appendSeries(paras, seriesAt)
			}
			if i%5 == 4 && i < prosePars-1 { // a block of code after every fifth
				for k := 0; k < 10; k++ {
					codeAt = append(codeAt, len(paras))
					paras = append(paras, code())
				}
			}
		}
		return Page{Site: "solo", Paragraphs: append(paras, footer...)}, codeAt, seriesAt
	}
	for _, tc := range []struct {
		prose     int
		sentences int     // of each prose paragraph
		others    int     // other pages of the site
		minKept   float64 // share of the code paragraphs labelled Content
		maxKept   float64
		wantMenu  Label
		long      bool
	}{
		{textLong + 10, 3, 0, 1, 1, Boilerplate, true},
		{textLong / 2, 3, 0, 0, 0.5, Boilerplate, false},
		{textLong / 2, 8, 0, 1, 1, Boilerplate, true},   // textLongWords of prose in fewer paragraphs
		{textLong + 10, 3, 40, 1, 1, Boilerplate, true}, // a long text on a site of news pages
	} {
		p, codeAt, seriesAt := page(tc.prose, tc.sentences)
		pages := []Page{p}
		for range tc.others { // news pages: the menu, a story, the footer
			o := append([]string(nil), menu...)
			o = append(o, prose(r, 2), prose(r, 2))
			pages = append(pages, Page{Site: "solo", Paragraphs: append(o, footer...)})
		}
		out := label(learn(pages...), p)
		kept := 0
		for _, i := range codeAt {
			if out[i].Label == Content {
				kept++
			}
		}
		share := float64(kept) / float64(len(codeAt))
		if share < tc.minKept || share > tc.maxKept {
			i := codeAt[0]
			t.Errorf("%d prose paragraphs: %.2f of the code kept, want %.2f-%.2f (first: %q %s %s)",
				tc.prose, share, tc.minKept, tc.maxKept, out[i].Text, out[i].Label, out[i].Reason)
		}
		if tc.long {
			for _, i := range seriesAt {
				assert.Equal(t, Content, out[i].Label, "%d prose paragraphs: series %q (%s)", tc.prose, out[i].Text, out[i].Reason)
			}
		}
		for i := range menu {
			assert.Equal(t, tc.wantMenu, out[i].Label, "%d prose paragraphs: menu %q (%s)", tc.prose, out[i].Text, out[i].Reason)
		}
	}
}

// TestLongFurniture: on a long text, a running header that recurs every
// eight paragraphs goes as page furniture, the same line each time, while
// a short line whose shape recurs four times stays (less often than
// furnEvery asks); on a page that is not a long text, the same four lines
// stay too, each worded its own way between paragraphs of its own, as
// headings are (see runningFurniture).
func TestLongFurniture(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 9))
	header := "RFC 9999                 Example Protocol                 May 2024"
	fields := []string{"Reserved (16 bits)", "Reserved (8 bits)", "Reserved (32 bits)", "Reserved (4 bits)"}
	page := func(prosePars int) (p Page, headerAt, fieldAt []int) {
		var paras []string
		for i := 0; i < prosePars; i++ {
			if i%8 == 7 {
				headerAt = append(headerAt, len(paras))
				paras = append(paras, header)
			}
			if k := i / 10; i%10 == 5 && k < len(fields) {
				fieldAt = append(fieldAt, len(paras))
				paras = append(paras, fields[k])
			}
			paras = append(paras, prose(r, 3))
		}
		return Page{Site: "solo", Paragraphs: paras}, headerAt, fieldAt
	}
	for _, tc := range []struct {
		prose     int
		wantField Label
	}{
		{300, Content},
		{40, Content},
	} {
		p, headerAt, fieldAt := page(tc.prose)
		out := label(learn(p), p)
		for _, i := range headerAt {
			assert.Equal(t, Boilerplate, out[i].Label, "%d prose paragraphs: header %q (%s)", tc.prose, out[i].Text, out[i].Reason)
		}
		for _, i := range fieldAt {
			assert.Equal(t, tc.wantField, out[i].Label, "%d prose paragraphs: field %q (%s)", tc.prose, out[i].Text, out[i].Reason)
		}
	}
}

// replyThread returns a thread of four comments, each under a frame.
func replyThread() []string {
	var ps []string
	for i, who := range []string{"Anna", "Ben", "Carla", "Dev"} {
		thing := []string{"mirror list", "proxy file", "locale setting", "boot loader"}[i]
		ps = append(ps, "Reply from "+who+" at 10:15",
			"I think you should check the "+thing+" first, as my own "+thing+" did not work until I changed it and you may see the same.")
	}
	return ps
}

// labelAround labels a page alone that holds replyThread between the
// paragraphs before and after, and returns the thread's labels.
func labelAround(before, after []string) []Paragraph {
	paras := append(append(slices.Clone(before), replyThread()...), after...)
	p := Page{Site: "solo", Paragraphs: paras}
	return label(learn(p), p)[len(before) : len(before)+len(replyThread())]
}

// proses returns n prose paragraphs.
func proses(r *rand.Rand, n int) []string {
	var ps []string
	for range n {
		ps = append(ps, prose(r, 3))
	}
	return ps
}

// TestInnerThreads: on a long text, a run of framed paragraphs in the
// second person (a manual's notes, say) that the text goes on after
// stays; at the end of the text, where readers' comments are, it goes as
// a comment thread.
func TestInnerThreads(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 1))
	for _, tc := range []struct {
		before, after int // prose paragraphs around the thread
		want          Label
	}{
		{textLong, threadTail + 10, Content},
		{textLong + threadTail + 10, 2, Boilerplate},
	} {
		for _, q := range labelAround(proses(r, tc.before), proses(r, tc.after)) {
			assert.Equal(t, tc.want, q.Label, "thread before %d prose paragraphs: %q (%s)", tc.after, q.Text, q.Reason)
		}
	}

	// a section under a boilerplate heading is text after the thread
	// (textHeadings runs before innerThreads): of threadTail+1 prose
	// paragraphs the last comment's text takes 4, and with the section's
	// 3 threadTail unmarked ones follow, without it fewer
	after := append(proses(r, threadTail+1), "Disclaimer")
	after = append(after, proses(r, 3)...)
	for _, q := range labelAround(proses(r, textLong+10), after) {
		assert.Equal(t, Content, q.Label, "thread before a headed section: %q (%s)", q.Text, q.Reason)
	}
	for _, q := range labelAround(proses(r, textLong+10), proses(r, threadTail+1)) {
		assert.Equal(t, Boilerplate, q.Label, "thread at the end: %q (%s)", q.Text, q.Reason)
	}
}

// TestTextFollows: on a short page, a run of frames is a thread only
// where no more text follows it than comes before it; its frames and
// its comments, which open alike, may go by other cues.
func TestTextFollows(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 1))
	for _, tc := range []struct {
		before, after int
		thread        bool
	}{
		{3, 7, true},  // the last comment's text takes 4 of the 7: 3 after, 3 before
		{3, 8, false}, // 4 after
		{3, 12, false},
		{10, 14, true}, // 10 after
		{10, 15, false},
	} {
		for _, q := range labelAround(proses(r, tc.before), proses(r, tc.after)) {
			assert.Equal(t, tc.thread, q.Reason == "comment thread", "thread between %d and %d prose paragraphs: %q (%s)", tc.before, tc.after, q.Text, q.Reason)
		}
	}
}

// TestTextFirstThreads: on a page alone on its site that reads as a text,
// numbered section headings framing prose in the first person (a report,
// a standard) are not a comment thread: the thread would hold more of
// the text than comes before the first heading, also where a long
// section splits the headings into two runs. Readers' comments after a
// text of the same length still go.
func TestTextFirstThreads(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 9))
	personal := func() string { return prose(r, 2) + " We think you will find our notes of use." }
	var paras []string
	var textAt []int
	for i := range 20 {
		paras = append(paras, fmt.Sprintf("%d. %s", i+1, strings.Fields(prose(r, 1))[0]))
		n := 2
		if i == 15 { // a long section: the headings after it are a run of frames of their own
			n = threadMaxGap + 2
		}
		for range n {
			textAt = append(textAt, len(paras))
			paras = append(paras, personal())
		}
	}
	p := Page{Site: "solo", Paragraphs: paras}
	out := label(learn(p), p)
	for _, i := range textAt {
		assert.Equal(t, Content, out[i].Label, "section text %q (%s)", out[i].Text, out[i].Reason)
	}

	paras = paras[:0]
	for range 40 {
		paras = append(paras, personal())
	}
	var commentAt []int
	for i, who := range []string{"Anna", "Ben", "Carla", "Dev"} {
		part := []string{"third section", "list of terms", "second table", "closing note"}[i]
		paras = append(paras, "Reply from "+who+" at 10:15")
		commentAt = append(commentAt, len(paras))
		paras = append(paras, "I think you should read the "+part+" again, as my own copy of the "+part+" did not say what you say it does.")
	}
	p = Page{Site: "solo", Paragraphs: paras}
	out = label(learn(p), p)
	for _, i := range commentAt {
		assert.Equal(t, "comment thread", out[i].Reason, "comment %q", out[i].Text)
	}
}

// TestTextPageFigures: on a text page alone on its site that is not a
// long text, the figures between its prose paragraphs (several lines of
// boxes and separators each, too many words for a heading, between a
// section heading and a caption) stay; without keepSpan on text pages
// they went.
func TestTextPageFigures(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 3))
	var paras []string
	var figures []int
	for i := range textPageProse + 10 {
		paras = append(paras, prose(r, 3))
		if i%8 == 4 {
			w := strings.Fields(prose(r, 2))
			paras = append(paras, fmt.Sprintf("%d.1.  The %s records", i, w[2]))
			figures = append(figures, len(paras))
			box := func(a, b string) string {
				return fmt.Sprintf("   +----------+   +----------+\n   | %8.8s |<->| %8.8s |\n   +----------+   +----------+\n", a, b)
			}
			paras = append(paras, box(w[0], w[2])+"        |  <Req> / <Ack>  |\n"+box(w[4], w[6])+"        |  <Err> / <Nak>  |\n"+box(w[8], w[10]))
			paras = append(paras, fmt.Sprintf("   Figure %d: %s", i, w[6]))
		}
	}
	p := Page{Site: "solo", Paragraphs: paras}
	c := learn(p).Classifier(Options{})
	out := c.Classify(nil, p)
	require.True(t, c.textPage && !c.longText, "a text page, not a long text")
	for _, i := range figures {
		assert.Equal(t, Content, out[i].Label, "figure %q (%s)", out[i].Text, out[i].Reason)
	}
}

// TestTextTail: after the last prose paragraph of a text alone on its
// site, its closing matter of several lines a paragraph (the authors'
// addresses) stays, as on a long text on a site of several pages; a
// line after them goes, and so does, on the site, a block of several
// lines that its pages share (its template's footer). Without the tail
// in keepSpan the addresses go as short lines and link lists.
func TestTextTail(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 4))
	footer := "   Example Press, 12 Main Street\n   Terms | Privacy | Contact"
	build := func(site string, i int) (Page, []int) {
		var paras []string
		for range textPlainProse + 2 {
			paras = append(paras, wrap(prose(r, 4)))
		}
		paras = append(paras, "Authors' Addresses")
		var at []int
		names := [][2]string{{"Jane", "Roe"}, {"Ali", "Khan"}, {"Mei", "Sato"}, {"Olu", "Ade"}, {"Ines", "Vaz"}, {"Lars", "Berg"}, {"Ana", "Ruiz"}, {"Tom", "Hale"}}
		for k := range 2 {
			first, last := names[2*i+k][0], names[2*i+k][1]
			at = append(at, len(paras))
			paras = append(paras, fmt.Sprintf("   %s %s\n   %s Networks\n   Box %d", first, last, last, 100+i))
			at = append(at, len(paras))
			paras = append(paras, fmt.Sprintf("   Phone: +1 555 01%02d\n   Email: %s@%s.example", i, strings.ToLower(first), strings.ToLower(last)))
		}
		// a line of its own: not closing matter, even on a long text
		paras = append(paras, fmt.Sprintf("%s | %s", names[2*i][1], names[2*i+1][1]), footer)
		return Page{Site: site, Paragraphs: paras}, at
	}
	alone, at := build("solo", 0)
	c := learn(alone).Classifier(Options{})
	out := c.Classify(nil, alone)
	require.True(t, c.textPage && !c.longText, "a text page, not a long text")
	for _, i := range at {
		assert.Equal(t, keptContext, out[i].Reason, "address %q (%v)", out[i].Text, out[i].Label)
	}
	line := out[len(out)-2] // the names' line, before the footer
	assert.Equal(t, Boilerplate, line.Label, "%q (%s)", line.Text, line.Reason)

	// a text site's long texts, each between the site's menus (which
	// take the addresses' own scores below zero)
	var menu []string
	for _, w := range strings.Fields("Home News Archive Topics Authors Events Press Jobs Search Help About Contact") {
		menu = append(menu, w+" | "+strings.ToLower(w)+" page")
	}
	var pages []Page
	var ats [][]int
	for i := range 4 {
		p, at := build("press", i)
		var head []string
		for range textLong {
			head = append(head, prose(r, 3))
		}
		p.Paragraphs = slices.Concat(menu, head, p.Paragraphs, menu)
		for j := range at {
			at[j] += len(menu) + textLong
		}
		pages, ats = append(pages, p), append(ats, at)
	}
	m := learn(pages...)
	for k, p := range pages {
		c := m.Classifier(Options{})
		out := c.Classify(nil, p)
		require.True(t, c.longText, "page %d: a long text", k)
		for _, i := range ats[k] {
			assert.Equal(t, keptContext, out[i].Reason, "page %d: address %q (%v)", k, out[i].Text, out[i].Label)
		}
		// the names' line and the footer, before the menu
		for _, q := range out[len(out)-len(menu)-2 : len(out)-len(menu)] {
			assert.Equal(t, Boilerplate, q.Label, "page %d: %q (%s)", k, q.Text, q.Reason)
		}
	}
}

// TestWrappedIslands: on pages of a site that is mostly template, a
// paragraph of several lines that reads as text, between two blocks of
// the template (a manual's description between its navigation and its
// example), stays though the path leaves it when half the page's prose
// or more is hard-wrapped; it goes when the page's other prose comes a
// line a paragraph. A news page's teasers, a headline over a summary
// each, do not make its prose hard-wrapped, and go, though they are half
// its prose. A block of the template of several lines goes on all, and
// so does a paragraph of one line that reads as text.
func TestWrappedIslands(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 2))
	for _, tc := range []struct {
		name             string
		wrapped, oneLine int  // the article's prose paragraphs
		teasers          bool // the islands are teasers, not wrapped prose
		keep             bool
	}{
		{"wrapped prose", 4, 0, false, true},
		{"half of the prose wrapped", 2, 2, false, true}, // hard-wrapped: 3 of 6, with the line
		{"prose a line a paragraph", 0, 4, false, false},
		{"teasers, half the prose", 0, 2, true, false}, // teasers: 3 of 6, with the line
	} {
		var pages []Page
		var ats [][]int // per page, its islands
		var lone []int  // per page, its island of one line
		for range 6 {
			p, at, l := islandPage(t, r, tc.wrapped, tc.oneLine, tc.teasers)
			pages, ats, lone = append(pages, p), append(ats, at), append(lone, l)
		}
		m := learn(pages...)
		for k, p := range pages {
			c := m.Classifier(Options{})
			out := c.Classify(nil, p)
			require.Less(t, c.text, textSite, "%s: a site of template", tc.name)
			for _, i := range ats[k] {
				q := out[i]
				require.Greater(t, q.Score, 0.5, "%s: the island reads as text: %q", tc.name, q.Text)
				want := Boilerplate
				if tc.keep {
					want = Content
				}
				assert.Equal(t, want, q.Label, "%s, page %d: %q (%s)", tc.name, k, q.Text, q.Reason)
				q = out[i+1]
				assert.Equal(t, Boilerplate, q.Label, "%s, page %d: %q (%s)", tc.name, k, q.Text, q.Reason)
			}
			q := out[lone[k]]
			require.Greater(t, q.Score, 0.5, "%s: the line reads as text: %q", tc.name, q.Text)
			assert.Equal(t, Boilerplate, q.Label, "%s, page %d: %q (%s)", tc.name, k, q.Text, q.Reason)
		}
	}
}

// islandPage returns a page of TestWrappedIslands' site: its template's
// navigation; an article of prose paragraphs, the given numbers of them
// hard-wrapped and of one line; then the islands (one of hard-wrapped
// prose, or three teasers) and a paragraph of one line that reads as
// text, each between two blocks of the template; with their indexes.
func islandPage(t *testing.T, r *rand.Rand, wrapped, oneLine int, teasers bool) (p Page, islands []int, lone int) {
	t.Helper()
	var nav, side []string
	for _, w := range strings.Fields("Home Guide Reference Index Search Glossary Snippets Changes Contents Manuals Download Help") {
		nav = append(nav, "[ "+w+" ]")
		side = append(side, "[ "+w+" < Previous | Next > ]")
	}
	block := strings.Join(nav[:4], "\n") // the template's, several lines
	// prose of n sentences wrapped to a width, a line breaking a sentence
	typed := func(n int) string {
		for range 100 {
			if text := wrap(prose(r, n)); linesOf([]byte(text)) == wrappedLines {
				return text
			}
		}
		t.Fatal("no hard-wrapped prose in 100 tries")
		return ""
	}
	title := func(w string) string { return strings.ToUpper(w[:1]) + w[1:] }
	paras := slices.Clone(nav)
	for range wrapped {
		paras = append(paras, typed(4))
	}
	for range oneLine {
		paras = append(paras, prose(r, 4))
	}
	if teasers {
		for range 3 {
			w := strings.Fields(prose(r, 1))
			paras = append(paras, side...)
			islands = append(islands, len(paras))
			paras = append(paras, fmt.Sprintf("Council Votes On %s %s Plan For The Harbour\n%s", title(w[1]), title(w[3]), prose(r, 1)), block)
		}
	} else {
		paras = append(paras, side...)
		islands = append(islands, len(paras))
		paras = append(paras, typed(2), block)
	}
	paras = append(paras, side...)
	lone = len(paras)
	paras = append(paras, prose(r, 2), block)
	paras = append(paras, side...)
	paras = append(paras, nav...)
	return Page{Site: "manual", Paragraphs: paras}, islands, lone
}

// TestPlainTextPage: a document alone on its site whose prose comes in
// paragraphs of several lines (a plain-text file, not a web page, whose
// blocks are a line each) is a text page from textPlainProse prose
// paragraphs on, whatever its share of code and tables; its prose stays.
// The same paragraphs each on one line make no text page.
func TestPlainTextPage(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 5))
	build := func(wrapped bool) (Page, []int) {
		var paras []string
		var at []int
		for i := range textPlainProse + 2 {
			text := prose(r, 3)
			if wrapped {
				text = wrap(text)
			}
			at = append(at, len(paras))
			paras = append(paras, text)
			for k := range 4 {
				v := strings.Fields(prose(r, 1))
				paras = append(paras, fmt.Sprintf("   %s_t *%s = open_%s(%d);\n   while (%s(%s) >= %d)\n      copy_%s(buf);", v[2], v[4], v[6], i, v[8], v[4], k, v[0]))
			}
		}
		return Page{Site: "solo", Paragraphs: paras}, at
	}
	p, at := build(true)
	c := learn(p).Classifier(Options{})
	out := c.Classify(nil, p)
	require.True(t, c.textPage, "hard-wrapped prose: a text page")
	for _, i := range at {
		assert.Equal(t, Content, out[i].Label, "prose %d %q (%s)", i, out[i].Text, out[i].Reason)
	}
	p, _ = build(false)
	c = learn(p).Classifier(Options{})
	c.Classify(nil, p)
	require.False(t, c.textPage, "prose a line a paragraph, a fifth of the page: no text page")
}

// TestTextPageKin: on a text alone on its site, lines found on a few
// other sites (a block of code that the related documents, each alone on
// a site too, share) stay; lines found on crossMinText other sites or
// more (a template's) go.
func TestTextPageKin(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 5))
	const kin, common = 4, crossMinText + 3
	block := func(name string) []string {
		var b []string
		for _, w := range []string{"Groups", "Compliances", "Objects"} {
			b = append(b, fmt.Sprintf("   %s%s   OBJECT IDENTIFIER ::= { %sMIBConformance %sMIB 2 } -- MIB %s list", name, w, name, name, strings.ToLower(w)))
		}
		return b
	}
	template := []string{"Print this report | Share it with a friend | Subscribe to the list", "Copyright the Report Society, all rights reserved, see the terms of use", "Back to the top of the page | Contents | Index | Search"}
	pages := make([]Page, common)
	for i := range pages {
		var paras []string
		for k := range textPlainProse + 4 {
			paras = append(paras, wrap(prose(r, 40)))
			switch {
			case k == 3 && i < kin:
				paras = append(paras, block("snmp")...)
			case k == 7:
				paras = append(paras, template...)
			}
		}
		pages[i] = Page{Site: fmt.Sprintf("solo-%d", i), Paragraphs: paras}
	}
	c := learn(pages...).Classifier(Options{})
	out := c.Classify(nil, pages[0])
	require.True(t, c.textPage && c.longText, "a long text alone on its site")
	for _, q := range out {
		switch {
		case slices.Contains(block("snmp"), q.Text):
			assert.Equal(t, Content, q.Label, "a line of %d related texts: %q (%s)", kin, q.Text, q.Reason)
		case slices.Contains(template, q.Text):
			assert.Equal(t, Boilerplate, q.Label, "a line of %d sites: %q (%s)", common, q.Text, q.Reason)
		}
	}
}

// TestTextPageShare: alone on its site, a page is a text page when half
// its paragraphs or more read as prose, not when a long article stands
// among as many menu lines, captions and teasers.
func TestTextPageShare(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 5))
	const n = textPageProse + 5
	page := func(short int) Page {
		var paras []string
		for i := range short {
			paras = append(paras, fmt.Sprintf("Section %d", i))
		}
		for range n {
			paras = append(paras, prose(r, 3))
		}
		return Page{Site: "solo", Paragraphs: paras}
	}
	for _, tc := range []struct {
		short int
		text  bool
	}{{0, true}, {n / 2, true}, {n, true}, {n + 1, false}, {2 * n, false}} {
		p := page(tc.short)
		c := learn(p).Classifier(Options{})
		c.Classify(nil, p)
		assert.Equal(t, tc.text, c.textPage, "%d prose paragraphs, %d short", n, tc.short)
	}
}

// TestTextHeadings: on a text page alone (a licence) and on a long text
// of a site, a "Disclaimer" heading and the clauses under it are part of
// the text, while a label ("Disclaimer: ...") keeps its mark; on a page
// that is not a text, the heading's label carries to what it heads.
func TestTextHeadings(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	clauses := []string{
		"The work is provided as it is, without any warranty of any kind, to the extent that the law allows it.",
		"In no event will the authors be liable for any damages arising from the use of the work, even if told of their possibility.",
	}
	var paras []string
	for range textPageProse + 5 {
		paras = append(paras, prose(r, 3))
	}
	at := len(paras)
	paras = append(paras, "Disclaimer")
	paras = append(paras, clauses...)
	for range 3 {
		paras = append(paras, prose(r, 3))
	}
	// a label keeps its mark: an agency's notice under a story
	paras = append(paras, "Disclaimer: this story is copyrighted by the agency and published here under its licence, so please send questions to the agency.")
	p := Page{Site: "solo", Paragraphs: paras}
	out := label(learn(p), p)
	for _, q := range out[at : at+3] {
		assert.Equal(t, Content, q.Label, "text page: %q (%s)", q.Text, q.Reason)
	}
	assert.Equal(t, "boilerplate heading", out[len(out)-1].Reason)

	// a long text on a site of several pages (not a text page): the same
	var manual, other []string
	for range textLong + 5 {
		manual, other = append(manual, prose(r, 3)), append(other, prose(r, 3))
	}
	mAt := len(manual)
	manual = append(append(manual, "Disclaimer"), clauses...)
	manual = append(manual, prose(r, 3), prose(r, 3))
	pm, po := Page{Site: "docs.example", Paragraphs: manual}, Page{Site: "docs.example", Paragraphs: other}
	for _, q := range label(learn(pm, po), pm)[mAt : mAt+3] {
		assert.Equal(t, Content, q.Label, "long text on a site: %q (%s)", q.Text, q.Reason)
	}

	news := append([]string{"Harbour reopens", prose(r, 2), "Disclaimer"}, clauses...)
	out = label(new(Model), Page{Site: "one.example", Paragraphs: news})
	assert.Equal(t, "boilerplate heading", out[2].Reason)
	for _, q := range out[3:] {
		assert.Equal(t, "under a boilerplate heading", q.Reason, q.Text)
	}
}

// TestTypedTextLines: in a typed text (alone on its site, its prose
// hard-wrapped), lines of their own between prose paragraphs (a heading
// over a definition's fields, between page breaks) stay, though a text
// page that is not a long text keeps only paragraphs of several lines,
// and so does what kindred texts, each alone on a site, share ("Security
// issues are not discussed in this memo.", two lines of a MIB's
// definition). A row of links and a legal notice that those sites share
// go, the notice also over two lines. After the last prose paragraph, a
// heading over closing matter that stays ("Authors' Addresses", on every
// site) stays; a line before it, a legal notice, names beyond a
// heading's length, a block of several lines found on every site and a
// running header go. The same texts with their prose a line a paragraph
// (no page breaks, which would leave them no text page) are no typed
// texts, and keep those lines too, as their path holds them.
func TestTypedTextLines(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 8))
	const sites = crossMinText + 2
	for _, typed := range []bool{true, false} {
		var pages []Page
		var docs []typedDoc
		for i := range sites {
			d := newTypedDoc(t, r, typed, textPlainProse+2, true)
			pages, docs = append(pages, Page{Site: fmt.Sprintf("solo-%d", i), Paragraphs: d.paras}), append(docs, d)
		}
		m := learn(pages...)
		for k, p := range pages {
			c := m.Classifier(Options{})
			out := c.Classify(nil, p)
			require.True(t, c.textPage && !c.longText, "typed %v, page %d: a text page, not a long text", typed, k)
			require.Equal(t, typed, c.typed, "page %d: a typed text", k)
			for _, i := range docs[k].lines {
				assert.Equal(t, Content, out[i].Label, "typed %v, page %d: line %q (%s)", typed, k, out[i].Text, out[i].Reason)
			}
			for _, q := range out {
				switch q.Text {
				case typedShared, typedMIB:
					assert.Equal(t, Content, q.Label, "typed %v, page %d: %q (%s)", typed, k, q.Text, q.Reason)
				case typedLinks, typedLegal, typedLegal2:
					assert.Equal(t, Boilerplate, q.Label, "typed %v, page %d: %q (%s)", typed, k, q.Text, q.Reason)
				}
			}
			want := []Label{
				Content, Content, Boilerplate, Content, Boilerplate, Content, // the authors, a notice, names
				Boilerplate, Content, Content, // "Further notes", "Contacts"
				Boilerplate, Boilerplate, Content, Boilerplate, Content, // "Mailing list", the footer, a header
			}
			for j, want := range want {
				if !typed && (j == 0 || j == 7) {
					continue // closing headings: the rule of typed texts
				}
				q := out[docs[k].tail+j]
				assert.Equal(t, want, q.Label, "typed %v, page %d, closing paragraph %d: %q (%s)", typed, k, j, q.Text, q.Reason)
			}
		}
	}
}

// TestTypedTextLinesOnSites: on a long hard-wrapped text of a site of
// several pages, where a line of 2 other sites is shared, a line found
// on other sites and not repeated on the site goes.
func TestTypedTextLinesOnSites(t *testing.T) {
	r := rand.New(rand.NewPCG(37, 2))
	var pages []Page
	for i := range crossMinText + 2 {
		d := newTypedDoc(t, r, true, textLong, true)
		site := fmt.Sprintf("site-%d", i)
		other := newTypedDoc(t, r, true, textPlainProse, false)
		pages = append(pages, Page{Site: site, Paragraphs: d.paras}, Page{Site: site, Paragraphs: other.paras})
	}
	m := learn(pages...)
	for k := 0; k < len(pages); k += 2 {
		c := m.Classifier(Options{})
		out := c.Classify(nil, pages[k])
		require.True(t, c.longText && c.wrapped && !c.textPage && !c.typed, "page %d: a long hard-wrapped text of a site", k)
		for _, q := range out {
			if q.Text == typedShared {
				assert.Equal(t, Boilerplate, q.Label, "page %d: %q (%s)", k, q.Text, q.Reason)
			}
		}
	}
}

// The lines that TestTypedTextLines' texts share.
const (
	typedShared = "Security issues are not discussed in this memo."
	typedLinks  = "Print this report | Share it with a friend | Subscribe"
	typedLegal  = "Copyright the Report Society, all rights reserved."
	typedLegal2 = "Copyright the Report Society,\nall rights reserved."
	typedFooter = "Kalo mailing list\nkalo at example"
	typedMIB    = "   ACCESS   read-only\n   STATUS   mandatory"
	typedNames  = "Jane Roe, Ali Khan, Mei Sato, Olu Ade and Ines Vaz"
)

// typedDoc is a text of TestTypedTextLines: its paragraphs, the indexes
// of its lines of one line between prose paragraphs, and the index of
// its closing matter.
type typedDoc struct {
	paras []string
	lines []int
	tail  int
}

// newTypedDoc returns a text of TestTypedTextLines of n prose paragraphs,
// hard-wrapped and between page breaks, or a line a paragraph; shared
// puts in it the lines that the texts share.
func newTypedDoc(t *testing.T, r *rand.Rand, typed bool, n int, shared bool) typedDoc {
	t.Helper()
	text := func() string {
		for range 100 {
			if s := wrap(prose(r, 4)); !typed || linesOf([]byte(s)) == wrappedLines {
				if !typed {
					s = strings.Join(strings.Fields(s), " ")
				}
				return s
			}
		}
		t.Fatal("no hard-wrapped prose in 100 tries")
		return ""
	}
	address := func() string {
		w := strings.Fields(prose(r, 1))
		return fmt.Sprintf("   %s %s\n   %s Networks\n   %s Street", w[0], w[1], w[2], w[3])
	}
	header := "RFC 9999   Kalo Report   June 2001"
	pageBreak := []string{"Roe   Informational   [Page 9]", header}
	var d typedDoc
	if !typed {
		n += textPageProse - textPlainProse
	}
	for k := range n {
		d.paras = append(d.paras, text())
		if typed && k < n-1 {
			d.paras = append(d.paras, pageBreak...)
		}
		switch {
		case k == 2 || k == 5: // a heading over a definition's fields
			w := strings.Fields(prose(r, 1))
			for _, line := range []string{
				fmt.Sprintf("%d. Registration: the %s option", k, w[0]),
				"Option identification: " + w[2],
				fmt.Sprintf("Present in: the %s element", w[4]),
			} {
				d.lines = append(d.lines, len(d.paras))
				d.paras = append(d.paras, line)
			}
			if typed {
				d.paras = append(d.paras, pageBreak...)
			}
		case k == 3 && shared:
			d.paras = append(d.paras, "Contains: "+strings.Fields(prose(r, 1))[3], typedShared)
			if typed {
				d.paras = append(d.paras, pageBreak...)
			}
		case k == 4 && shared:
			d.paras = append(d.paras, typedLegal2, typedLegal, typedLinks)
		case k == 6 && shared:
			d.paras = append(d.paras, typedMIB)
			if typed {
				d.paras = append(d.paras, pageBreak...)
			}
		}
	}
	d.tail = len(d.paras)
	d.paras = append(d.paras, "Authors' Addresses", address(), typedLegal, address(), typedNames, address(),
		"Further notes", "Contacts", address(), "Mailing list", typedFooter, address(), header, address())
	return d
}

// TestTypedThreads: a short licence alone on its site, its prose
// hard-wrapped, whose numbered conditions speak to "you" is not a comment
// thread, though it is too short to be a text page: typed text is no
// web page's comments, and markThread weighs it as a text (the thread
// would hold more of it than comes before the first condition). The same
// licence with a line a paragraph is no typed text.
func TestTypedThreads(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 6))
	for _, typed := range []bool{true, false} {
		text := func(s string) string {
			if !typed {
				return s
			}
			for range 100 {
				if w := wrap(s); linesOf([]byte(w)) == wrappedLines {
					return w
				}
				s = prose(r, 1) + " " + s
			}
			t.Fatal("no hard-wrapped prose in 100 tries")
			return ""
		}
		paras := []string{"The Kalo Public License 6.0.0", "Contributor: Example, Inc."}
		for range 2 {
			paras = append(paras, text(prose(r, 3)+" You may use it as you wish."))
		}
		for i := range 5 {
			w := strings.Fields(prose(r, 1))
			paras = append(paras, text(fmt.Sprintf("%d. %s %s and %s it whenever you %s this software to others.", i+1, w[0], w[2], w[4], w[6])))
		}
		for range 2 {
			paras = append(paras, text(prose(r, 2)+" You are excused if you did not know."))
		}
		p := Page{Site: "solo", Paragraphs: paras}
		c := learn(p).Classifier(Options{})
		out := c.Classify(nil, p)
		require.False(t, c.textPage, "typed %v: too short for a text page", typed)
		require.Equal(t, typed, c.typed && c.textFirst, "a typed text, weighed as a text for threads")
		if !typed {
			continue // (a thread, as on a web page)
		}
		for _, q := range out[2:] {
			assert.Equal(t, Content, q.Label, "%q (%s)", q.Text, q.Reason)
		}
	}
}

// TestTypedShortText: a short file alone on its site whose prose is
// hard-wrapped (a package's copyright file: its prose, its labels and
// the blocks of names under them) is a typed text though too short for
// a text page, and keeps its labels, blocks and a series of lines that
// open alike between its prose paragraphs, and after them a block it
// shares with a few kindred files (fewer than crossMinText). The same
// files with their prose a line a paragraph are no typed text.
func TestTypedShortText(t *testing.T) {
	r := rand.New(rand.NewPCG(43, 1))
	const kin = crossMinText - 2
	licence := "License: GPL-2+\n See the common licences folder."
	for _, typed := range []bool{true, false} {
		var pages []Page
		var keep [][]int
		for i := range kin + 1 {
			paras, between := typedCopyright(t, r, typed)
			keep = append(keep, append(between, len(paras)))
			pages = append(pages, Page{Site: fmt.Sprintf("solo-%d", i), Paragraphs: append(paras, licence)})
		}
		m := learn(pages...)
		for k, p := range pages {
			c := m.Classifier(Options{})
			out := c.Classify(nil, p)
			require.False(t, c.textPage, "typed %v: too short for a text page", typed)
			require.Equal(t, typed, c.typed, "a typed text")
			if !typed {
				continue // (its labels and blocks read as a web page's)
			}
			for _, i := range keep[k] {
				assert.Equal(t, Content, out[i].Label, "page %d: %q (%s)", k, out[i].Text, out[i].Reason)
			}
		}
	}
}

// typedCopyright returns a copyright file of TestTypedShortText: three
// prose paragraphs, hard-wrapped or not, with a label and a block of
// names between each two, and a series of lines after the second block;
// and the indexes of the labels, blocks and lines.
func typedCopyright(t *testing.T, r *rand.Rand, typed bool) (paras []string, between []int) {
	t.Helper()
	text := func() string {
		for range 100 {
			s := wrap(prose(r, 2))
			if !typed {
				return strings.Join(strings.Fields(s), " ")
			}
			if linesOf([]byte(s)) == wrappedLines {
				return s
			}
		}
		t.Fatal("no hard-wrapped prose in 100 tries")
		return ""
	}
	for i := range 3 {
		paras = append(paras, text())
		if i == 2 {
			break
		}
		w := strings.Fields(prose(r, 1))
		between = append(between, len(paras), len(paras)+1)
		paras = append(paras, []string{"Authors:", "Copyright:"}[i],
			fmt.Sprintf("    %s %s <%s@example.org>\n    %s %s <%s@example.org>", w[0], w[2], strings.ToLower(w[2]), w[4], w[6], strings.ToLower(w[6])))
		if i == 1 { // a series of lines that open alike
			for k := range seriesMin {
				between = append(between, len(paras))
				paras = append(paras, fmt.Sprintf("Files: debian/patches/fix/%s and debian/rules of the %s package", strings.ToLower(w[2*k]), strings.ToLower(w[2*k+2])))
			}
		}
	}
	return paras, between
}

// TestTypedLines: a page alone on its site whose prose is hard-wrapped is
// a typed text while fewer than typedLines of its paragraphs with words
// are of one line; a web page whose text an extractor wrapped to a
// width, among a line each of menus, teasers and captions, is not.
func TestTypedLines(t *testing.T) {
	r := rand.New(rand.NewPCG(47, 3))
	var prose4 []string
	for range textPlainProse + 2 {
		for try := 0; ; try++ {
			require.Less(t, try, 100, "no hard-wrapped prose in 100 tries")
			if s := wrap(prose(r, 4)); linesOf([]byte(s)) == wrappedLines {
				prose4 = append(prose4, s)
				break
			}
		}
	}
	for _, tc := range []struct {
		lines  int  // paragraphs of one line, besides the prose
		breaks bool // a running footer and header after each prose paragraph
		typed  bool
	}{
		{0, false, true},
		{2 * len(prose4), false, true},          // two thirds of the page
		{(7*len(prose4) + 2) / 3, false, false}, // 0.7 of it
		{4 * len(prose4), false, false},         // a web page's share
		{2 * len(prose4), true, true},           // 0.8 with the furniture
	} {
		var paras []string
		for _, s := range prose4 {
			paras = append(paras, s)
			if tc.breaks {
				paras = append(paras, "Roe   Informational   [Page 9]", "RFC 9999   Kalo Report   June 2001")
			}
		}
		for i := range tc.lines {
			paras = append(paras, fmt.Sprintf("Kalo section %d", i))
		}
		p := Page{Site: "solo", Paragraphs: paras}
		c := learn(p).Classifier(Options{})
		c.Classify(nil, p)
		require.True(t, c.wrapped, "%d lines: hard-wrapped prose", tc.lines)
		assert.Equal(t, tc.typed, c.typed, "%d lines of one line among %d prose paragraphs, page breaks %v", tc.lines, len(prose4), tc.breaks)
	}
}

// TestTypedReuse: whether a page is a typed text does not carry over to
// the next page a Classifier labels: a web page whose prose is
// hard-wrapped, among a line each of menus, gets the labels of a fresh
// Classifier after a typed text, and the typed text after it.
func TestTypedReuse(t *testing.T) {
	r := rand.New(rand.NewPCG(53, 7))
	paras, _ := typedCopyright(t, r, true)
	typed := Page{Site: "solo-0", Paragraphs: paras}
	var web []string
	for i := range textPlainProse {
		w := strings.Fields(prose(r, 1))
		web = append(web, fmt.Sprintf("%s %s | Sport %d", w[0], w[2], i), "Read "+w[4]+" on "+w[6], wrap(prose(r, 4)), "Photo: "+w[8])
	}
	page := Page{Site: "solo-1", Paragraphs: web}
	m := learn(typed, page)
	fresh := func(p Page) []Paragraph { return m.Classifier(Options{}).Classify(nil, p) }
	wantTyped, wantWeb := fresh(typed), fresh(page)
	c := m.Classifier(Options{})
	for range 2 {
		require.Equal(t, wantTyped, c.Classify(nil, typed), "the typed text")
		require.True(t, c.typed, "the typed text")
		require.Equal(t, wantWeb, c.Classify(nil, page), "the web page after it")
		require.True(t, c.wrapped && !c.typed, "the web page: hard-wrapped, not typed")
	}
}
