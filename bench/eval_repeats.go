package bench

import (
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/neardup/dedupe/repeats"
	"github.com/neardup/dedupe/shingle"
)

// RepeatsConfig configures EvalRepeats; the fields mirror the flags of
// "dedupe eval repeats". The zero value of each optional field is its
// default, which follows the paragraph truth's definition.
type RepeatsConfig struct {
	Corpus    string  // corpus.jsonl(.gz): {"id", "text"}
	Truth     string  // para_truth.jsonl(.gz)
	Threshold float64 // 0 means 0.8
	MinWords  int     // 0 means 10
	// Normalize is "whitespace" (default, "": the truth's tokens) or "fold"
	// (the library's default).
	Normalize string
	// Split is "blank" (default, "": the truth's paragraphs, runs of
	// non-blank lines), "auto" (the library's default) or "lines".
	Split string
	// Workers is the number of goroutines; 0 means GOMAXPROCS. The report
	// does not depend on it (except timings).
	Workers int
}

// RepeatsReport is the result of EvalRepeats; it marshals to one JSON
// object. Precision, Recall, F1, TP, FP and FN score the verified paragraph
// pairs; GroupPairs scores every pair of the reported groups instead.
type RepeatsReport struct {
	Corpus    string  `json:"corpus"`
	Threshold float64 `json:"threshold"`
	MinWords  int     `json:"min_words"`
	Normalize string  `json:"normalize"`
	Split     string  `json:"split"`
	Docs      int     `json:"docs"`
	PairScore
	Predicted  int       `json:"predicted"`
	Groups     int       `json:"groups"`
	GroupPairs PairScore `json:"group_pairs"`
	Buckets    []Bucket  `json:"buckets"`
	Seconds    float64   `json:"seconds"`
}

// EvalRepeats finds the repeated paragraphs of each document of a corpus
// with repeats.Finder and scores them against a paragraph truth file,
// following the protocol of ../shared/data/README.md.
func EvalRepeats(cfg RepeatsConfig) (RepeatsReport, error) {
	start := time.Now()
	if cfg.Threshold == 0 {
		cfg.Threshold = repeats.DefaultThreshold
	}
	if !(cfg.Threshold > 0 && cfg.Threshold <= 1) {
		return RepeatsReport{}, fmt.Errorf("bench: threshold %v outside (0, 1]", cfg.Threshold)
	}
	if cfg.MinWords == 0 {
		cfg.MinWords = repeats.DefaultMinWords
	}
	opts := repeats.Options{Threshold: cfg.Threshold, MinWords: cfg.MinWords}
	switch cfg.Normalize {
	case "", "whitespace":
		cfg.Normalize = "whitespace"
		opts.Shingle.Normalization = shingle.Whitespace
	case "fold":
	default:
		return RepeatsReport{}, fmt.Errorf("bench: -normalize %q: want whitespace or fold", cfg.Normalize)
	}
	switch cfg.Split {
	case "", "blank":
		cfg.Split = "blank"
		opts.Split = shingle.Blank
	case "auto":
		opts.Split = shingle.Auto
	case "lines":
		opts.Split = shingle.Lines
	default:
		return RepeatsReport{}, fmt.Errorf("bench: -split %q: want blank, auto or lines", cfg.Split)
	}
	rep := RepeatsReport{Corpus: cfg.Corpus, Threshold: cfg.Threshold, MinWords: cfg.MinWords, Normalize: cfg.Normalize, Split: cfg.Split}

	truth, err := ReadTruth(cfg.Truth)
	if err != nil {
		return rep, err
	}
	docs := make(map[string]int64)
	type tpair struct {
		doc  string
		a, b int
		sim  float64
	}
	tps := make([]tpair, 0, len(truth))
	for _, p := range truth {
		da, ia, err := ParseParagraphID(p.A)
		if err != nil {
			return rep, fmt.Errorf("%s: %w", cfg.Truth, err)
		}
		db, ib, err := ParseParagraphID(p.B)
		if err != nil {
			return rep, fmt.Errorf("%s: %w", cfg.Truth, err)
		}
		if da != db {
			return rep, fmt.Errorf("bench: %s: pair %s %s spans two documents", cfg.Truth, p.A, p.B)
		}
		tps = append(tps, tpair{da, ia, ib, p.Similarity()})
	}

	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type job struct {
		doc  int64
		text string
	}
	type result struct {
		pairs  []pairKey
		groups [][]pairKey
		ngroup int
	}
	jobs := make(chan job, 16)
	results := make(chan result, 16)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := repeats.New(opts)
			var ps []repeats.Pair
			for j := range jobs {
				text := []byte(j.text)
				ps = f.Pairs(ps[:0], text)
				var r result
				for _, p := range ps {
					r.pairs = append(r.pairs, newPairKey(j.doc<<32|int64(p.A.Index), j.doc<<32|int64(p.B.Index)))
				}
				for _, g := range f.Groups(text) {
					r.ngroup++
					var gp []pairKey
					for i, a := range g.Paragraphs {
						for _, b := range g.Paragraphs[i+1:] {
							gp = append(gp, newPairKey(j.doc<<32|int64(a.Index), j.doc<<32|int64(b.Index)))
						}
					}
					r.groups = append(r.groups, gp)
				}
				results <- r
			}
		}()
	}
	pred := make(map[pairKey]struct{})
	gpred := make(map[pairKey]struct{})
	done := make(chan struct{})
	go func() {
		for r := range results {
			for _, k := range r.pairs {
				pred[k] = struct{}{}
			}
			for _, g := range r.groups {
				for _, k := range g {
					gpred[k] = struct{}{}
				}
			}
			rep.Groups += r.ngroup
		}
		close(done)
	}()
	err = ReadCorpus(cfg.Corpus, func(d Document) error {
		if _, dup := docs[d.ID]; dup {
			return fmt.Errorf("duplicate document id %q", d.ID)
		}
		n := int64(len(docs))
		docs[d.ID] = n
		jobs <- job{doc: n, text: d.Text}
		return nil
	})
	close(jobs)
	wg.Wait()
	close(results)
	<-done
	if err != nil {
		return rep, err
	}
	rep.Docs = len(docs)

	tm := make(map[pairKey]float64, len(tps))
	for _, p := range tps {
		d, ok := docs[p.doc]
		if !ok {
			return rep, fmt.Errorf("bench: %s: document %s not in the corpus", cfg.Truth, p.doc)
		}
		tm[newPairKey(d<<32|int64(p.a), d<<32|int64(p.b))] = p.sim
	}
	rep.Predicted = len(pred)
	rep.PairScore = scorePairs(tm, pred, cfg.Threshold)
	rep.GroupPairs = scorePairs(tm, gpred, cfg.Threshold)
	rep.Buckets = scoreBuckets(tm, pred)
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}
