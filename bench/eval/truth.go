package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/neardup/dedupe/records"
)

// TruthPair is one line of a truth file (truth.jsonl.gz, para_truth.jsonl.gz;
// format in ../shared/data/README.md): two documents, or two paragraphs
// "<docid>#p<i>" of one document, with the exact Jaccard similarity of their
// word 5-gram sets.
type TruthPair struct {
	A       string  `json:"a"`
	B       string  `json:"b"`
	Kind    string  `json:"kind"` // exact, near or different
	Jaccard float64 `json:"jaccard_5gram"`
	Inter   int     `json:"inter"`
	Union   int     `json:"union"`
}

// Similarity returns the exact Jaccard similarity Inter/Union, as a float64
// computed the way shingle.Jaccard computes it (Jaccard is rounded to six
// decimals in the files).
func (p TruthPair) Similarity() float64 {
	if p.Union == 0 {
		return p.Jaccard
	}
	return float64(p.Inter) / float64(p.Union)
}

// TruthCluster is one line of clusters.jsonl.gz: a connected component of
// the truth pairs at or above Threshold.
type TruthCluster struct {
	Threshold float64  `json:"threshold"`
	Cluster   int      `json:"cluster"`
	Members   []string `json:"members"`
}

// ReadTruth reads a truth or paragraph-truth file (plain, gzip or zstd JSON
// Lines). Errors name the file and line.
func ReadTruth(path string) ([]TruthPair, error) {
	var out []TruthPair
	err := readJSONL(path, func(r *records.Lines, line []byte) error {
		var p TruthPair
		if err := json.Unmarshal(line, &p); err != nil {
			return r.Errorf("%v", err)
		}
		if p.A == "" || p.B == "" {
			return r.Errorf("pair without ids a and b")
		}
		if p.Inter < 0 || p.Union < p.Inter {
			return r.Errorf("inter %d and union %d inconsistent", p.Inter, p.Union)
		}
		out = append(out, p)
		return nil
	})
	return out, err
}

// ReadClusters reads a clusters file. Errors name the file and line.
func ReadClusters(path string) ([]TruthCluster, error) {
	var out []TruthCluster
	err := readJSONL(path, func(r *records.Lines, line []byte) error {
		var c TruthCluster
		if err := json.Unmarshal(line, &c); err != nil {
			return r.Errorf("%v", err)
		}
		if len(c.Members) < 2 {
			return r.Errorf("cluster %d has %d members", c.Cluster, len(c.Members))
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// ParseParagraphID splits a paragraph id "<docid>#p<i>" into the document id
// and the paragraph index.
func ParseParagraphID(id string) (doc string, index int, err error) {
	i := strings.LastIndex(id, "#p")
	if i < 0 {
		return "", 0, fmt.Errorf("eval: paragraph id %q lacks #p<i>", id)
	}
	n, err := strconv.Atoi(id[i+2:])
	if err != nil || n < 0 {
		return "", 0, fmt.Errorf("eval: paragraph id %q: bad index", id)
	}
	return id[:i], n, nil
}

// Document is one line of a corpus file.
type Document struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// ReadCorpus calls fn for each document of a corpus file, in file order.
// Errors name the file and line.
func ReadCorpus(path string, fn func(Document) error) error {
	return readJSONL(path, func(r *records.Lines, line []byte) error {
		var d Document
		if err := json.Unmarshal(line, &d); err != nil {
			return r.Errorf("%v", err)
		}
		if d.ID == "" {
			return r.Errorf("document without id")
		}
		if err := fn(d); err != nil {
			return r.Errorf("%v", err)
		}
		return nil
	})
}

// readJSONL calls fn for each non-blank line of path.
func readJSONL(path string, fn func(*records.Lines, []byte) error) error {
	f, err := records.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := records.NewLines(f, path)
	for {
		line, err := r.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if err := fn(r, line); err != nil {
			return err
		}
	}
}

// pairKey identifies an unordered pair of items (documents, or paragraphs
// coded as doc<<32|index), a < b.
type pairKey struct{ a, b int64 }

func newPairKey(a, b int64) pairKey {
	if a > b {
		a, b = b, a
	}
	return pairKey{a, b}
}

// PairScore is the pair precision, recall and F1 of a set of predicted pairs
// against the truth positives (pairs at or above the threshold).
type PairScore struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
}

// Bucket is the share of the truth pairs with similarity in [Lo, Hi) that
// were predicted (Hi = Lo = 1 for identical sets). Below the threshold,
// Found counts false positives among hard negatives.
type Bucket struct {
	Lo     float64 `json:"lo"`
	Hi     float64 `json:"hi"`
	Truth  int     `json:"truth"`
	Found  int     `json:"found"`
	Recall float64 `json:"recall"`
}

// scorePairs scores predicted pairs against truth (pair → exact similarity;
// unlisted pairs are negatives) at threshold t.
func scorePairs(truth map[pairKey]float64, pred map[pairKey]struct{}, t float64) PairScore {
	var s PairScore
	for k := range pred {
		if sim, ok := truth[k]; ok && sim >= t {
			s.TP++
		} else {
			s.FP++
		}
	}
	for _, sim := range truth {
		if sim >= t {
			s.FN++
		}
	}
	s.FN -= s.TP
	s.Precision = ratio(s.TP, s.TP+s.FP)
	s.Recall = ratio(s.TP, s.TP+s.FN)
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	return s
}

// ratio returns a/b, or 1 when b is 0 (nothing to find, nothing wrong).
func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// bucketEdges are the lower edges of the similarity buckets; the last
// bucket holds identical sets.
var bucketEdges = []float64{0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1}

func scoreBuckets(truth map[pairKey]float64, pred map[pairKey]struct{}) []Bucket {
	bs := make([]Bucket, len(bucketEdges))
	for i, lo := range bucketEdges {
		bs[i].Lo, bs[i].Hi = lo, 1
		if i+1 < len(bucketEdges) {
			bs[i].Hi = bucketEdges[i+1]
		}
	}
	for k, sim := range truth {
		i := len(bucketEdges) - 1
		for i > 0 && sim < bucketEdges[i] {
			i--
		}
		bs[i].Truth++
		if _, ok := pred[k]; ok {
			bs[i].Found++
		}
	}
	for i := range bs {
		bs[i].Recall = ratio(bs[i].Found, bs[i].Truth)
	}
	return bs
}
