package eval

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseParagraphID(t *testing.T) {
	tests := []struct {
		id    string
		doc   string
		index int
		ok    bool
	}{
		{"rfc11#p26", "rfc11", 26, true},
		{"debian:a#b#p0", "debian:a#b", 0, true},
		{"rfc11", "", 0, false},
		{"rfc11#px", "", 0, false},
		{"rfc11#p-1", "", 0, false},
	}
	for _, tt := range tests {
		doc, index, err := ParseParagraphID(tt.id)
		if (err == nil) != tt.ok || doc != tt.doc || index != tt.index {
			t.Errorf("ParseParagraphID(%q) = %q, %d, %v; want %q, %d, ok=%v", tt.id, doc, index, err, tt.doc, tt.index, tt.ok)
		}
	}
}

func TestReadTruthErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		data string
		want string
	}{
		{`{"a":"x","b":"y","inter":3,"union":2}`, "t.jsonl:1: inter 3 and union 2 inconsistent"},
		{"\n" + `{"a":"x"}`, "t.jsonl:2: pair without ids"},
		{`{"a":"x","b":`, "t.jsonl:1:"},
		{`{"a":"x","b":"y","jaccard_5gram":0.5}` + "\n" + `{"a":"x","b":"x","jaccard_5gram":1}`, `t.jsonl:2: pair of "x" with itself`},
		// a similarity out of range went in the [1, 1] bucket of the
		// histogram; a missing one counted as 0
		{`{"a":"x","b":"y","jaccard_5gram":7.5}`, "t.jsonl:1: jaccard_5gram 7.5 outside [0, 1]"},
		{`{"a":"x","b":"y","jaccard_5gram":-0.1,"inter":1,"union":2}`, "t.jsonl:1: jaccard_5gram -0.1 outside [0, 1]"},
		{`{"a":"x","b":"y","kind":"near"}`, "t.jsonl:1: pair without a similarity"},
		{"", "t.jsonl: no truth pairs"},
		{"\n\n", "t.jsonl: no truth pairs"},
	}
	for _, tt := range tests {
		path := filepath.Join(dir, "t.jsonl")
		require.NoError(t, os.WriteFile(path, []byte(tt.data), 0o644))
		_, err := ReadTruth(path)
		require.ErrorContains(t, err, tt.want)
	}
	path := filepath.Join(dir, "c.jsonl")
	require.NoError(t, os.WriteFile(path, []byte(`{"threshold":0.5,"cluster":0,"members":["a"]}`), 0o644))
	_, err := ReadClusters(path)
	require.ErrorContains(t, err, "1 members")
}

func TestReadTruth(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "t.jsonl")
	require.NoError(t, os.WriteFile(path, []byte(`{"a": "x", "b": "y", "kind": "near", "jaccard_5gram": 0.666667, "inter": 2, "union": 3}`+"\n\n"), 0o644))
	ps, err := ReadTruth(path)
	require.NoError(t, err)
	require.Equal(t, []TruthPair{{A: "x", B: "y", Kind: "near", Jaccard: 0.666667, Inter: 2, Union: 3, Line: 1}}, ps)
	require.Equal(t, 2.0/3, ps[0].Similarity())
	path = filepath.Join(dir, "c.jsonl")
	require.NoError(t, os.WriteFile(path, []byte(`{"threshold":0.5,"cluster":0,"members":["a","b"]}`), 0o644))
	cs, err := ReadClusters(path)
	require.NoError(t, err)
	require.Equal(t, []TruthCluster{{Threshold: 0.5, Members: []string{"a", "b"}}}, cs)
}

// TestPRF checks the one rule for 0/0 that the pair, paragraph and
// character scores share.
func TestPRF(t *testing.T) {
	tests := []struct {
		tp, fp, fn int
		p, r, f    float64
	}{
		{0, 0, 0, 1, 1, 1}, // nothing to find, nothing found
		{0, 0, 3, 1, 0, 0}, // nothing found
		{0, 2, 0, 0, 1, 0}, // nothing to find, something found
		{2, 2, 0, 0.5, 1, 2.0 / 3},
	}
	for _, tt := range tests {
		p, r, f := prf(tt.tp, tt.fp, tt.fn)
		require.Equal(t, [3]float64{tt.p, tt.r, tt.f}, [3]float64{p, r, f}, "%+v", tt)
		p64, r64, f64 := prf(int64(tt.tp), int64(tt.fp), int64(tt.fn))
		require.Equal(t, [3]float64{p, r, f}, [3]float64{p64, r64, f64})
	}
	var s BoilerScores
	s.finish()
	require.Equal(t, [6]float64{1, 1, 1, 1, 1, 1}, [6]float64{s.Precision, s.Recall, s.F1, s.CharPrecision, s.CharRecall, s.CharF1})
	require.Equal(t, PairScore{Precision: 1, Recall: 1, F1: 1}, scorePairs(nil, nil, 0.8))
}

func TestScorePairs(t *testing.T) {
	truth := map[pairKey]float64{{1, 2}: 0.9, {1, 3}: 0.85, {2, 3}: 0.6, {4, 5}: 1}
	pred := map[pairKey]struct{}{{1, 2}: {}, {2, 3}: {}, {4, 5}: {}, {6, 7}: {}}
	got := scorePairs(truth, pred, 0.8)
	want := PairScore{Precision: 0.5, Recall: 2.0 / 3, TP: 2, FP: 2, FN: 1}
	require.InDelta(t, 4.0/7, got.F1, 1e-12) // 2PR/(P+R) = (2/3)/(7/6)
	got.F1 = 0
	require.Equal(t, want, got)
	bs := scoreBuckets(truth, pred)
	require.Len(t, bs, len(bucketEdges))
	byLo := map[float64]Bucket{}
	for _, b := range bs {
		byLo[b.Lo] = b
	}
	require.Equal(t, Bucket{Lo: 0.8, Hi: 0.9, Truth: 1, Found: 0, Recall: 0}, byLo[0.8])
	require.Equal(t, Bucket{Lo: 0.9, Hi: 1, Truth: 1, Found: 1, Recall: 1}, byLo[0.9])
	require.Equal(t, Bucket{Lo: 1, Hi: 1, Truth: 1, Found: 1, Recall: 1}, byLo[1])
	require.Equal(t, Bucket{Lo: 0.2, Hi: 0.3, Recall: 1}, byLo[0.2])
}
