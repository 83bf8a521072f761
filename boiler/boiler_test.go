package boiler

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSynthetic(t *testing.T) {
	pages := synCorpus(1, 8, 12)
	m := learnSyn(pages)
	c := m.Classifier(Options{})
	var out []Paragraph
	for _, p := range pages {
		out = c.Classify(out[:0], p.page())
		require.Len(t, out, len(p.paras))
		for i, q := range out {
			want := Boilerplate
			if p.content[i] {
				want = Content
			}
			require.Equal(t, want, q.Label, "%s %d %q (%s)", p.site, i, q.Text, q.Reason)
			require.Equal(t, i, q.Index)
			require.True(t, q.Score >= 0 && q.Score <= 1)
			require.NotEmpty(t, q.Reason)
		}
	}
}

// The furniture the issue names is found as site repetition on every site
// that repeats it.
func TestSiteFurnitureReason(t *testing.T) {
	pages := synCorpus(2, 6, 10)
	m := learnSyn(pages)
	c := m.Classifier(Options{})
	found := map[string]int{}
	for _, p := range pages {
		for _, q := range c.Classify(nil, p.page()) {
			switch q.Text {
			case synDisclaimer, synAppeal, synError, synCookie, synRelated, synCorrection:
				require.Equal(t, Boilerplate, q.Label)
				require.True(t, strings.HasPrefix(q.Reason, "site "), q.Reason)
				found[q.Text]++
			}
			if strings.HasPrefix(q.Text, "Posted ") {
				require.Equal(t, Boilerplate, q.Label, q.Text)
			}
		}
	}
	require.Len(t, found, 6)
}

func TestRepeat(t *testing.T) {
	pages := synCorpus(3, 3, 6)
	m := learnSyn(pages)
	p := pages[0]
	var body []string
	for i, para := range p.paras {
		if p.content[i] {
			body = append(body, para)
		}
	}
	twice := append(append(append([]string{}, p.paras...), body...), "Share this")
	out := label(m, Page{Site: p.site, Paragraphs: twice})
	for i, q := range out {
		switch {
		case i < len(p.paras) && p.content[i]:
			assert.Equal(t, Content, q.Label, q.Text)
		case i >= len(p.paras) && i < len(p.paras)+len(body):
			assert.Equal(t, Repeat, q.Label, q.Text)
			assert.Equal(t, "repeat", q.Reason)
		}
	}
}

// Pages of an unknown site are labelled from page cues alone.
func TestUnknownSite(t *testing.T) {
	pages := synCorpus(4, 4, 5)
	for _, m := range []*Model{learnSyn(pages), {}} {
		p := synCorpus(5, 1, 1)[0]
		out := label(m, Page{Site: "unknown.example", Paragraphs: p.paras})
		for i, q := range out {
			if p.content[i] {
				assert.Equal(t, Content, q.Label, q.Text)
			}
			if len(strings.Fields(q.Text)) <= 2 {
				assert.Equal(t, Boilerplate, q.Label, q.Text)
			}
		}
	}
}

// NewPage cuts text as shingle.Paragraphs (Auto) does, so that a page
// given as plain text is learned and labelled as its paragraph list is,
// whether its paragraphs are separated by blank lines or one per line (a
// page without blank lines used to be one paragraph, and nothing of it
// was removed).
func TestNewPageLabels(t *testing.T) {
	pages := synCorpus(6, 4, 6)
	for _, sep := range []string{"\n\n", "\n", "\r\n \r\n"} {
		var fromText []Page
		for _, p := range pages {
			pg := NewPage(p.site, strings.Join(p.paras, sep)+"\n")
			require.Len(t, pg.Lines, len(pg.Paragraphs))
			require.Equal(t, p.page(), Page{Site: pg.Site, Paragraphs: pg.Paragraphs}, "separator %q", sep)
			fromText = append(fromText, pg)
		}
		m := learn(fromText...)
		p := pages[1]
		var kept []string
		for _, q := range label(m, fromText[1]) {
			if q.Label == Content {
				kept = append(kept, q.Text)
			}
		}
		var want []string
		for i, para := range p.paras {
			if p.content[i] {
				want = append(want, para)
			}
		}
		require.Equal(t, want, kept, "separator %q", sep)
	}
}

