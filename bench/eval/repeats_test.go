package eval

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestEvalRepeatsData asserts the target of the repeated-paragraph finder on
// the paragraph truth of rfc and licenses: precision and recall at least
// 0.99 at threshold 0.8, with the truth's definitions (the defaults), over
// every pair inside the groups that dedupe.Repeats reports (measured:
// precision 0.9928 on rfc and 0.9963 on licenses, from pairs that single
// link joins below the threshold; recall 1).
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
	writeJSONL(t, corpus, []any{document{ID: "doc#1", Text: text}, document{ID: "other", Text: p1}})
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

	_, err = Repeats(RepeatsConfig{Corpus: corpus, Truth: truth, Normalize: "nfc"})
	require.ErrorContains(t, err, "normalize")
	_, err = Repeats(RepeatsConfig{Corpus: corpus, Truth: truth, Threshold: 2})
	require.ErrorContains(t, err, "threshold")
}

// TestEvalRepeatsChain checks that every pair inside a group is scored: a
// chain A ~ B ~ C makes one group whose pair A, C is below the threshold.
func TestEvalRepeatsChain(t *testing.T) {
	words := strings.Fields("one two three four five six seven eight nine ten eleven twelve thirteen fourteen")
	a := strings.Join(words, " ")
	b := strings.Join(append(slices.Clone(words[:13]), "fifteen"), " ")
	c := "zero " + strings.Join(words[1:13], " ") + " fifteen"
	dir := t.TempDir()
	corpus, truth := filepath.Join(dir, "c.jsonl"), filepath.Join(dir, "t.jsonl")
	writeJSONL(t, corpus, []any{document{ID: "d", Text: a + "\n\n" + b + "\n\n" + c}})
	// 14 tokens: 10 shingles; neighbours share 9 (J = 9/11), A and C 8
	// (J = 8/12).
	writeJSONL(t, truth, []any{
		TruthPair{A: "d#p0", B: "d#p1", Kind: "near", Inter: 9, Union: 11},
		TruthPair{A: "d#p1", B: "d#p2", Kind: "near", Inter: 9, Union: 11},
		TruthPair{A: "d#p0", B: "d#p2", Kind: "near", Inter: 8, Union: 12},
	})
	rep, err := Repeats(RepeatsConfig{Corpus: corpus, Truth: truth})
	require.NoError(t, err)
	require.Equal(t, 1, rep.Groups)
	require.Equal(t, 3, rep.Predicted)
	require.Equal(t, 2, rep.TP)
	require.Equal(t, 1, rep.FP, "the pair A, C inside the group")
	require.Zero(t, rep.FN)
}
