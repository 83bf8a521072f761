package dedupe

import (
	"fmt"
	"math"
	"os"
	"runtime"

	"github.com/neardup/dedupe/boiler"
	"github.com/neardup/dedupe/lsh"
	"github.com/neardup/dedupe/minhash"
	"github.com/neardup/dedupe/records"
	"github.com/neardup/dedupe/repeats"
	"github.com/neardup/dedupe/shingle"
)

// Verify selects how candidate pairs are verified.
type Verify uint8

const (
	// Exact verifies a candidate pair by the exact Jaccard similarity of
	// the two shingle sets, computed in a last pass that reads the cleaned
	// texts back. It is the default.
	Exact Verify = iota
	// Estimate verifies by the MinHash estimate, in the same pass: faster,
	// but a pair just below the threshold may be removed and one just above
	// kept.
	Estimate
)

// String returns "exact" or "estimate".
func (v Verify) String() string {
	if v == Estimate {
		return "estimate"
	}
	return "exact"
}

// Defaults of Options.
const (
	DefaultThreshold       = 0.8               // Options.Threshold
	DefaultRecall          = lsh.DefaultRecall // Options.Recall: 0.999
	DefaultNumPerm         = 128               // Options.Signature.K
	DefaultRepeatThreshold = 0.8               // Options.RepeatThreshold
	DefaultMinWords        = 10                // Options.MinWords
	MaxWorkersPerCPU       = 4                 // Options.Workers
)

// Options configure the clean job. The zero value is the default of the
// command (dedupe clean): every step on, word 5-shingles with fold
// normalisation, 128-value signatures, near-duplicates at Jaccard 0.8 with
// LSH bands that make a pair at the threshold a candidate with probability
// 0.999, exact verification, repeated paragraphs at 0.8 among paragraphs of
// at least 10 words, boilerplate learned from the corpus itself.
type Options struct {
	// Threshold is the Jaccard similarity of near-duplicates, in (0, 1]; a
	// document is removed when it is at least this similar to an earlier
	// kept one. 0 means DefaultThreshold.
	Threshold float64
	// Recall is the probability, in (0, 1), that a pair of documents at the
	// threshold becomes a candidate (the LSH bands are
	// lsh.ParamsForRecall(Signature.K, Threshold, Recall)); candidates are
	// always verified, so an extra candidate costs a comparison, not
	// precision, while a missed one is a duplicate left in. 0 means
	// DefaultRecall, 0.999: at 0.99 (16 bands of 6 rows at 0.8) the command
	// missed 2 of the 145 pairs at or above 0.8 of the RFC development
	// corpus (a pair at J 0.82 whose signature estimate is 0.73); at 0.999
	// (18 bands of 5) it finds them all, for 45% more candidate pairs there
	// and 10 times more at threshold 0.5 (40,597), all verified.
	Recall float64
	// Shingle configures the shingles compared (normalisation, k, unit,
	// seed); the zero value is fold normalisation and word 5-shingles.
	Shingle shingle.Options
	// Signature configures the MinHash signatures (length K, family,
	// seed); the zero value is one-permutation signatures of
	// DefaultNumPerm values.
	Signature minhash.Options
	// Verify selects how candidate pairs are verified; the zero value is
	// Exact.
	Verify Verify

	// RepeatThreshold is the Jaccard similarity of repeated paragraphs, in
	// (0, 1]; 0 means DefaultRepeatThreshold.
	RepeatThreshold float64
	// MinWords: paragraphs with fewer words are never repeats. 0 means
	// DefaultMinWords; 1 considers every paragraph. (Boilerplate removal
	// still removes a later exact copy of a paragraph it keeps, logged as
	// a repeat, unless NoRepeats.)
	MinWords int

	// NoRepeats, NoBoiler and NoDedup switch a step off: repeated
	// paragraphs, site boilerplate, near-duplicate documents.
	NoRepeats, NoBoiler, NoDedup bool
	// Model is the boilerplate model to strip with instead of learning one
	// from the corpus (which costs a pass); nil means learn.
	Model *boiler.Model
	// Mark keeps every document, unchanged, and adds to each output record
	// what the steps found instead of removing it (the removal log is
	// written as without Mark): "removed_paragraphs" (the paragraphs that
	// would go, with why, reason, score, similarity; a line that would be
	// cut from a paragraph that stays is an entry with that paragraph's
	// index and its "line_index", as in the log), "empty" (every
	// paragraph would go), "dup_of" and "similarity" (the kept document
	// a near-duplicate would be removed for) and "cluster" (the id of the
	// kept document of its group, on the kept document too), so that
	// users can filter later. A member of the input record with one of
	// these names is replaced, when the run writes that name, rather than
	// given twice (a corpus marked again). It needs exact verification and
	// a Sink that can annotate records (records.JSONL).
	Mark bool

	// Workers is the number of goroutines; 0 means runtime.GOMAXPROCS(0),
	// and more than MaxWorkersPerCPU per CPU are that many (each holds a
	// few batches of documents in memory, for no gain in speed). The
	// output does not depend on it.
	Workers int
	// TempDir is where the spool of exact verification is written; ""
	// means os.TempDir().
	TempDir string
	// Temps registers the temporary files of the run, so that an
	// interrupted program can remove them; nil means none.
	Temps *records.Temps
	// Progress, when not nil, is called after each batch of documents of
	// each pass, from one goroutine at a time.
	Progress func(Progress)

	// batchDocs bounds the documents of a pipeline batch; 0 means
	// batchDocs (tests make batches small to get many out of a small
	// corpus).
	batchDocs int
	// maxCandidates bounds the candidates of a document in Clean; 0 means
	// MaxCandidates, negative no bound (tests).
	maxCandidates int
	// verifyMemory is the budget of the sets that exact verification
	// holds; 0 means DefaultVerifyMemory (tests make it tiny).
	verifyMemory int64
}

