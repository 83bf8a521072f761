package boiler

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Pages analysed apart (one PageAnalysis reused, as a worker would) and
// counted with AddAnalysis give the Model AddPage gives, byte for byte.
func TestAddAnalysisEqualsAddPage(t *testing.T) {
	pages := synCorpus(9, 4, 6)
	// multi-line paragraphs and a paragraph with many words exercise line
	// keys and the long-paragraph word sample
	pages = append(pages, synPage{site: "lines.example", paras: []string{
		"Home | News\nSport | Weather",
		"Posted 3 May 2024\nBy Staff",
		"The council met on Tuesday and agreed that the new bridge over the river would be built next year, after a long debate about its cost and the traffic it would bring to the old town centre.",
	}})
	tests := []struct {
		name  string
		reuse bool
	}{
		{"fresh analysis per page", false},
		{"one analysis reused", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a, b Learner
			var an PageAnalysis
			for _, p := range pages {
				pg := Page{Site: p.site, Paragraphs: p.paras}
				a.AddPage(pg)
				x := &an
				if !tt.reuse {
					x = new(PageAnalysis)
				}
				x.Analyze(pg)
				b.AddAnalysis(x)
				b.AddAnalysis(new(PageAnalysis)) // an empty page counts as a page
				a.AddPage(Page{})
			}
			ea, err := a.Model().AppendBinary(nil)
			require.NoError(t, err)
			eb, err := b.Model().AppendBinary(nil)
			require.NoError(t, err)
			require.Equal(t, ea, eb)
		})
	}
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
