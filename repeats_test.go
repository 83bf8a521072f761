package dedupe

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// chainText is a document of three paragraphs A, B, C of 14 words (10
// shingles each) where A ~ B and B ~ C (J = 9/11) but A and C are below the
// threshold (J = 8/12), then an exact copy of A.
var chainText = func() string {
	w := strings.Fields("one two three four five six seven eight nine ten eleven twelve thirteen fourteen")
	a := strings.Join(w, " ")
	b := strings.Join(append(slices.Clone(w[:13]), "fifteen"), " ")
	c := "zero " + strings.Join(w[1:13], " ") + " fifteen"
	return strings.Join([]string{a, b, c, a}, "\n\n")
}()

// TestRepeatsChain: B and the copy of A are removed in favour of A; C
// stays, since it resembles only B, which is removed.
func TestRepeatsChain(t *testing.T) {
	var lines []string
	st, err := Repeats(context.Background(), corpus([]string{chainText, "nothing repeats here"}), Options{Workers: 1},
		func(id string, groups []RepeatGroup) error {
			for _, g := range groups {
				lines = append(lines, string(g.AppendJSON(nil, id)))
			}
			return nil
		})
	require.NoError(t, err)
	require.Equal(t, RepeatStats{Docs: 2, Groups: 1, Bytes: st.Bytes}, st)
	require.Equal(t, []string{`{"id":"d0","group":[0,1,3],"similarity":0.8182,"similarities":[1,0.8182,1]}` + "\n"}, lines)
	var g struct {
		Group        []int
		Similarity   float64
		Similarities []float64
	}
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &g))
	require.Equal(t, []int{0, 1, 3}, g.Group)
}

// TestCleanRepeatsChain: the clean job keeps A and C of the chain and logs
// B and the copy of A as repeats of A.
func TestCleanRepeatsChain(t *testing.T) {
	out, log, _ := cleanFile(t, corpus([]string{chainText}), Options{NoBoiler: true, NoDedup: true})
	var rec struct{ Text string }
	require.NoError(t, json.Unmarshal(out, &rec))
	paras := strings.Split(chainText, "\n\n")
	require.Equal(t, paras[0]+"\n\n"+paras[2], strings.TrimSpace(rec.Text))
	var removed []int
	var sims []float64
	for _, r := range parseLog(t, log) {
		require.Equal(t, WhyRepeat, r.Why)
		require.Equal(t, 0, r.KeptParagraph)
		removed = append(removed, r.Paragraph)
		sims = append(sims, r.Similarity)
	}
	require.Equal(t, []int{1, 3}, removed)
	// Each removed paragraph's own similarity to A, not the group's lowest.
	require.InDelta(t, 9.0/11, sims[0], 1e-4)
	require.Equal(t, 1.0, sims[1])
}