// Progress reports the documents and input bytes a pass has read so far.
type Progress struct {
	Pass        string // "learn", "clean", "verify", "find", ...
	Docs, Bytes int64
}

// config is Options checked, with defaults filled in and the settings of
// the packages derived.
type config struct {
	Options
	so     shingle.Options
	mo     minhash.Options
	params lsh.Params
	rep    repeats.Options
}

// check validates o and returns the config it selects. Errors name the
// option and its range.
func (o Options) check() (*config, error) {
	c := &config{Options: o}
	if c.Threshold == 0 {
		c.Threshold = DefaultThreshold
	}
	if c.Recall == 0 {
		c.Recall = DefaultRecall
	}
	if c.Signature.K == 0 {
		c.Signature.K = DefaultNumPerm
	}
	if c.RepeatThreshold == 0 {
		c.RepeatThreshold = DefaultRepeatThreshold
	}
	if c.MinWords == 0 {
		c.MinWords = DefaultMinWords
	}
	if c.Workers == 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	c.Workers = min(c.Workers, MaxWorkersPerCPU*runtime.NumCPU())
	if c.Shingle.K == 0 {
		c.Shingle.K = shingle.DefaultK
	}
	if c.maxCandidates == 0 {
		c.maxCandidates = MaxCandidates
	}
	if c.verifyMemory == 0 {
		c.verifyMemory = DefaultVerifyMemory
	}
	if c.TempDir == "" {
		c.TempDir = os.TempDir()
	}
	switch {
	case !inRange(c.Threshold, 0, 1, false, true):
		return nil, fmt.Errorf("dedupe: threshold must be in (0, 1], not %v", c.Threshold)
	case !inRange(c.Recall, 0, 1, false, false):
		return nil, fmt.Errorf("dedupe: recall must be in (0, 1), not %v", c.Recall)
	case !inRange(c.RepeatThreshold, 0, 1, false, true):
		return nil, fmt.Errorf("dedupe: repeat threshold must be in (0, 1], not %v", c.RepeatThreshold)
	case c.Shingle.K < 1 || c.Shingle.K > 64:
		return nil, fmt.Errorf("dedupe: shingle size k must be in [1, 64], not %d", c.Shingle.K)
	case c.Signature.K < 8 || c.Signature.K > 1024:
		return nil, fmt.Errorf("dedupe: signature length must be in [8, 1024], not %d", c.Signature.K)
	case c.Shingle.Normalization > shingle.Whitespace:
		return nil, fmt.Errorf("dedupe: unknown shingle normalisation %v", c.Shingle.Normalization)
	case c.Shingle.Unit > shingle.Runes:
		return nil, fmt.Errorf("dedupe: unknown shingle unit %v", c.Shingle.Unit)
	case c.Signature.Family > minhash.Classic:
		return nil, fmt.Errorf("dedupe: unknown signature family %d", c.Signature.Family)
	case c.MinWords < 1:
		return nil, fmt.Errorf("dedupe: minimum words must be at least 1, not %d", c.MinWords)
	case c.Workers < 1:
		return nil, fmt.Errorf("dedupe: workers must be at least 1, not %d", c.Workers)
	case c.Verify > Estimate:
		return nil, fmt.Errorf("dedupe: unknown verification %d", c.Verify)
	case c.Mark && c.Verify != Exact:
		return nil, fmt.Errorf("dedupe: marking needs exact verification")
	}
	c.so = c.Shingle
	c.mo = c.Signature
	c.params = lsh.ParamsForRecall(c.mo.K, c.Threshold, c.Recall)
	c.rep = repeats.Options{
		Threshold: c.RepeatThreshold,
		MinWords:  c.MinWords,
		Split:     shingle.Auto,
		Shingle:   c.so,
	}
	return c, nil
}

// inRange reports whether x is a number between lo and hi, the bounds
// included as the flags say. NaN is never in range.
func inRange(x, lo, hi float64, loIn, hiIn bool) bool {
	if math.IsNaN(x) {
		return false
	}
	return (x > lo || loIn && x == lo) && (x < hi || hiIn && x == hi)
}

// newIndex returns an empty LSH index for the config's signatures.
func (c *config) newIndex() (*lsh.Index, error) {
	x, err := lsh.New(c.mo.K, lsh.Options{Threshold: c.Threshold, Params: c.params})
	if err != nil {
		return nil, fmt.Errorf("dedupe: %w", err)
	}
	return x, nil
}
