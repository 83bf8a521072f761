package eval

import (
	"context"
	"fmt"
	"time"

	"github.com/neardup/dedupe"
	"github.com/neardup/dedupe/records"
	"github.com/neardup/dedupe/shingle"
	"github.com/neardup/dedupe/unionfind"
)

// RepeatsConfig configures Repeats; the fields mirror the flags of
// "dedupe eval repeats" and map to the dedupe.Options of "dedupe repeats".
// The zero value of each optional field is its default, which follows the
// paragraph truth's definition.
type RepeatsConfig struct {
	Corpus    string  // the corpus: JSON Lines (plain, gzip or zstd) {"id", "text"}
	Truth     string  // para_truth.jsonl(.gz)
	Threshold float64 // dedupe.Options.RepeatThreshold; 0 means 0.8
	MinWords  int     // dedupe.Options.MinWords; 0 means 10
	// Normalize is "whitespace" (default, "": the truth's tokens) or "fold"
	// (the command's default).
	Normalize string
	// Workers is the number of goroutines; 0 means GOMAXPROCS. The report
	// does not depend on it (except timings).
	Workers int
	// Progress is dedupe.Options.Progress (a command's progress line).
	Progress func(dedupe.Progress)
}

// RepeatsReport is the result of Repeats; it marshals to one JSON object.
//
// The engine reports groups of paragraphs: a paragraph that stays and the
// later paragraphs removed in its favour, each at least the threshold
// similar to it (repeats.Group). Precision, Recall, F1, TP, FP and FN
// score the groups as clusters, every pair of paragraphs inside a group,
// as the data's protocol does. A group is a star, not a clique: two
// paragraphs removed for the same one may be below the threshold to each
// other (an FP here), and a truth pair may fall across groups (an FN: a
// paragraph that resembles only a removed one stays, and a paragraph near
// two that stay is removed for the more similar).
//
// The removal scores judge the groups as the clean job uses them.
// RemovalPrecision is the share of the Removed paragraphs whose pair with
// the paragraph kept in their favour is a truth pair at or above the
// threshold: a true copy of a paragraph that stays. RemovalRecall is the
// share of the truth pairs at or above the threshold of which at least one
// paragraph is removed; BothKept counts the others, copies left in.
type RepeatsReport struct {
	Corpus    string  `json:"corpus"`
	Threshold float64 `json:"threshold"`
	MinWords  int     `json:"min_words"`
	Normalize string  `json:"normalize"`
	Docs      int     `json:"docs"`
	PairScore
	Predicted        int     `json:"predicted"` // pairs inside the groups
	Groups           int     `json:"groups"`
	Removed          int     `json:"removed"`
	RemovalPrecision float64 `json:"removal_precision"`
	RemovalRecall    float64 `json:"removal_recall"`
	BothKept         int     `json:"both_kept"`
	// ComponentPrecision: see above.
	ComponentPrecision float64  `json:"component_precision"`
	Buckets            []Bucket `json:"buckets"`
	Seconds            float64  `json:"seconds"`
}

