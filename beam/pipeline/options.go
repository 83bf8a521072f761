package pipeline

import (
	"fmt"

	"github.com/neardup/dedupe"
	"github.com/neardup/dedupe/shingle"
)

// DefaultShards is the default number of output shards.
const DefaultShards = 4

// Options are the options of the clean job: those of dedupe clean, which
// go to the engine (see Engine), and the pipeline's own. The zero value is
// the default. Options travel to the workers as JSON with the DoFns.
type Options struct {
	Threshold       float64 // Jaccard similarity of near-duplicates, in (0, 1]; 0 means 0.8
	Recall          float64 // LSH recall at the threshold; 0 means dedupe.DefaultRecall
	Normalize       string  // text normalisation: "fold" or "whitespace"; "" means "fold"
	NoBoiler        bool    // keep site boilerplate
	NoRepeats       bool    // keep paragraphs repeated inside a document
	NoDedup         bool    // keep near-duplicate documents
	NumPerm         int     // MinHash signature length; 0 means 128
	K               int     // shingle size in words; 0 means 5
	RepeatThreshold float64 // similarity of repeated paragraphs; 0 means 0.8
	MinWords        int     // paragraphs with fewer words are never repeats; 0 means 10

	Input      Input
	Shards     int // output shards of the records and of the removal log, at most MaxShards; 0 means DefaultShards
	Candidates CandidateOptions
	// LearnCandidates configures the candidates of the learning pass. Its
	// zero MaxCandidates means no bound, as the learning pass of dedupe
	// clean compares a page with every earlier learned page sharing a band
	// (a bound of 100 changed the model of 10 templated pages of a
	// 200 MB corpus); a positive bound makes giant buckets linear at that
	// price.
	LearnCandidates CandidateOptions
	Keep            KeepOptions
}

// Engine returns the engine's options for o, or an error naming the first
// invalid option.
func (o *Options) Engine() (dedupe.Options, error) {
	e := dedupe.Options{
		Threshold: o.Threshold, Recall: o.Recall,
		NoBoiler: o.NoBoiler, NoRepeats: o.NoRepeats, NoDedup: o.NoDedup,
		RepeatThreshold: o.RepeatThreshold, MinWords: o.MinWords,
	}
	e.Shingle.K = o.K
	e.Signature.K = o.NumPerm
	switch o.Normalize {
	case "", "fold":
		e.Shingle.Normalization = shingle.Fold
	case "whitespace":
		e.Shingle.Normalization = shingle.Whitespace
	default:
		return e, fmt.Errorf("pipeline: normalize %q is not fold or whitespace", o.Normalize)
	}
	if o.Shards < 0 || o.Shards > MaxShards {
		return e, fmt.Errorf("pipeline: %d output shards, not in [1, %d]", o.Shards, MaxShards)
	}
	if r := o.Keep.Components.Rounds; r > MaxRounds {
		return e, fmt.Errorf("pipeline: %d rounds of connected components, more than %d", r, MaxRounds)
	}
	// The engine checks the rest.
	if _, err := dedupe.NewCleaner(e, nil); err != nil {
		return e, err
	}
	return e, nil
}

// Check returns an error naming the first invalid option.
func (o *Options) Check() error {
	_, err := o.Engine()
	return err
}

// engine returns the engine's options of o, which Clean has checked.
func (o *Options) engine() dedupe.Options {
	e, err := o.Engine()
	if err != nil {
		panic(err) // checked by Clean before the pipeline runs
	}
	return e
}

// cleaner returns a Cleaner for o and model (nil for none).
func (o *Options) cleaner(model []byte) (*dedupe.Cleaner, error) {
	m, err := decodeModel(model)
	if err != nil {
		return nil, err
	}
	return dedupe.NewCleaner(o.engine(), m)
}
