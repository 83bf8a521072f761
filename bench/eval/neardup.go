package eval

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/neardup/dedupe"
	"github.com/neardup/dedupe/lsh"
	"github.com/neardup/dedupe/minhash"
	"github.com/neardup/dedupe/records"
	"github.com/neardup/dedupe/shingle"
)

// NearDupConfig configures NearDup; the fields mirror the flags of
// "dedupe eval neardup" and map to the dedupe.Options of the command
// ("dedupe find"). The zero value of each optional field is its default.
type NearDupConfig struct {
	Corpus string // the corpus: JSON Lines (plain, gzip or zstd) {"id", "text"}
	Truth  string // truth.jsonl(.gz)
	// Clusters, when set, is a clusters.jsonl(.gz) file: the report then
	// counts the truth clusters at Threshold reproduced exactly.
	Clusters  string
	Threshold float64 // 0 means dedupe.DefaultThreshold
	Normalize string  // "fold" (default, "") or "whitespace" (the truth's)
	Verify    string  // "exact" (default, "") or "estimate"
	K         int     // signature size, 0 means dedupe.DefaultNumPerm
	Seed      uint64  // seed of shingles and signatures
	// Recall is dedupe.Options.Recall, the probability that a pair at the
	// threshold becomes a candidate; 0 means the command's,
	// dedupe.DefaultRecall.
	Recall float64
	// Workers is dedupe.Options.Workers; 0 means GOMAXPROCS. The report
	// does not depend on it (except timings).
	Workers int
	// Progress is dedupe.Options.Progress (a command's progress line).
	Progress func(dedupe.Progress)
}

// NearDupReport is the result of NearDup; it marshals to one JSON object.
// Precision, Recall, F1, TP, FP and FN score the verified pairs that
// dedupe.Find reports (the honest measure of the detector); ClusterPairs
// scores instead every pair of its clusters, which single link makes
// transitive.
type NearDupReport struct {
	Corpus    string  `json:"corpus"`
	Threshold float64 `json:"threshold"`
	Normalize string  `json:"normalize"`
	Verify    string  `json:"verify"`
	K         int     `json:"k"`
	Bands     int     `json:"bands"`
	Rows      int     `json:"rows"`
	Docs      int     `json:"docs"`
	PairScore
	// Candidates is the number of distinct candidate pairs from the index.
	Candidates int `json:"candidates"`
	// Predicted is the number of verified pairs.
	Predicted    int       `json:"predicted"`
	Buckets      []Bucket  `json:"buckets"`
	ClusterPairs PairScore `json:"cluster_pairs"`
	// Clusters is the number of reported clusters; TruthClusters and
	// ClustersMatched are set when NearDupConfig.Clusters is.
	Clusters        int `json:"clusters"`
	TruthClusters   int `json:"truth_clusters,omitempty"`
	ClustersMatched int `json:"clusters_matched,omitempty"`
	// EstimateError compares the signature estimate with the truth's exact
	// similarity on all truth pairs.
	EstimateError EstimateError `json:"estimate_error"`
	Seconds       Timings       `json:"seconds"`
}

// EstimateError summarises estimate - truth over pairs.
type EstimateError struct {
	Pairs   int     `json:"pairs"`
	Mean    float64 `json:"mean"`
	MeanAbs float64 `json:"mean_abs"`
	RMSE    float64 `json:"rmse"`
	MaxAbs  float64 `json:"max_abs"`
}

// Timings are wall-clock seconds of the evaluation's stages.
type Timings struct {
	// Read is reading the truth and the corpus, signing the documents of
	// the truth pairs for EstimateError.
	Read float64 `json:"read"`
	// Find is dedupe.Find: signatures, index, candidates, verification.
	Find  float64 `json:"find"`
	Total float64 `json:"total"`
}