func TestNewPage(t *testing.T) {
	tests := []struct {
		in    string
		want  []string
		lines []int
	}{
		{"", []string{}, []int{}},
		{"\n \n\t\n", []string{}, []int{}},
		{"one", []string{"one"}, []int{0}},
		{"one\ntwo\n", []string{"one", "two"}, []int{0, 1}}, // no blank line: one paragraph per line
		{"one\ntwo\n\nthree\n", []string{"one\ntwo", "three"}, []int{0, 3}},
		{"\n\n a \r\n\r\nb\r\n", []string{" a ", "b"}, []int{2, 4}},
		{"x\n \u00a0\ny", []string{"x", "y"}, []int{0, 2}},                 // a blank line of Unicode white space
		{"x\n\xff\ny", []string{"x", "\xff", "y"}, []int{0, 1, 2}},         // invalid UTF-8 is not white space
		{"a\n\n\n\nb\nc\n\nd", []string{"a", "b\nc", "d"}, []int{0, 4, 7}}, // blank lines counted
	}
	for _, tt := range tests {
		got := NewPage("s", tt.in)
		assert.Equal(t, Page{Site: "s", Paragraphs: tt.want, Lines: tt.lines}, got, "NewPage(%q)", tt.in)
	}
}

// TestMergeSaturates: counts of merged models that do not fit a uint32
// stay at its largest value. They wrapped: merging a model into itself
// 28 times gave one that UnmarshalBinary refused ("bad fragment").
func TestMergeSaturates(t *testing.T) {
	big := func() *Model {
		var l Learner
		var an PageAnalysis
		for _, p := range synCorpus(7, 5, 8) {
			an.Analyze(p.page())
			l.Add(&an)
		}
		m := l.Model()
		for i := range m.sites {
			s := &m.sites[i]
			s.pages = math.MaxUint32 - 5
			for j := range s.frags.n {
				s.frags.n[j] = math.MaxUint32 - 7
			}
			s.units = uint64(len(s.frags.n)) * (math.MaxUint32 - 7)
		}
		m.derive()
		return m
	}
	m := big()
	m.Merge(big())
	for _, s := range m.sites {
		require.Equal(t, uint32(math.MaxUint32), s.pages)
		require.Equal(t, uint32(math.MaxUint32), slices.Max(s.frags.n))
	}
	b, err := m.AppendBinary(nil)
	require.NoError(t, err)
	var back Model
	require.NoError(t, back.UnmarshalBinary(b))
}

func TestMergeEqualsUnion(t *testing.T) {
	pages := synCorpus(7, 5, 8)
	var all, a, b Learner
	var an PageAnalysis
	for i, p := range pages {
		an.Analyze(p.page())
		all.Add(&an)
		if i%3 == 0 {
			a.Add(&an)
		} else {
			b.Add(&an)
		}
	}
	want, _ := all.Model().AppendBinary(nil)
	ab := a.Model()
	ab.Merge(b.Model())
	ba := b.Model()
	ba.Merge(a.Model())
	gotAB, _ := ab.AppendBinary(nil)
	gotBA, _ := ba.AppendBinary(nil)
	require.Equal(t, want, gotAB)
	require.Equal(t, want, gotBA)
	// same labels whatever the order of shards
	u := all.Model()
	for _, p := range pages[:6] {
		require.Equal(t, label(u, p.page()), label(ab, p.page()))
	}
	// MergeLearners derives once: same counts, same labels
	var c0, c1, c2 Learner
	for i, p := range pages {
		an.Analyze(p.page())
		[]*Learner{&c0, &c1, &c2}[i%3].Add(&an)
	}
	ls := []*Learner{&c0, &c1, &c2}
	ml := MergeLearners(ls)
	require.Equal(t, []*Learner{nil, nil, nil}, ls)
	require.Empty(t, c0.sites, "the merged learners' tables are let go")
	require.Equal(t, Learner{}, c2)
	gotML, _ := ml.AppendBinary(nil)
	require.Equal(t, want, gotML)
	for _, p := range pages[:6] {
		require.Equal(t, label(u, p.page()), label(ml, p.page()))
	}
	require.Equal(t, u.cross, ml.cross, "cross-site counts")
	for i := range u.sites {
		require.Equal(t, u.sites[i], ml.sites[i], "site %d with its derived index and shares", i)
	}
	// learners that share no site: each merged site is a copy of one
	var d0, d1 Learner
	for _, p := range pages {
		an.Analyze(p.page())
		d := &d0
		if p.site < "site02" {
			d = &d1
		}
		d.Add(&an)
	}
	require.NotEmpty(t, d0.sites)
	require.NotEmpty(t, d1.sites)
	md := MergeLearners([]*Learner{&d0, nil, &d1})
	gotMD, _ := md.AppendBinary(nil)
	require.Equal(t, want, gotMD)
	require.Equal(t, u.cross, md.cross)
	require.Nil(t, MergeLearners(nil))
	require.Nil(t, MergeLearners([]*Learner{nil, nil}))
	// merging into the zero Model
	var z Model
	z.Merge(u)
	gotZ, _ := z.AppendBinary(nil)
	require.Equal(t, want, gotZ)
}

