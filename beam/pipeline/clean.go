package pipeline

import (
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

// DefaultShards is the default number of output shards.
const DefaultShards = 4

// Options are the options of the clean job: those of dedupe clean, which
// the engine's per-document step will take, and the pipeline's own. The
// zero value is the default.
type Options struct {
	Threshold float64 // Jaccard similarity of near-duplicates, in (0, 1]; 0 means 0.8
	Normalize string  // text normalisation: "fold" or "whitespace"; "" means "fold"
	NoBoiler  bool    // keep site boilerplate
	NoRepeats bool    // keep paragraphs repeated inside a document
	NoDedup   bool    // keep near-duplicate documents
	NumPerm   int     // MinHash signature length; 0 means 128
	K         int     // shingle size in words; 0 means 5

	Shards     int // output shards of the records and of the removal log; 0 means DefaultShards
	Candidates CandidateOptions
	Keep       KeepOptions
}

// Check returns an error naming the first invalid option.
func (o *Options) Check() error {
	switch {
	case o.Threshold < 0 || o.Threshold > 1:
		return fmt.Errorf("pipeline: threshold %g is not in (0, 1]", o.Threshold)
	case o.Normalize != "" && o.Normalize != "fold" && o.Normalize != "whitespace":
		return fmt.Errorf("pipeline: normalize %q is not fold or whitespace", o.Normalize)
	case o.NumPerm < 0:
		return fmt.Errorf("pipeline: num-perm %d is negative", o.NumPerm)
	case o.K < 0:
		return fmt.Errorf("pipeline: k %d is negative", o.K)
	case o.Shards < 0:
		return fmt.Errorf("pipeline: %d output shards", o.Shards)
	}
	return nil
}

// Outputs are the file names a clean job writes, as PCollection<string>.
type Outputs struct {
	Records, Removed beam.PCollection
}

// Clean adds the clean job to s: it reads files, cleans each record, and
// writes the kept records to ShardName(out, i, n) and the removal log to
// ShardName(out+".removed", i, n). It returns an error if opts is invalid.
//
// TODO(engine): only the plumbing exists. The per-document step passes
// every record through unchanged and removes nothing. Once the engine
// package exports its per-document step, the job becomes:
//
//	records := Read(s, files)
//	model := learn per site (boiler.Learner per key, Model.Merge) as a side input
//	docs := ParDo(engine step: repeats, boilerplate, sign -> band keys, removal log lines)
//	pairs := Candidates(s, bands(docs), opts.Candidates)
//	edges := verify pairs (join each pair with both documents' shingle sets)
//	removals := Keep(s, edges, opts.Keep)
//	kept, log := CoGroupByKey(docs, removals) by ordinal
//	WriteShards(kept), WriteShards(log)
func Clean(s beam.Scope, files []ShardFile, out string, opts Options) (Outputs, error) {
	if err := opts.Check(); err != nil {
		return Outputs{}, err
	}
	shards := opts.Shards
	if shards == 0 {
		shards = DefaultShards
	}
	s = s.Scope("Clean")
	records := Read(s, files)
	kept, removed := beam.ParDo2(s, &cleanDocFn{Options: opts}, records)
	return Outputs{
		Records: WriteShards(s, out, shards, kept),
		Removed: WriteShards(s, out+".removed", shards, removed),
	}, nil
}

func init() {
	register.DoFn4x0[int64, []byte, func(int64, []byte), func(int64, []byte)](&cleanDocFn{})
}

// cleanDocFn is the per-document step.
//
// TODO(engine): a placeholder that passes the record through unchanged
// and logs nothing. The engine's per-document step goes here: repeated
// paragraphs and boilerplate removed (the record rewritten with the
// cleaned text), paragraph records for the removal log, and the signature
// whose band keys feed Candidates.
type cleanDocFn struct {
	Options Options `json:"options"`
}

func (f *cleanDocFn) ProcessElement(ord int64, line []byte, kept, removedLog func(int64, []byte)) {
	kept(ord, line)
}
