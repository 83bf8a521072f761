package pipeline

import (
	"bytes"
	"context"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/neardup/dedupe"
)

func init() {
	register.Function4x0(secondOccurrence)
	register.DoFn5x0[context.Context, DocEvent, func(*string, *int64) bool, func(int64, []byte), func(int64, bool)](&logFn{})
	register.Iter2[string, int64]()
}

// secondOccurrence emits, for an id that more than one document has, the
// ordinal of its second document, and counts the documents after the
// first of each id in the counter duplicate_ids (dedupe clean's summary
// warns of them: Stats.DuplicateIDs).
func secondOccurrence(ctx context.Context, id string, ords func(*int64) bool, emit func(string, int64)) {
	var first, second, ord int64 = -1, -1, 0
	n := int64(0)
	for ords(&ord) {
		n++
		switch {
		case first < 0 || ord < first:
			first, second = ord, first
		case second < 0 || ord < second:
			second = ord
		}
	}
	if second >= 0 {
		emit(id, second)
		duplicateIDs.Inc(ctx, n-1)
	}
}

var duplicateIDs = beam.NewCounter("dedupe", "duplicate_ids")

// logFn writes the log record of a document-level removal, and marks the
// documents removed as near-duplicates. Like dedupe clean, it names a
// document, and the kept document, by FILE:LINE too when its id is not
// unique in the input (the side input: ids and their second ordinal).
// dedupe clean knows every id when it learned boilerplate first; else
// (Incremental, -no-boiler) the removals it decides while reading (empty
// documents, identical texts without shingles) only know the ids read so
// far: an id is then not unique once its second document was read.
type logFn struct {
	Paths       []string `json:"paths"` // the input files by shard index
	Incremental bool     `json:"incremental"`
	second      map[string]int64
}

func (f *logFn) ProcessElement(ctx context.Context, e DocEvent, dups func(*string, *int64) bool, log func(int64, []byte), removed func(int64, bool)) {
	if f.second == nil {
		f.second = map[string]int64{}
		var id string
		var ord int64
		for dups(&id, &ord) {
			f.second[id] = ord
		}
	}
	what := dedupe.WhatDocument
	if e.Why == dedupe.WhyMalformed || e.Why == dedupe.WhyTooLarge {
		what = dedupe.WhatRecord
	}
	lr := dedupe.LogRecord{ID: e.ID, What: what, Why: e.Why, Reason: e.Reason, Similarity: e.Similarity,
		Estimate: e.Estimate, HasEstimate: e.HasEstimate, File: e.File, Line: e.Line, Paragraph: -1, KeptParagraph: -1}
	if e.HasKept {
		lr.Kept = e.KeptID
	}
	dup := func(id string) bool {
		s, ok := f.second[id]
		return ok && (!f.Incremental || !e.Incremental || s <= e.Ord)
	}
	if what == dedupe.WhatDocument && dup(e.ID) {
		lr.File, lr.Line = f.where(e.Ord)
	}
	if e.HasKept && dup(e.KeptID) {
		lr.KeptFile, lr.KeptLine = f.where(e.Kept)
	}
	name := "removed_" + e.Why
	if e.Why == dedupe.WhyNearDuplicate && e.Reason != "" {
		name += "_" + strings.ReplaceAll(e.Reason, " ", "_")
	}
	if e.Why != dedupe.WhyMalformed && e.Why != dedupe.WhyTooLarge && e.Why != dedupe.WhyEmpty {
		count(ctx, name) // the others are counted where they are found
	}
	line := lr.AppendJSON(slices.Clip(e.Prefix))
	log(e.Ord, bytes.TrimSuffix(line, []byte("\n")))
	if e.Removes {
		removed(e.Ord, true)
	}
}

// where returns the file and line of ord.
func (f *logFn) where(ord int64) (string, int) {
	shard, line := SplitOrdinal(ord)
	return f.Paths[shard], line
}