func TestPrune(t *testing.T) {
	pages := synCorpus(9, 4, 8)
	m := learnSyn(pages)
	before := label(m, pages[0].page())
	full, _ := m.AppendBinary(nil)
	m.Prune(2)
	require.NoError(t, m.Check())
	pruned, _ := m.AppendBinary(nil)
	// the article paragraphs, unique to their page, are most fragments
	require.Less(t, len(pruned), len(full)*3/4)
	after := label(m, pages[0].page())
	for i := range before {
		require.Equal(t, before[i].Label, after[i].Label, before[i].Text)
	}
}

// TestPruneKeepsTemplateShare: "learn -prune 5 on four pages of one site
// with the same menu and copyright line kept both (strip removed them
// with the unpruned model and with an empty one)": the dropped template
// fragments took the site's template share to 0, a site of text, whose
// page cues are muted. The share is kept through Prune, a save and a
// load, and the labels with it.
func TestPruneKeepsTemplateShare(t *testing.T) {
	bodies := []string{
		"The council voted on Tuesday to approve the new budget for the coming year, after a long debate about road repairs and school funding that lasted well into the night.",
		"Local farmers reported a strong harvest this autumn despite the dry summer, with wheat and barley yields above the average of the last ten years according to the regional office.",
		"The museum reopened its east wing after two years of renovation work, showing a collection of maps and letters that had been kept in storage since the building was damaged.",
		"A new bus line will connect the northern suburbs with the city centre from next month, the transport authority said, adding that tickets will cost the same as on other lines.",
	}
	var pages []Page
	for _, b := range bodies {
		pages = append(pages, NewPage("ex.com", "Home | News | Sport | Weather | Contact | About us | Jobs\n\n"+b+"\n\nCopyright 2024 Example Corp. All rights reserved."))
	}
	full := learn(pages...)
	tmpl := full.sites[0].tmpl
	require.Greater(t, tmpl, 0.5, "menu and copyright are most fragments")
	m := learn(pages...)
	m.Prune(5)
	require.Empty(t, m.sites[0].frags.h, "every fragment is on fewer than 5 pages")
	require.NoError(t, m.Check())
	b, err := m.AppendBinary(nil)
	require.NoError(t, err)
	require.Equal(t, uint16(version), binary.LittleEndian.Uint16(b[len(magic):]), "a pruned model is version 6")
	var back Model
	require.NoError(t, back.UnmarshalBinary(b))
	for _, mm := range []*Model{m, &back} {
		require.InDelta(t, tmpl, mm.sites[0].tmpl, 1e-9)
		for _, p := range pages {
			got, want := label(mm, p), label(full, p)
			for i := range want {
				require.Equal(t, want[i].Label, got[i].Label, "%q", want[i].Text)
			}
			require.Equal(t, Boilerplate, got[0].Label, "the menu")
			require.Equal(t, Boilerplate, got[2].Label, "the copyright line")
		}
	}
}

// siteReason parses a "site N/M pages" reason.
func siteReason(reason string) (n, m int, ok bool) {
	_, err := fmt.Sscanf(reason, "site %d/%d pages", &n, &m)
	return n, m, err == nil
}

// Labels are the same before and after a save and load, with and without
// Prune; a pruned Model still knows which pages it learned (it used to
// count every learned page as new after Prune: "site 8/7 pages"), and no
// reason names more pages than the site has.
func TestSaveLoadLabels(t *testing.T) {
	pages := synCorpus(11, 6, 7)
	unpruned := learnSyn(pages)
	for _, prune := range []int{0, 2, 3} {
		m := learnSyn(pages)
		m.Prune(prune)
		require.NoError(t, m.Check())
		var buf bytes.Buffer
		_, err := m.WriteTo(&buf)
		require.NoError(t, err)
		var back Model
		_, err = back.ReadFrom(&buf)
		require.NoError(t, err)
		require.NoError(t, back.Check())
		for _, p := range pages {
			got := label(m, p.page())
			require.Equal(t, got, label(&back, p.page()), "prune %d", prune)
			want := label(unpruned, p.page())
			for i, q := range got {
				require.Equal(t, want[i].Label, q.Label, "prune %d: %q", prune, q.Text)
				if n, all, ok := siteReason(q.Reason); ok {
					require.LessOrEqual(t, n, all, q.Reason)
					require.Equal(t, m.Pages(p.site), all, q.Reason)
				}
			}
		}
		// a new page of a known site counts as one page more
		novel := synCorpus(99, 1, 1)[0]
		for _, q := range label(&back, Page{Site: pages[0].site, Paragraphs: novel.paras}) {
			if n, all, ok := siteReason(q.Reason); ok {
				require.LessOrEqual(t, n, all, q.Reason)
				require.Equal(t, back.Pages(pages[0].site)+1, all, q.Reason)
			}
		}
	}
}