// Repeats runs dedupe.Repeats, the command's repeated-paragraph finder,
// on each document of a corpus and scores the groups it reports against a
// paragraph truth file, following the protocol of
// ../shared/data/README.md. The engine cuts paragraphs with shingle.Auto,
// the truth at blank lines: the two agree on every text that has a blank
// line between paragraphs (on a text without one, Auto makes each line a
// paragraph, where the truth has one paragraph and so no pair).
func Repeats(cfg RepeatsConfig) (RepeatsReport, error) {
	start := time.Now()
	opts, err := cfg.options()
	if err != nil {
		return RepeatsReport{}, err
	}
	rep := RepeatsReport{Corpus: cfg.Corpus, Threshold: opts.RepeatThreshold, MinWords: opts.MinWords, Normalize: cfg.Normalize}
	truth, err := readParagraphTruth(cfg.Truth)
	if err != nil {
		return rep, err
	}
	src := &records.Files{Paths: []string{cfg.Corpus}}
	defer src.Close()
	pos, err := readCorpus(src, nil)
	if err != nil {
		return rep, err
	}
	rep.Docs = len(pos)
	tm := make(map[pairKey]float64, len(truth))
	for _, p := range truth {
		d, ok := pos[p.doc]
		if !ok {
			return rep, fmt.Errorf("eval: %s:%d: document %s not in the corpus", cfg.Truth, p.line, p.doc)
		}
		tm[paragraphPair(d, p.a, p.b)] = p.sim
	}

	pred := make(map[pairKey]struct{})
	var rs removals
	_, err = dedupe.Repeats(context.Background(), src, opts, func(id string, groups []dedupe.RepeatGroup) error {
		d := pos[id]
		for _, g := range groups {
			rep.Groups++
			rs.add(d, g.Paragraphs)
			for i, a := range g.Paragraphs {
				for _, b := range g.Paragraphs[i+1:] {
					pred[paragraphPair(d, a, b)] = struct{}{}
				}
			}
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	rep.Predicted = len(pred)
	rep.PairScore = scorePairs(tm, pred, opts.RepeatThreshold)
	rs.score(&rep, tm, opts.RepeatThreshold)
	rep.ComponentPrecision = componentPrecision(tm, opts.RepeatThreshold)
	rep.Buckets = scoreBuckets(tm, pred)
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}

// removals collects the removal decisions of the groups: the pairs of a
// removed paragraph and the one kept in its favour, and the removed
// paragraphs (keys as paragraphPair's halves).
type removals struct {
	kept    []pairKey
	removed map[int64]bool
}

// add records group g (paragraph indices, the kept one first) of the
// document at position doc.
func (rs *removals) add(doc int, g []int) {
	if rs.removed == nil {
		rs.removed = make(map[int64]bool)
	}
	d := int64(doc) << 32
	for _, p := range g[1:] {
		rs.kept = append(rs.kept, paragraphPair(doc, g[0], p))
		rs.removed[d|int64(p)] = true
	}
}

// score fills in the removal scores of rep against the truth tm at
// threshold t.
func (rs *removals) score(rep *RepeatsReport, tm map[pairKey]float64, t float64) {
	good := 0
	for _, k := range rs.kept {
		if sim, ok := tm[k]; ok && sim >= t {
			good++
		}
	}
	pos := 0
	for k, sim := range tm {
		if sim < t {
			continue
		}
		pos++
		if !rs.removed[k.a] && !rs.removed[k.b] {
			rep.BothKept++
		}
	}
	rep.Removed = len(rs.kept)
	rep.RemovalPrecision = ratio(good, len(rs.kept))
	rep.RemovalRecall = ratio(pos-rep.BothKept, pos)
}

// componentPrecision is the precision of the connected components of the
// truth pairs of tm at or above t, scored as clusters.
func componentPrecision(tm map[pairKey]float64, t float64) float64 {
	id := make(map[int64]int)
	node := func(k int64) int {
		i, ok := id[k]
		if !ok {
			i = len(id)
			id[k] = i
		}
		return i
	}
	var edges [][2]int
	for k, sim := range tm {
		if sim >= t {
			edges = append(edges, [2]int{node(k.a), node(k.b)})
		}
	}
	f := unionfind.New(len(id))
	for _, e := range edges {
		f.Union(e[0], e[1])
	}
	inside := 0
	for _, g := range f.Groups() {
		inside += len(g) * (len(g) - 1) / 2
	}
	return ratio(len(edges), inside)
}

// options checks cfg, fills in the names of its defaults and returns the
// dedupe.Options it selects (the Options validate the numbers).
func (cfg *RepeatsConfig) options() (dedupe.Options, error) {
	opts := dedupe.Options{
		RepeatThreshold: cfg.Threshold,
		MinWords:        cfg.MinWords,
		Workers:         cfg.Workers,
		Progress:        cfg.Progress,
	}
	switch cfg.Normalize {
	case "", "whitespace":
		cfg.Normalize = "whitespace"
		opts.Shingle.Normalization = shingle.Whitespace
	case "fold":
	default:
		return opts, fmt.Errorf("eval: -normalize %q: want whitespace or fold", cfg.Normalize)
	}
	if opts.RepeatThreshold == 0 {
		opts.RepeatThreshold = dedupe.DefaultRepeatThreshold
	}
	if opts.MinWords == 0 {
		opts.MinWords = dedupe.DefaultMinWords
	}
	if _, err := dedupe.NewCleaner(opts, nil); err != nil {
		return opts, fmt.Errorf("eval: %w", err)
	}
	return opts, nil
}

// paragraphPair is the key of paragraphs a and b of the document at
// position doc.
func paragraphPair(doc, a, b int) pairKey {
	d := int64(doc) << 32
	return newPairKey(d|int64(a), d|int64(b))
}

// paragraphTruth is a pair of the paragraph truth: paragraphs a and b of
// document doc, and their exact similarity.
type paragraphTruth struct {
	doc  string
	a, b int
	sim  float64
	line int // in the file
}

// readParagraphTruth reads a paragraph truth file, whose pairs name
// paragraphs "<docid>#p<i>" of one document.
func readParagraphTruth(path string) ([]paragraphTruth, error) {
	truth, err := ReadTruth(path)
	if err != nil {
		return nil, err
	}
	tps := make([]paragraphTruth, 0, len(truth))
	for _, p := range truth {
		da, ia, err := ParseParagraphID(p.A)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, p.Line, err)
		}
		db, ib, err := ParseParagraphID(p.B)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, p.Line, err)
		}
		if da != db {
			return nil, fmt.Errorf("eval: %s:%d: pair %s %s spans two documents", path, p.Line, p.A, p.B)
		}
		tps = append(tps, paragraphTruth{da, ia, ib, p.Similarity(), p.Line})
	}
	return tps, nil
}
