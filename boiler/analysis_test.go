package boiler

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// A PageAnalysis reused from page to page, as a worker reuses it, gives
// the Model that a fresh analysis per page gives, byte for byte: nothing of
// one page leaks into the next. An empty page counts as a page.
func TestAnalysisReuse(t *testing.T) {
	pages := synCorpus(9, 4, 6)
	// multi-line paragraphs and a paragraph with many words exercise line
	// keys and the long-paragraph word sample
	pages = append(pages, synPage{site: "lines.example", paras: []string{
		"Home | News\nSport | Weather",
		"Posted 3 May 2024\nBy Staff",
		"The council met on Tuesday and agreed that the new bridge over the river would be built next year, after a long debate about its cost and the traffic it would bring to the old town centre.",
	}})
	var fresh, reused Learner
	var an PageAnalysis
	for _, p := range pages {
		for _, pg := range []Page{p.page(), {Site: p.site}} {
			x := new(PageAnalysis)
			x.Analyze(pg)
			fresh.Add(x)
			an.Analyze(pg)
			reused.Add(&an)
		}
	}
	ea, err := fresh.Model().AppendBinary(nil)
	require.NoError(t, err)
	eb, err := reused.Model().AppendBinary(nil)
	require.NoError(t, err)
	require.Equal(t, ea, eb)
	require.Equal(t, 2, reused.Model().Pages("lines.example"))
}

// Words are the paragraphs' word hashes in text order, digit runs masked.
func TestPageAnalysisWords(t *testing.T) {
	var an PageAnalysis
	an.Analyze(Page{Site: "s", Paragraphs: []string{"Hello World 42", "multi\nline text"}})
	var want []uint64
	for _, p := range []string{"Hello World 42", "multi\nline text"} {
		var st stats
		analyze(&st, nil, []byte(p))
		want = append(want, st.wordHashs...)
	}
	require.Equal(t, want, an.Words())
	require.Len(t, want, 6)
	require.Equal(t, maskToken, want[2])
	an.Analyze(Page{Site: "s"})
	require.Empty(t, an.Words())
}

// Learning compact copies (CompactTo, into a reused analysis) gives the
// Model that learning the full analyses gives, byte for byte, while the
// copies keep only the sampled paragraphs' words.
func TestAnalysisCompact(t *testing.T) {
	pages := synCorpus(9, 4, 6)
	long := "The council met on Tuesday and agreed that the new bridge over the river would be built next year, after a long debate about its cost and the traffic it would bring to the old town centre. "
	for i := range 40 {
		// long paragraphs, some of which the word sample takes
		pages = append(pages, synPage{site: "long.example", paras: []string{
			"Home | News\nSport | Weather",
			long + strings.Repeat("word ", i),
			strings.Repeat(long, 2) + "item " + strconv.Itoa(i),
		}})
	}
	var full, compact Learner
	var an, small PageAnalysis
	sampled, words, kept := 0, 0, 0
	for _, p := range pages {
		an.Analyze(p.page())
		full.Add(&an)
		an.CompactTo(&small)
		compact.Add(&small)
		sampled += len(small.sampled) / 2
		words += len(an.Words())
		kept += len(small.Words())
		require.Equal(t, an.keys, small.keys)
	}
	require.Positive(t, sampled, "no paragraph sampled: the test checks nothing of the words")
	require.Less(t, kept, words/2)
	ea, err := full.Model().AppendBinary(nil)
	require.NoError(t, err)
	eb, err := compact.Model().AppendBinary(nil)
	require.NoError(t, err)
	require.Equal(t, ea, eb)
}

// classifyBoth labels every page with Classify and with ClassifyAnalysis
// from its learning analysis, on one Classifier in turn (so that neither
// path leaves scratch behind that the other reads), and requires the same
// paragraphs, and the analyses unmodified.
func classifyBoth(t *testing.T, pages []Page, opts Options) {
	t.Helper()
	var l Learner
	as := make([]PageAnalysis, len(pages))
	for i, p := range pages {
		as[i].Analyze(p)
		l.Add(&as[i])
	}
	c := l.Model().Classifier(opts)
	for i, p := range pages {
		words := slices.Clone(as[i].words)
		got := c.ClassifyAnalysis(nil, p, &as[i])
		want := c.Classify(nil, p)
		require.Equal(t, want, got, "page %d of %s, %+v", i, p.Site, opts)
		require.Equal(t, words, as[i].words, "page %d: analysis modified", i)
	}
}