func TestCheck(t *testing.T) {
	m := learnSyn(synCorpus(12, 3, 4))
	require.NoError(t, m.Check())
	require.NoError(t, (&Model{}).Check())
	bad := []func(m *Model){
		func(m *Model) { m.sites[0].frags.n[0] = m.sites[0].pages + 1 },
		func(m *Model) { m.sites[0].frags.n[0] = 0 },
		func(m *Model) { m.sites[0].frags.h[1] = m.sites[0].frags.h[0] },
		func(m *Model) { m.sites[1].name = m.sites[0].name },
		func(m *Model) { m.sites[0].pages = 0 },
		func(m *Model) { m.sites[0].seen = append(m.sites[0].seen, make([]uint64, 10)...) },
		func(m *Model) { m.words.n[0] = uint32(m.long) + 1 },
	}
	for i, corrupt := range bad {
		m := learnSyn(synCorpus(12, 3, 4))
		corrupt(m)
		require.ErrorIs(t, m.Check(), ErrInvalid, "case %d", i)
	}
}

func TestKeys(t *testing.T) {
	var st stats
	key := func(s string) stats {
		analyze(&st, nil, []byte(s))
		cp := st
		cp.wordHashs = append([]uint64(nil), st.wordHashs...)
		return cp
	}
	a, b := key("Posted 26 April 2025"), key("posted 3 April 1999!")
	assert.NotEqual(t, a.exact, b.exact)
	assert.Equal(t, a.masked, b.masked)
	// figures are a third of the words: data, no key (see isNumeric)
	assert.Zero(t, a.key())
	assert.Empty(t, appendDeletionKeys(nil, &a))
	p := key("Posted in April 2025 by the desk")
	assert.NotZero(t, p.key())
	// one word changed: a shared deletion key
	c, d := key("Posted by Anna Berg"), key("Posted by Anna Lind")
	dc := appendDeletionKeys(nil, &c)
	dd := appendDeletionKeys(nil, &d)
	shared := 0
	for _, x := range dc {
		for _, y := range dd {
			if x == y {
				shared++
			}
		}
	}
	assert.Equal(t, 1, shared)
	assert.Equal(t, key("Café crème, s'il vous plaît").words, 6)
	assert.Equal(t, key("“Hello,” she said — WORLD.").exact, key("hello she said world").exact)
	e := key("Hello world. This is it!")
	assert.Equal(t, 2, e.sentEnds)
	assert.True(t, e.terminal)
	assert.Equal(t, 5, e.words)
	assert.Equal(t, 4, key("日本語 abc").words)
	assert.Zero(t, key(" -- ").exact)
}

func TestLabelString(t *testing.T) {
	for l, want := range map[Label]string{Content: "content", Boilerplate: "boilerplate", Repeat: "repeat", 9: "Label(9)"} {
		assert.Equal(t, want, l.String())
	}
}

// Classifying does not depend on earlier pages (scratch is reset).
func TestClassifierReuse(t *testing.T) {
	pages := synCorpus(10, 3, 5)
	m := learnSyn(pages)
	c := m.Classifier(Options{})
	first := c.Classify(nil, pages[2].page())
	for _, p := range pages {
		c.Classify(nil, p.page())
	}
	require.Equal(t, first, c.Classify(nil, pages[2].page()))
	var buf bytes.Buffer
	_, err := m.WriteTo(&buf)
	require.NoError(t, err)
}

