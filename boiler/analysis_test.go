package boiler

import (
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
