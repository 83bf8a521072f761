package report

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/neardup/dedupe/records"
)

func TestFromRun(t *testing.T) {
	src := records.Texts([]string{"a", "b", "c"}, []string{"first text here", "first text here!", "third"})
	src[0].Site, src[1].Site, src[2].Site = "s1", "s1", "s2"
	log := `{"id":"a","what":"paragraph","why":"boilerplate","paragraph":1,"reason":"short","text":"x"}
{"id":"b","what":"document","why":"near-duplicate","similarity":0.9,"kept":"a"}
`
	d, err := FromRun(strings.NewReader(log), src)
	require.NoError(t, err)
	require.Equal(t, int64(3), d.Totals.DocsIn)
	require.Len(t, d.Pairs, 1)
	require.Equal(t, "first text here", d.Pairs[0].KeptText)
	require.Equal(t, "first text here!", d.Pairs[0].RemovedText)
	require.Len(t, d.Sites, 2)

	_, err = FromRun(strings.NewReader(`{"id":"z","what":"document","why":"empty"}`+"\n"), src)
	require.ErrorContains(t, err, "does not follow the input")
	var le *LogError
	require.ErrorAs(t, err, &le)
	require.Equal(t, 1, le.Line)
}

// TestFromRunPaths: "the report depends on how the input path is
// spelled": a log naming a document by file and line (its id not unique)
// did not follow an input given as ./in.jsonl for in.jsonl, nor an input
// whose file name (its documents' id) is not UTF-8, which the log holds
// with U+FFFD.
func TestFromRunPaths(t *testing.T) {
	doc := func(id, file string, line int, text string) *records.Record {
		r := &records.Record{ID: id, File: file, Line: line}
		r.SetText([]byte(text))
		return r
	}
	src := records.Slice{
		doc("x", "in.jsonl", 1, "one text"),
		doc("x", "in.jsonl", 2, "one text!"),
		doc("b\xff.txt", "b\xff.txt", 0, "another text"),
		doc("c\xff.txt", "c\xff.txt", 0, "another text!"),
	}
	log := `{"id":"x","what":"document","why":"near-duplicate","similarity":0.9,"kept":"x","file":"./in.jsonl","line":2}
{"id":"c\ufffd.txt","what":"document","why":"near-duplicate","similarity":0.9,"kept":"b\ufffd.txt"}
`
	d, err := FromRun(strings.NewReader(log), src)
	require.NoError(t, err)
	require.Len(t, d.Pairs, 2)
	for _, p := range d.Pairs {
		if p.Kept == "b\ufffd.txt" {
			require.Equal(t, "another text", p.KeptText)
			require.Equal(t, "another text!", p.RemovedText)
		}
	}
}

// TestFromRunClipsTexts: the pair texts are clipped as the whole text
// would be, from a copy of no more than the budget (the texts of 100 pairs
// of 64 MB documents were held whole: 6.4 GB).
func TestFromRunClipsTexts(t *testing.T) {
	n := Limits{}.withDefaults().TextBytes
	long := strings.Repeat("word ", 3*n/5) // 3n bytes
	src := records.Texts([]string{"a", "b"}, []string{long, long + "more"})
	d, err := FromRun(strings.NewReader(`{"id":"b","what":"document","why":"near-duplicate","similarity":0.99,"kept":"a"}`+"\n"), src)
	require.NoError(t, err)
	require.Len(t, d.Pairs, 1)
	want, cut := clip(long, n)
	require.True(t, cut)
	require.Equal(t, want, d.Pairs[0].KeptText)
	require.Equal(t, want, d.Pairs[0].RemovedText)
}

// TestFromRunSameIDs: "ids that are not unique give wrong pair diffs and
// clusters that are too small": the report took the first document of an
// id for every document of it. The log places such documents (file and
// line, kept_file and kept_line), and the report now follows it.
func TestFromRunSameIDs(t *testing.T) {
	doc := func(id string, line int, text string) *records.Record {
		r := &records.Record{ID: id, File: "in.jsonl", Line: line}
		r.SetText([]byte(text))
		return r
	}
	src := records.Slice{
		doc("X", 1, "the first x"),
		doc("X", 2, "the second x"),
		doc("X", 3, "the third x"),
		doc("Y", 4, "a y"),
	}
	log := `{"id":"X","what":"document","why":"near-duplicate","similarity":0.9,"kept":"X","kept_file":"in.jsonl","kept_line":1,"file":"in.jsonl","line":2}
{"id":"X","what":"document","why":"near-duplicate","similarity":0.8,"kept":"X","kept_file":"in.jsonl","kept_line":1,"file":"in.jsonl","line":3}
{"id":"Y","what":"document","why":"near-duplicate","similarity":0.7,"kept":"X","kept_file":"in.jsonl","kept_line":2}
`
	d, err := FromRun(strings.NewReader(log), src)
	require.NoError(t, err)
	got := map[string]string{}
	for _, p := range d.Pairs {
		got[p.KeptText+" <- "+p.RemovedText] = p.Removed
	}
	require.Equal(t, map[string]string{
		"the first x <- the second x": "X",
		"the first x <- the third x":  "X",
		"the second x <- a y":         "Y",
	}, got)
	require.Len(t, d.Clusters.Largest, 1)
	require.Equal(t, int64(4), d.Clusters.Largest[0].Size)
	require.Equal(t, "X", d.Clusters.Largest[0].Kept)
}
