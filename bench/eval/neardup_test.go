package eval

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/neardup/dedupe/bench/gen"
	"github.com/neardup/dedupe/shingle"
)

// neardupData is the evaluation data beside the repository.
const neardupData = "../../../shared/data/neardup"

// dataCorpus returns the folder of a corpus, skipping the test when the
// data is absent, or when the race detector would make it too slow.
func dataCorpus(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(neardupData, name)
	if _, err := os.Stat(filepath.Join(dir, "corpus.jsonl.gz")); err != nil {
		t.Skip("evaluation data absent")
	}
	if name == "rfc" && (raceEnabled || testing.Short()) {
		t.Skip("rfc (203 MB) skipped with -race or -short")
	}
	return dir
}

// TestEvalNearDupData asserts the targets of the near-duplicate detector on
// the development corpora: with the truth's normalisation and exact
// verification, and otherwise the command's settings (dedupe.Find with its
// default bands), pair precision and recall at least 0.99 at thresholds
// 0.8 and 0.5. Every corpus and threshold is scored and reported, even
// after a failure.
func TestEvalNearDupData(t *testing.T) {
	for _, name := range []string{"reuters", "licenses", "rfc"} {
		t.Run(name, func(t *testing.T) {
			dir := dataCorpus(t, name)
			for _, th := range []float64{0.8, 0.5} {
				rep, err := NearDup(NearDupConfig{
					Corpus:    filepath.Join(dir, "corpus.jsonl.gz"),
					Truth:     filepath.Join(dir, "truth.jsonl.gz"),
					Clusters:  filepath.Join(dir, "clusters.jsonl.gz"),
					Threshold: th,
					Normalize: "whitespace",
				})
				require.NoError(t, err)
				b, _ := json.Marshal(rep)
				t.Logf("%s", b)
				assert.GreaterOrEqual(t, rep.Precision, 0.99, "%s at %v: precision", name, th)
				assert.GreaterOrEqual(t, rep.Recall, 0.99, "%s at %v: recall", name, th)
				// Exact verification never reports a pair below the threshold.
				for _, bk := range rep.Buckets {
					if bk.Hi <= th {
						assert.Zero(t, bk.Found, "%s at %v: bucket %v", name, th, bk.Lo)
					}
				}
			}
		})
	}
}

// TestEvalNearDupSynthetic builds a corpus with known near duplicates and its
// truth by brute force, following the data README's definition.
func TestEvalNearDupSynthetic(t *testing.T) {
	g := gen.New(gen.Options{Seed: 3, DocWords: 200})
	var docs []any
	var texts []string
	for i := range 60 {
		var text string
		if i%3 == 2 {
			text = string(g.NearCopy([]byte(texts[i-1]), gen.Edits{Rate: 0.02 * float64(i%5), Variant: uint64(i)}))
		} else {
			text = string(g.Doc(i))
		}
		texts = append(texts, text)
		docs = append(docs, document{ID: fmt.Sprintf("d%d", i), Text: text})
	}
	sh := shingle.New(shingle.Options{Normalization: shingle.Whitespace})
	sets := make([][]uint64, len(texts))
	for i, s := range texts {
		sets[i] = shingle.Set(sh.AppendString(nil, s))
	}
	var truth []any
	positives := map[float64]int{}
	for a := range texts {
		for b := a + 1; b < len(texts); b++ {
			n := shingle.Intersect(sets[a], sets[b])
			u := len(sets[a]) + len(sets[b]) - n
			j := float64(n) / float64(u)
			if j < 0.2 {
				continue
			}
			truth = append(truth, TruthPair{A: fmt.Sprintf("d%d", a), B: fmt.Sprintf("d%d", b), Kind: "near", Jaccard: j, Inter: n, Union: u})
			for _, th := range []float64{0.5, 0.8} {
				if j >= th {
					positives[th]++
				}
			}
		}
	}
	require.NotZero(t, positives[0.8])
	dir := t.TempDir()
	corpus, truthPath := filepath.Join(dir, "corpus.jsonl.gz"), filepath.Join(dir, "truth.jsonl.gz")
	writeJSONL(t, corpus, docs)
	writeJSONL(t, truthPath, truth)
	for _, th := range []float64{0.5, 0.8} {
		rep, err := NearDup(NearDupConfig{Corpus: corpus, Truth: truthPath, Threshold: th, Normalize: "whitespace"})
		require.NoError(t, err)
		require.Equal(t, 60, rep.Docs)
		require.Equal(t, positives[th], rep.TP, "threshold %v", th)
		require.Zero(t, rep.FP)
		require.Zero(t, rep.FN)
		require.Equal(t, 1.0, rep.F1)
		require.Equal(t, len(truth), rep.EstimateError.Pairs)
		require.Less(t, rep.EstimateError.RMSE, 0.1)
		b, err := json.Marshal(rep)
		require.NoError(t, err)
		for _, key := range []string{`"precision":`, `"recall":`, `"f1":`, `"tp":`, `"fp":`, `"fn":`} {
			require.True(t, strings.Contains(string(b), key), key)
		}
		est, err := NearDup(NearDupConfig{Corpus: corpus, Truth: truthPath, Threshold: th, Verify: "estimate"})
		require.NoError(t, err)
		require.Equal(t, "fold", est.Normalize)
		require.Equal(t, "estimate", est.Verify)
	}
}

func TestEvalNearDupErrors(t *testing.T) {
	dir := t.TempDir()
	corpus, truth := filepath.Join(dir, "c.jsonl"), filepath.Join(dir, "t.jsonl")
	require.NoError(t, os.WriteFile(corpus, []byte(`{"id":"a","text":"x y z"}`+"\n"+`{"id":"b","text":"x y z"}`+"\n"), 0o644))
	require.NoError(t, os.WriteFile(truth, []byte(`{"a":"a","b":"c","inter":1,"union":1}`+"\n"), 0o644))
	tests := []struct {
		cfg  NearDupConfig
		want string
	}{
		{NearDupConfig{Corpus: corpus, Truth: truth, Normalize: "nfc"}, "normalize"},
		{NearDupConfig{Corpus: corpus, Truth: truth, Verify: "maybe"}, "verify"},
		{NearDupConfig{Corpus: corpus, Truth: truth, Threshold: 2}, "threshold"},
		{NearDupConfig{Corpus: corpus, Truth: truth, Recall: 1}, "recall"},
		{NearDupConfig{Corpus: corpus, Truth: truth}, "t.jsonl:1: truth pair a c: id not in the corpus"},
		{NearDupConfig{Corpus: corpus, Truth: filepath.Join(dir, "missing")}, "missing"},
		{NearDupConfig{Corpus: truth, Truth: truth}, `t.jsonl:1: missing field "text"`},
	}
	for _, tt := range tests {
		_, err := NearDup(tt.cfg)
		require.ErrorContains(t, err, tt.want)
	}
}
