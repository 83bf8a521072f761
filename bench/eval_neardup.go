package bench

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/neardup/dedupe/lsh"
	"github.com/neardup/dedupe/minhash"
	"github.com/neardup/dedupe/shingle"
)

// DefaultEvalRecall is the default NearDupConfig.Recall: the LSH parameters
// of EvalNearDup are lsh.ParamsForRecall(K, Threshold, 0.999), because exact
// verification removes extra candidates while a missed candidate is lost for
// good.
const DefaultEvalRecall = 0.999

// NearDupConfig configures EvalNearDup; the fields mirror the flags of
// "dedupe eval neardup". The zero value of each optional field is its
// default.
type NearDupConfig struct {
	Corpus string // corpus.jsonl(.gz): {"id", "text"}
	Truth  string // truth.jsonl(.gz)
	// Clusters, when set, is a clusters.jsonl(.gz) file: the report then
	// counts the truth clusters at Threshold reproduced exactly.
	Clusters  string
	Threshold float64 // 0 means 0.8
	Normalize string  // "fold" (default, "") or "whitespace" (the truth's)
	Verify    string  // "exact" (default, "") or "estimate"
	K         int     // signature size, 0 means 128
	Seed      uint64  // seed of shingles and signatures
	// Params are the LSH bands and rows; zero means
	// lsh.ParamsForRecall(K, Threshold, Recall).
	Params lsh.Params
	// Recall is the candidate probability required at the threshold when
	// Params is zero; 0 means DefaultEvalRecall.
	Recall float64
	// Workers is the number of goroutines shingling; 0 means GOMAXPROCS.
	// The report does not depend on it (except timings).
	Workers int
}

// NearDupReport is the result of EvalNearDup; it marshals to one JSON
// object. Precision, Recall, F1, TP, FP and FN score the verified pairs
// (the honest measure of the detector); ClusterPairs scores instead every
// pair of the reported clusters, which single link makes transitive.
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
	Sign  float64 `json:"sign"`  // read, shingle and sign the corpus
	Index float64 `json:"index"` // build the LSH index
	Pairs float64 `json:"pairs"` // candidates and verification
	Total float64 `json:"total"`
}

// EvalNearDup detects the near-duplicate pairs of a corpus at a threshold
// and scores them against the truth, following the protocol of
// ../shared/data/README.md.
func EvalNearDup(cfg NearDupConfig) (NearDupReport, error) {
	start := time.Now()
	if cfg.Threshold == 0 {
		cfg.Threshold = lsh.DefaultThreshold
	}
	if !(cfg.Threshold > 0 && cfg.Threshold <= 1) {
		return NearDupReport{}, fmt.Errorf("bench: threshold %v outside (0, 1]", cfg.Threshold)
	}
	var sopts shingle.Options
	switch cfg.Normalize {
	case "", "fold":
		cfg.Normalize = "fold"
	case "whitespace":
		sopts.Normalization = shingle.Whitespace
	default:
		return NearDupReport{}, fmt.Errorf("bench: -normalize %q: want fold or whitespace", cfg.Normalize)
	}
	switch cfg.Verify {
	case "", "exact":
		cfg.Verify = "exact"
	case "estimate":
	default:
		return NearDupReport{}, fmt.Errorf("bench: -verify %q: want exact or estimate", cfg.Verify)
	}
	if cfg.K == 0 {
		cfg.K = minhash.DefaultK
	}
	if cfg.Params == (lsh.Params{}) {
		if cfg.Recall == 0 {
			cfg.Recall = DefaultEvalRecall
		}
		cfg.Params = lsh.ParamsForRecall(cfg.K, cfg.Threshold, cfg.Recall)
	}
	sopts.Seed = cfg.Seed
	mopts := minhash.Options{K: cfg.K, Seed: cfg.Seed}
	rep := NearDupReport{
		Corpus: cfg.Corpus, Threshold: cfg.Threshold, Normalize: cfg.Normalize, Verify: cfg.Verify,
		K: cfg.K, Bands: cfg.Params.Bands, Rows: cfg.Params.Rows,
	}

	truth, err := ReadTruth(cfg.Truth)
	if err != nil {
		return rep, err
	}
	c, err := signCorpus(cfg.Corpus, sopts, mopts, cfg.Verify == "exact", cfg.Workers)
	if err != nil {
		return rep, err
	}
	rep.Docs = len(c.ids)
	rep.Seconds.Sign = time.Since(start).Seconds()

	t0 := time.Now()
	idx, err := lsh.New(cfg.K, lsh.Options{Threshold: cfg.Threshold, Params: cfg.Params, SizeHint: len(c.ids)})
	if err != nil {
		return rep, err
	}
	for i := range c.ids {
		if err := idx.Add(uint32(i), c.sig(i)); err != nil {
			return rep, err
		}
	}
	rep.Seconds.Index = time.Since(t0).Seconds()

	t0 = time.Now()
	var exact func(a, b uint32) float64
	if c.sets != nil {
		exact = func(a, b uint32) float64 { return shingle.Jaccard(c.sets[a], c.sets[b]) }
	}
	pairs, st := idx.Pairs(exact)
	rep.Candidates, rep.Predicted = st.Candidates, st.Verified
	rep.Seconds.Pairs = time.Since(t0).Seconds()

	// Score.
	pos := make(map[string]int64, len(c.ids))
	for i, id := range c.ids {
		pos[id] = int64(i)
	}
	tm := make(map[pairKey]float64, len(truth))
	var ee errAcc
	for _, p := range truth {
		a, okA := pos[p.A]
		b, okB := pos[p.B]
		if !okA || !okB {
			return rep, fmt.Errorf("bench: %s: truth pair %s %s: id not in the corpus", cfg.Truth, p.A, p.B)
		}
		tm[newPairKey(a, b)] = p.Similarity()
		ee.add(minhash.Similarity(c.sig(int(a)), c.sig(int(b))) - p.Similarity())
	}
	rep.EstimateError = ee.result()
	pred := make(map[pairKey]struct{}, len(pairs))
	for _, p := range pairs {
		pred[newPairKey(int64(p.A), int64(p.B))] = struct{}{}
	}
	rep.PairScore = scorePairs(tm, pred, cfg.Threshold)
	rep.Buckets = scoreBuckets(tm, pred)

	clusters := lsh.Clusters(pairs)
	rep.Clusters = len(clusters)
	cpred := make(map[pairKey]struct{})
	for _, cl := range clusters {
		for i, a := range cl {
			for _, b := range cl[i+1:] {
				cpred[newPairKey(int64(a), int64(b))] = struct{}{}
			}
		}
	}
	rep.ClusterPairs = scorePairs(tm, cpred, cfg.Threshold)
	if cfg.Clusters != "" {
		tcs, err := ReadClusters(cfg.Clusters)
		if err != nil {
			return rep, err
		}
		ours := make(map[string]bool, len(clusters))
		for _, cl := range clusters {
			ours[clusterKey(cl)] = true
		}
		for _, tc := range tcs {
			if tc.Threshold != cfg.Threshold {
				continue
			}
			rep.TruthClusters++
			m := make([]uint32, 0, len(tc.Members))
			for _, id := range tc.Members {
				i, ok := pos[id]
				if !ok {
					return rep, fmt.Errorf("bench: %s: cluster %d: id %s not in the corpus", cfg.Clusters, tc.Cluster, id)
				}
				m = append(m, uint32(i))
			}
			slices.Sort(m)
			if ours[clusterKey(m)] {
				rep.ClustersMatched++
			}
		}
	}
	rep.Seconds.Total = time.Since(start).Seconds()
	return rep, nil
}

