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
	Line    int     `json:"-"` // in the file, for errors
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
// Lines). Errors name the file and line. A file without pairs is an
// error: every score would be 0/0, and it is more likely the wrong file
// than a corpus without a duplicate.
func ReadTruth(path string) ([]TruthPair, error) {
	var out []TruthPair
	err := readJSONL(path, func(r *records.Lines, line []byte) error {
		var v struct {
			TruthPair
			J *float64 `json:"jaccard_5gram"` // to tell 0 from absent
		}
		if err := json.Unmarshal(line, &v); err != nil {
			return r.Errorf("%v", err)
		}
		p := v.TruthPair
		p.Line = r.Line()
		switch {
		case p.A == "" || p.B == "":
			return r.Errorf("pair without ids a and b")
		case p.A == p.B:
			return r.Errorf("pair of %q with itself", p.A)
		case p.Inter < 0 || p.Union < p.Inter:
			return r.Errorf("inter %d and union %d inconsistent", p.Inter, p.Union)
		case v.J == nil && p.Union == 0:
			return r.Errorf("pair without a similarity (jaccard_5gram, or inter and union)")
		case v.J != nil && !(*v.J >= 0 && *v.J <= 1):
			return r.Errorf("jaccard_5gram %v outside [0, 1]", *v.J)
		case v.J != nil:
			p.Jaccard = *v.J
		}
		out = append(out, p)
		return nil
	})
	if err == nil && len(out) == 0 {
		err = fmt.Errorf("eval: %s: no truth pairs", path)
	}
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

// readCorpus reads the corpus src once: it gives each document its
// position, checks that ids are unique, and calls fn (unless nil) with each
// decoded record, which fn must not keep.
func readCorpus(src records.Source, fn func(*records.Record)) (map[string]int, error) {
	pos := map[string]int{}
	err := src.Each(func(r *records.Record) error {
		defer r.Release()
		if err := r.Decode(); err != nil {
			return err
		}
		if _, dup := pos[r.ID]; dup {
			return fmt.Errorf("eval: %s:%d: duplicate document id %q", r.File, r.Line, r.ID)
		}
		pos[r.ID] = len(pos)
		if fn != nil {
			fn(r)
		}
		return nil
	})
	return pos, err
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