// NearDup runs dedupe.Find, the near-duplicate path of the command (dedupe
// find, and the de-duplication of dedupe clean): its LSH bands, its
// streaming exact verification or its estimate, on a corpus at a threshold,
// and scores the pairs it reports against the truth, following the
// protocol of ../shared/data/README.md.
func NearDup(cfg NearDupConfig) (NearDupReport, error) {
	start := time.Now()
	opts, err := cfg.options()
	if err != nil {
		return NearDupReport{}, err
	}
	k := opts.Signature.K
	rep := NearDupReport{
		Corpus: cfg.Corpus, Threshold: opts.Threshold, Normalize: cfg.Normalize, Verify: opts.Verify.String(), K: k,
	}
	// The bands of Find (dedupe.Options.Recall), which serves a threshold
	// of 1 with the bands of 0.99.
	p := lsh.ParamsForRecall(k, min(opts.Threshold, 0.99), opts.Recall)
	rep.Bands, rep.Rows = p.Bands, p.Rows

	truth, err := ReadTruth(cfg.Truth)
	if err != nil {
		return rep, err
	}
	src := &records.Files{Paths: []string{cfg.Corpus}}
	defer src.Close()
	c, err := signTruth(src, truth, opts)
	if err != nil {
		return rep, err
	}
	rep.Docs = len(c.pos)
	rep.Seconds.Read = time.Since(start).Seconds()

	t0 := time.Now()
	found, err := dedupe.Find(context.Background(), src, opts)
	if err != nil {
		return rep, err
	}
	rep.Seconds.Find = time.Since(t0).Seconds()
	rep.Candidates, rep.Predicted, rep.Clusters = found.Candidates, len(found.Pairs), len(found.Clusters)
	if err := rep.score(cfg, c, truth, found); err != nil {
		return rep, err
	}
	rep.Seconds.Total = time.Since(start).Seconds()
	return rep, nil
}

// options checks cfg, fills in the names of its defaults and returns the
// dedupe.Options it selects (the Options validate the numbers).
func (cfg *NearDupConfig) options() (dedupe.Options, error) {
	opts := dedupe.Options{
		Threshold: cfg.Threshold,
		Recall:    cfg.Recall,
		Shingle:   shingle.Options{Seed: cfg.Seed},
		Signature: minhash.Options{K: cfg.K, Seed: cfg.Seed},
		Workers:   cfg.Workers,
		Progress:  cfg.Progress,
		// Find compares the texts as they are; the cleaning steps do not
		// run, but the signer of the truth pairs is a Cleaner.
		NoRepeats: true, NoBoiler: true,
	}
	switch cfg.Normalize {
	case "", "fold":
		cfg.Normalize = "fold"
	case "whitespace":
		opts.Shingle.Normalization = shingle.Whitespace
	default:
		return opts, fmt.Errorf("eval: -normalize %q: want fold or whitespace", cfg.Normalize)
	}
	switch cfg.Verify {
	case "", "exact":
	case "estimate":
		opts.Verify = dedupe.Estimate
	default:
		return opts, fmt.Errorf("eval: -verify %q: want exact or estimate", cfg.Verify)
	}
	if opts.Threshold == 0 {
		opts.Threshold = dedupe.DefaultThreshold
	}
	if opts.Recall == 0 {
		opts.Recall = dedupe.DefaultRecall
	}
	if opts.Signature.K == 0 {
		opts.Signature.K = dedupe.DefaultNumPerm
	}
	if _, err := dedupe.NewCleaner(opts, nil); err != nil {
		return opts, fmt.Errorf("eval: %w", err)
	}
	return opts, nil
}

// corpus is what the evaluation reads of a corpus besides the pairs: the
// position of each document by id, and the signatures of the documents of
// the truth pairs.
type corpus struct {
	pos  map[string]int
	sigs map[string]minhash.Signature
}

// signTruth reads src once: it gives each document its position and signs
// the documents of the truth pairs with the engine's per-document step (a
// Cleaner for opts, which must switch the cleaning steps off), as
// dedupe.Find signs them.
func signTruth(src records.Source, truth []TruthPair, opts dedupe.Options) (*corpus, error) {
	w, err := dedupe.NewCleaner(opts, nil)
	if err != nil {
		return nil, err
	}
	need := make(map[string]bool, 2*len(truth))
	for _, p := range truth {
		need[p.A], need[p.B] = true, true
	}
	c := &corpus{sigs: map[string]minhash.Signature{}}
	c.pos, err = readCorpus(src, func(r *records.Record) {
		if need[r.ID] {
			c.sigs[r.ID] = w.Clean(r).Signature
		}
	})
	return c, err
}

