package pipeline

import (
	"bytes"
	"context"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/zeebo/xxh3"

	"github.com/neardup/dedupe"
	"github.com/neardup/dedupe/records"
)

// Outputs are the file names a clean job writes, as PCollection<string>.
type Outputs struct {
	Records, Removed beam.PCollection
}

// Clean adds the clean job of dedupe clean to s: it reads files, learns
// the boilerplate model (LearnModel), cleans and signs each document with
// the engine's Cleaner (cleanFn), removes near-duplicates (Dedup), and
// writes the kept records to ShardName(out, i, n) and the removal log
// (dedupe.LogRecord lines) to ShardName(out+".removed", i, n). It returns
// an error if opts is invalid, or if the outputs could not be written or
// would replace an input (CheckOutputs).
//
// The kept records are those of dedupe clean with the same options, and
// the log holds the same lines (in another order): see README.md for what
// makes them equal and the one bound under which they could differ.
func Clean(s beam.Scope, files []ShardFile, out string, opts Options) (Outputs, error) {
	if err := opts.Check(); err != nil {
		return Outputs{}, err
	}
	shards := opts.Shards
	if shards == 0 {
		shards = DefaultShards
	}
	if err := CheckOutputs(files, out, shards); err != nil {
		return Outputs{}, err
	}
	s = s.Scope("Clean")
	filesPC := beam.CreateList(s, files)
	var model beam.PCollection
	if opts.NoBoiler {
		model = beam.Create(s, []byte{})
	} else {
		model = LearnModel(s, filesPC, opts)
	}
	docs, events, ids, members, payloads := beam.ParDo5(s, &cleanFn{Opts: opts}, filesPC, beam.SideInput{Input: model})
	if !opts.NoDedup {
		events = beam.Flatten(s, events, Dedup(s, members, payloads, opts))
	}
	paths := make([]string, len(files))
	for _, f := range files {
		paths[f.Index] = f.Path
	}
	dups := beam.ParDo(s, secondOccurrence, beam.GroupByKey(s, ids))
	logs, removed := beam.ParDo2(s, &logFn{Paths: paths, Incremental: opts.NoBoiler}, events, beam.SideInput{Input: dups})
	kept, parlogs := beam.ParDo2(s, keepOrDrop, beam.CoGroupByKey(s, docs, removed))
	return Outputs{
		Records: WriteShards(s, out, shards, kept),
		Removed: WriteShards(s, logPrefix(out), shards, beam.Flatten(s, logs, parlogs)),
	}, nil
}

// DocOut is a cleaned document as dedupe clean would write it if it stays:
// its output record and the log lines of its removed paragraphs.
type DocOut struct {
	Line, Log []byte
}

// Member is a cleaned document grouped by the hash of its cleaned text:
// identical texts are copies (dedupe clean's exact.go).
type Member struct {
	Ord int64
	ID  string
	Len int
	Sig []uint32 // nil when the text has no shingle
}

// DocEvent is a document-level line of the removal log on its way to
// logFn, which names the documents whose ids are not unique.
type DocEvent struct {
	Ord                  int64
	ID                   string
	Why, Reason          string
	Kept                 int64
	KeptID               string
	HasKept              bool
	Similarity, Estimate float64
	HasEstimate          bool
	File                 string // malformed records: where it is
	Line                 int
	Prefix               []byte // log lines written before it (paragraphs of an emptied document)
	Removes              bool   // the document's output is dropped (a near-duplicate)
	Incremental          bool   // see logFn
}

func init() {
	register.DoFn8x1[context.Context, ShardFile, func(*[]byte) bool, func(int64, DocOut), func(DocEvent), func(string, int64), func(uint64, Member), func(int64, []byte), error](&cleanFn{})
	register.Emitter2[int64, DocOut]()
	register.Emitter1[DocEvent]()
	register.Emitter2[string, int64]()
	register.Emitter2[uint64, Member]()
	register.Iter1[[]byte]()
}

// cleanFn is the per-document step: it reads a file and runs the engine's
// Cleaner on each record, with the model of the side input.
type cleanFn struct {
	Opts  Options `json:"opts"`
	cl    *dedupe.Cleaner
	model []byte
}

func (f *cleanFn) ProcessElement(ctx context.Context, file ShardFile, model func(*[]byte) bool,
	docs func(int64, DocOut), events func(DocEvent), ids func(string, int64),
	members func(uint64, Member), payloads func(int64, []byte)) error {
	if f.cl == nil {
		model(&f.model)
		var err error
		if f.cl, err = f.Opts.cleaner(f.model); err != nil {
			return err
		}
		f.model = nil
	}
	enc := records.JSONL{TextField: f.Opts.Input.TextField}
	return f.Opts.Input.each(ctx, file, func(ord int64, r *records.Record) error {
		id := strings.Clone(r.ID)
		ids(id, ord)
		docsIn.Inc(ctx, 1)
		bytesIn.Inc(ctx, int64(r.Size))
		if r.Bad != "" {
			why := dedupe.WhyMalformed
			if r.TooLarge {
				why = dedupe.WhyTooLarge
			}
			count(ctx, "removed_"+why)
			events(DocEvent{Ord: ord, ID: id, Why: why, Reason: r.Bad, File: r.File, Line: r.Line})
			return nil
		}
		res := f.cl.Clean(r)
		var parlog []byte
		for i := range res.Removed {
			lr := &res.Removed[i]
			count(ctx, "removed_paragraph_"+lr.Why)
			parlog = lr.AppendJSON(parlog)
		}
		if res.Empty {
			count(ctx, "removed_"+dedupe.WhyEmpty)
			events(DocEvent{Ord: ord, ID: id, Why: dedupe.WhyEmpty, Reason: "every paragraph was removed",
				Prefix: parlog, Incremental: true})
			return nil
		}
		line, _ := enc.AppendRecord(nil, r, res.Text)
		docs(ord, DocOut{Line: line, Log: parlog})
		if !f.Opts.NoDedup {
			members(xxh3.Hash(res.Text), Member{Ord: ord, ID: id, Len: len(res.Text), Sig: res.Signature})
			if res.Signature != nil {
				payloads(ord, appendPayload(nil, id, res.Signature, res.Text))
			}
		}
		return nil
	})
}

// count adds 1 to the counter name of the dedupe namespace.
func count(ctx context.Context, name string) {
	beam.NewCounter("dedupe", name).Inc(ctx, 1)
}

func init() {
	register.Function6x0(keepOrDrop)
	register.Emitter2[int64, bool]()
	register.Iter1[DocOut]()
	register.Iter1[bool]()
}

var (
	docsIn   = beam.NewCounter("dedupe", "documents_in")
	bytesIn  = beam.NewCounter("dedupe", "bytes_in")
	docsKept = beam.NewCounter("dedupe", "documents_kept")
)

// keepOrDrop writes a cleaned document and its paragraph log unless it
// was removed as a near-duplicate.
func keepOrDrop(ctx context.Context, ord int64, docs func(*DocOut) bool, removed func(*bool) bool, kept, log func(int64, []byte)) {
	var d DocOut
	if !docs(&d) {
		return
	}
	var r bool
	if removed(&r) && r {
		return
	}
	docsKept.Inc(ctx, 1)
	kept(ord, bytes.TrimSuffix(d.Line, []byte("\n")))
	if len(d.Log) > 0 {
		log(ord, bytes.TrimSuffix(d.Log, []byte("\n")))
	}
}
