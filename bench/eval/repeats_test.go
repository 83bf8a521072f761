package eval

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestEvalRepeatsData asserts the target of the repeated-paragraph finder on
// the paragraph truth of rfc and licenses: precision and recall at least
// 0.99 at threshold 0.8, with the truth's definitions (the defaults).
func TestEvalRepeatsData(t *testing.T) {
	for _, name := range []string{"licenses", "rfc"} {
		t.Run(name, func(t *testing.T) {
			dir := dataCorpus(t, name)
			rep, err := Repeats(RepeatsConfig{
				Corpus: filepath.Join(dir, "corpus.jsonl.gz"),
				Truth:  filepath.Join(dir, "para_truth.jsonl.gz"),
			})
			require.NoError(t, err)
			b, _ := json.Marshal(rep)
			t.Logf("%s", b)
			require.GreaterOrEqual(t, rep.Precision, 0.99)
			require.GreaterOrEqual(t, rep.Recall, 0.99)
		})
	}
}

func TestEvalRepeatsSynthetic(t *testing.T) {
	p1 := "the quick brown fox jumps over the lazy dog near the river bank today"
	p2 := "a completely different paragraph about the weather in the mountains this winter"
	p1near := "the quick brown fox jumps over the lazy dog near the river bank tonight"
	text := p1 + "\n\n" + p2 + "\n\nshort one\n\n" + p1 + "\n\n" + p1near + "\n"
	dir := t.TempDir()
	corpus, truth := filepath.Join(dir, "c.jsonl.gz"), filepath.Join(dir, "t.jsonl.gz")
	writeJSONL(t, corpus, []any{Document{ID: "doc#1", Text: text}, Document{ID: "other", Text: p1}})
	// 14 tokens: 10 shingles; p1near shares 9 of them: J = 9/11.
	writeJSONL(t, truth, []any{
		TruthPair{A: "doc#1#p0", B: "doc#1#p3", Kind: "exact", Jaccard: 1, Inter: 10, Union: 10},
		TruthPair{A: "doc#1#p0", B: "doc#1#p4", Kind: "near", Jaccard: 0.818182, Inter: 9, Union: 11},
		TruthPair{A: "doc#1#p3", B: "doc#1#p4", Kind: "near", Jaccard: 0.818182, Inter: 9, Union: 11},
	})
	rep, err := Repeats(RepeatsConfig{Corpus: corpus, Truth: truth})
	require.NoError(t, err)
	require.Equal(t, PairScore{Precision: 1, Recall: 1, F1: 1, TP: 3}, rep.PairScore)
	require.Equal(t, 1, rep.Groups)
	require.Equal(t, 2, rep.Docs)
	rep, err = Repeats(RepeatsConfig{Corpus: corpus, Truth: truth, Threshold: 0.9})
	require.NoError(t, err)
	require.Equal(t, PairScore{Precision: 1, Recall: 1, F1: 1, TP: 1}, rep.PairScore)

	_, err = Repeats(RepeatsConfig{Corpus: corpus, Truth: truth, Split: "words"})
	require.ErrorContains(t, err, "split")
}