// A story published twice on a site of 50 pages is content on both pages:
// its paragraphs repeat on 2 of 50 pages, as the page's copy explains, not
// as site furniture does. Furniture on every page stays boilerplate, on
// the copies too, and so does a long notice shown on a large share of the
// site's pages.
func TestStoryPublishedTwice(t *testing.T) {
	pages := synCorpus(13, 2, 50)
	r := rand.New(rand.NewPCG(13, 1))
	notice := "Our newsroom is funded by readers like you, and every contribution, big or small, helps us keep the reporting free for everyone who needs it. Thank you for reading."
	for i := range pages[:50] {
		if i%3 == 0 {
			pages[i].paras = append(pages[i].paras, notice)
			pages[i].content = append(pages[i].content, false)
		}
	}
	// page 30 republishes the article of page 10 under its own date
	src, dst := pages[10], &pages[30]
	dst.paras, dst.content = nil, nil
	for i, p := range src.paras {
		if strings.HasPrefix(p, "Posted ") {
			p = fmt.Sprintf("Posted %d May 2021", 1+r.IntN(28))
		}
		dst.paras = append(dst.paras, p)
		dst.content = append(dst.content, src.content[i])
	}
	m := learnSyn(pages)
	require.NoError(t, m.Check())
	for _, i := range []int{10, 30, 0, 3} {
		p := pages[i]
		for j, q := range label(m, p.page()) {
			want := Boilerplate
			if p.content[j] {
				want = Content
			}
			require.Equal(t, want, q.Label, "page %d: %q (%s)", i, q.Text, q.Reason)
			if n, all, ok := siteReason(q.Reason); ok {
				require.LessOrEqual(t, n, all, q.Reason)
			}
		}
	}
}

// crossCounts counts keys at the edges of its hash ranges (the first key
// of a range, the last before the next, the largest hash) as a map over
// every site's keys does, with deletion keys left out and the result
// sorted.
func TestCrossCountsRanges(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var edges []uint64
	for k := uint64(0); k < 1<<crossBits; k++ {
		lo := k << (64 - crossBits)
		edges = append(edges, lo|2, lo-2, lo|1, lo+1<<(64-crossBits)-1)
	}
	edges = append(edges, ^uint64(0), ^uint64(1))
	shared := make([]uint64, 3000)
	for i := range shared {
		shared[i] = r.Uint64()
	}
	sites := make([]site, 5)
	want := map[uint64]uint32{}
	for i := range sites {
		set := map[uint64]bool{}
		for _, h := range edges {
			if h != 0 && r.IntN(2) == 0 {
				set[h] = true
			}
		}
		for _, h := range shared {
			if h != 0 && r.IntN(3) == 0 {
				set[h] = true
			}
		}
		for range 2000 {
			set[r.Uint64()|2] = true
		}
		hs := slices.Sorted(maps.Keys(set))
		sites[i].frags = counts{h: hs, n: make([]uint32, len(hs))}
		for _, h := range hs {
			if !isDeletion(h) {
				want[h]++
			}
		}
	}
	maps.DeleteFunc(want, func(_ uint64, n uint32) bool { return n < 2 })
	c := crossCounts(sites)
	require.True(t, slices.IsSorted(c.h))
	got := map[uint64]uint32{}
	for i, h := range c.h {
		got[h] = c.n[i]
	}
	require.Equal(t, want, got)
	require.Empty(t, crossCounts(sites[:1]).h, "one site")
}

// TestCrossCounts checks the derived table of sites per fragment against a
// count of every site's fragments: the keys a paragraph or line is looked
// up by, with their number of sites (two or more); no deletion keys,
// which are never looked up.
func TestCrossCounts(t *testing.T) {
	m := learnSyn(synCorpus(3, 6, 5))
	want := map[uint64]uint32{}
	for i := range m.sites {
		for _, h := range m.sites[i].frags.h {
			if !isDeletion(h) {
				want[h]++
			}
		}
	}
	for h, n := range want {
		if n < 2 {
			delete(want, h)
		}
	}
	require.NotEmpty(t, want, "the menu is on every site")
	got := map[uint64]uint32{}
	for i, h := range m.cross.h {
		got[h] = m.cross.n[i]
		require.Equal(t, m.cross.n[i], m.cross.get(h))
	}
	require.Equal(t, want, got)
	var st stats
	analyze(&st, nil, []byte("Home"))
	require.Equal(t, uint32(6), m.cross.get(st.key()))
}

// TestFeatSize guards the packing of feat: the features of every paragraph
// of a page are held at once (see feat), 224 bytes each before it.
func TestFeatSize(t *testing.T) {
	if got, want := unsafe.Sizeof(feat{}), uintptr(152); got > want {
		t.Errorf("unsafe.Sizeof(feat{}) = %d, want %d at most", got, want)
	}
}
