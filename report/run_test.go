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