// score fills in the scores of the pairs and clusters found against the
// truth.
func (rep *NearDupReport) score(cfg NearDupConfig, c *corpus, truth []TruthPair, found *dedupe.Found) error {
	tm := make(map[pairKey]float64, len(truth))
	var ee errAcc
	for _, p := range truth {
		a, okA := c.pos[p.A]
		b, okB := c.pos[p.B]
		if !okA || !okB {
			return fmt.Errorf("eval: %s:%d: truth pair %s %s: id not in the corpus", cfg.Truth, p.Line, p.A, p.B)
		}
		tm[newPairKey(int64(a), int64(b))] = p.Similarity()
		ee.add(estimate(c.sigs[p.A], c.sigs[p.B]) - p.Similarity())
	}
	rep.EstimateError = ee.result()
	// Pairs and clusters name documents by index into found.IDs.
	at := make([]int64, len(found.IDs))
	for i, id := range found.IDs {
		at[i] = int64(c.pos[id])
	}
	pred := make(map[pairKey]struct{}, len(found.Pairs))
	for _, p := range found.Pairs {
		pred[newPairKey(at[p.A], at[p.B])] = struct{}{}
	}
	rep.PairScore = scorePairs(tm, pred, rep.Threshold)
	rep.Buckets = scoreBuckets(tm, pred)
	clusters := make([][]int64, len(found.Clusters))
	cpred := make(map[pairKey]struct{})
	for i, cl := range found.Clusters {
		for j, a := range cl {
			clusters[i] = append(clusters[i], at[a])
			for _, b := range cl[j+1:] {
				cpred[newPairKey(at[a], at[b])] = struct{}{}
			}
		}
	}
	rep.ClusterPairs = scorePairs(tm, cpred, rep.Threshold)
	if cfg.Clusters == "" {
		return nil
	}
	var err error
	rep.TruthClusters, rep.ClustersMatched, err = matchClusters(cfg.Clusters, rep.Threshold, c.pos, clusters)
	return err
}

// estimate returns the signature estimate of the similarity of two
// documents; a document without shingles has no signature, and shares
// nothing.
func estimate(a, b minhash.Signature) float64 {
	if a == nil || b == nil {
		return 0
	}
	return minhash.Similarity(a, b)
}

// matchClusters reads the truth clusters of path and returns how many are
// at threshold t and how many of those are among ours (by position).
func matchClusters(path string, t float64, pos map[string]int, ours [][]int64) (truth, matched int, err error) {
	tcs, err := ReadClusters(path)
	if err != nil {
		return 0, 0, err
	}
	keys := make(map[string]bool, len(ours))
	for _, cl := range ours {
		keys[clusterKey(cl)] = true
	}
	for _, tc := range tcs {
		if tc.Threshold != t {
			continue
		}
		truth++
		m := make([]int64, 0, len(tc.Members))
		for _, id := range tc.Members {
			i, ok := pos[id]
			if !ok {
				return 0, 0, fmt.Errorf("eval: %s: cluster %d: id %s not in the corpus", path, tc.Cluster, id)
			}
			m = append(m, int64(i))
		}
		slices.Sort(m)
		if keys[clusterKey(m)] {
			matched++
		}
	}
	return truth, matched, nil
}

// clusterKey names a cluster by its members in increasing order.
func clusterKey(ids []int64) string {
	var b strings.Builder
	for _, id := range ids {
		fmt.Fprintf(&b, "%d,", id)
	}
	return b.String()
}

type errAcc struct {
	n                  int
	sum, abs, sq, maxA float64
}

func (e *errAcc) add(d float64) {
	e.n++
	e.sum += d
	e.abs += math.Abs(d)
	e.sq += d * d
	e.maxA = max(e.maxA, math.Abs(d))
}

func (e *errAcc) result() EstimateError {
	if e.n == 0 {
		return EstimateError{}
	}
	n := float64(e.n)
	return EstimateError{Pairs: e.n, Mean: e.sum / n, MeanAbs: e.abs / n, RMSE: math.Sqrt(e.sq / n), MaxAbs: e.maxA}
}