// ClassifyAnalysis labels a page from its learning analysis as Classify
// labels it from its text: on the generated sites, and on pages with
// multi-line, numeric, non-ASCII, empty and repeated paragraphs, with
// every cue and with cues turned off.
func TestClassifyAnalysis(t *testing.T) {
	pages, _ := benchCorpus()
	odd := []string{
		"Home | News\nSport | Weather",
		"Posted 3 May 2024\nBy Staff",
		"12 345 67.8 9",
		"",
		"Comments: Write a comment",
		"The council met on Tuesday and agreed that the new bridge over the river would be built next year.",
		"The council met on Tuesday and agreed that the new bridge over the river would be built next year.",
	}
	for i := range 6 {
		paras := append(slices.Clone(odd), europeanParagraphs()[i%3:]...)
		paras = append(paras, "Seite "+strconv.Itoa(i)+" von 6 — « Zurück » | Weiter")
		pages = append(pages, Page{Site: "odd.example", Paragraphs: paras})
	}
	pages = append(pages, Page{Site: "odd.example"})
	for _, opts := range []Options{{}, {Disable: CueLearnedWords | CueHeadings}, {Disable: CueNear | CueTitle | CueSeries}} {
		classifyBoth(t, pages, opts)
	}
}

// On the real pages of the development set (skipped without it) too.
func TestClassifyAnalysisDev(t *testing.T) {
	dev := readDev(t)
	pages := make([]Page, len(dev))
	for i := range dev {
		pages[i] = dev[i].page()
	}
	classifyBoth(t, pages, Options{})
}

// An analysis that cannot be the page's is not used: a compact copy, one
// of another page or site, or none; the page is then tokenised.
func TestClassifyAnalysisFallback(t *testing.T) {
	pages, _ := benchCorpus()
	m := learn(pages...)
	c := m.Classifier(Options{})
	p := pages[0]
	var full, small, fewer, longer PageAnalysis
	full.Analyze(p)
	full.CompactTo(&small)
	fewer.Analyze(Page{Site: p.Site, Paragraphs: p.Paragraphs[1:]})
	paras := slices.Clone(p.Paragraphs)
	paras[len(paras)-1] += " Wrong."
	longer.Analyze(Page{Site: p.Site, Paragraphs: paras})
	for _, a := range []*PageAnalysis{&small, &fewer, &longer, new(PageAnalysis)} {
		require.Equal(t, c.Classify(nil, p), c.ClassifyAnalysis(nil, p, a))
	}
	// the check of lengths is what keeps longer out: with the statistics
	// of its last paragraph, the labels would differ
	longer.paras[len(paras)-1].size = len(p.Paragraphs[len(paras)-1])
	require.NotEqual(t, c.Classify(nil, p), c.ClassifyAnalysis(nil, p, &longer))
	other := pages[0]
	other.Site = "elsewhere.example"
	full.Analyze(pages[0])
	require.Equal(t, c.Classify(nil, other), c.ClassifyAnalysis(nil, other, &full))
}

// FuzzClassifyAnalysis: a page cut from any text (paragraphs at blank
// lines, lines at line breaks) is labelled alike from its learning
// analysis and from its text, with a model learned from it, two copies of
// it on a second page, and the generated sites.
func FuzzClassifyAnalysis(f *testing.F) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 10 {
		f.Add(randomText(r) + "\n\n" + randomText(r))
	}
	f.Add("Home | News\nSport\n\nPosted 3 May\n\n12 34\n\n\xff\xfe ünïcödé — «x»")
	f.Add(strings.Join(doubleSpaced(r, 3), "\n\n")) // runs of wrapped lines (joinWrapped)
	base, _ := benchCorpus()
	base = base[:40]
	f.Fuzz(func(t *testing.T, s string) {
		p := Page{Site: base[0].Site, Paragraphs: strings.Split(s, "\n\n")}
		twice := Page{Site: p.Site, Paragraphs: append(slices.Clone(p.Paragraphs), p.Paragraphs...)}
		classifyBoth(t, append(slices.Clone(base), p, twice), Options{})
	})
}