func clusterKey(ids []uint32) string {
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

// signedCorpus holds the ids, signatures and (optionally) shingle sets of a
// corpus, by position in the file.
type signedCorpus struct {
	k    int
	ids  []string
	sigs []uint32
	sets [][]uint64
}

func (c *signedCorpus) sig(i int) []uint32 { return c.sigs[i*c.k : (i+1)*c.k] }

// signCorpus reads a corpus and computes each document's signature, and its
// shingle set when keepSets, with workers goroutines.
func signCorpus(path string, sopts shingle.Options, mopts minhash.Options, keepSets bool, workers int) (*signedCorpus, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	h := minhash.New(mopts)
	c := &signedCorpus{k: h.K()}
	type job struct {
		i    int
		text string
	}
	type result struct {
		i   int
		sig []uint32
		set []uint64
	}
	jobs := make(chan job, 64)
	results := make(chan result, 64)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sh := shingle.New(sopts)
			var buf []uint64
			for j := range jobs {
				buf = sh.AppendString(buf[:0], j.text)
				r := result{i: j.i, sig: h.Append(make([]uint32, 0, c.k), buf)}
				if keepSets {
					r.set = slices.Clone(shingle.Set(buf))
				}
				results <- r
			}
		}()
	}
	done := make(chan struct{})
	go func() {
		for r := range results {
			if need := (r.i + 1) * c.k; need > len(c.sigs) {
				c.sigs = append(c.sigs, make([]uint32, need-len(c.sigs))...)
			}
			copy(c.sig(r.i), r.sig)
			if keepSets {
				for len(c.sets) <= r.i {
					c.sets = append(c.sets, nil)
				}
				c.sets[r.i] = r.set
			}
		}
		close(done)
	}()
	err := ReadCorpus(path, func(d Document) error {
		jobs <- job{i: len(c.ids), text: d.Text}
		c.ids = append(c.ids, d.ID)
		return nil
	})
	close(jobs)
	wg.Wait()
	close(results)
	<-done
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(c.ids))
	for _, id := range c.ids {
		if seen[id] {
			return nil, fmt.Errorf("bench: %s: duplicate document id %q", path, id)
		}
		seen[id] = true
	}
	return c, nil
}
