package dedupe

import (
	"context"
	"errors"

	"github.com/neardup/dedupe/records"
	"github.com/neardup/dedupe/repeats"
)

// A RepeatGroup is a paragraph of one document that stays and the later
// paragraphs removed in its favour (repeats.Group): their indices
// (shingle.Paragraphs, Auto), the kept one first, the similarity of each
// to the kept one (1 for the kept one itself), and the lowest of those.
type RepeatGroup struct {
	Paragraphs   []int
	Similarities []float64
	Similarity   float64
}

// RepeatStats count what Repeats read.
type RepeatStats struct {
	Docs, Groups, Bad int64
	Bytes             int64
	// Capped counts the documents with too many paragraphs alike for the
	// search of near repeats to finish (repeats.Finder.Capped): their
	// groups are those of identical paragraphs only.
	Capped int64
}

// Repeats finds the repeated paragraphs inside each document of src (at
// Options.RepeatThreshold, among paragraphs of Options.MinWords words or
// more, with the shingles of Options.Shingle), and calls fn in input order
// with the groups of each document that has any. Malformed records are
// skipped.
func Repeats(ctx context.Context, src records.Source, opts Options, fn func(id string, groups []RepeatGroup) error) (RepeatStats, error) {
	var st RepeatStats
	if src == nil || fn == nil {
		return st, errors.New("dedupe: Repeats needs a source and a function")
	}
	c, err := opts.check()
	if err != nil {
		return st, err
	}
	finders := make([]*repeats.Finder, c.Workers)
	for i := range finders {
		finders[i] = repeats.New(c.rep)
	}
	prog := c.progress("repeats")
	p := &pipeline[*records.Record, []RepeatGroup]{
		j: c.Workers, size: recordSize, read: src.Each, maxDocs: c.batchDocs,
		work: func(w int, d *records.Record, gs *[]RepeatGroup) {
			if d.Bad != "" {
				return
			}
			for _, g := range finders[w].Groups(d.Text) {
				idx := make([]int, len(g.Paragraphs))
				for i, p := range g.Paragraphs {
					idx[i] = p.Index
				}
				*gs = append(*gs, RepeatGroup{Paragraphs: idx, Similarities: g.Similarities, Similarity: g.Similarity})
			}
		},
		reduce: func(b *batch[*records.Record, []RepeatGroup]) error {
			for i, d := range b.docs {
				st.Docs++
				st.Bytes += int64(d.Size)
				if d.Bad != "" {
					st.Bad++
					continue
				}
				if gs := b.res[i]; len(gs) > 0 {
					st.Groups += int64(len(gs))
					if err := fn(d.ID, gs); err != nil {
						return err
					}
				}
			}
			prog(len(b.docs), b.bytes)
			return nil
		},
	}
	err = p.run(ctx)
	for _, f := range finders {
		st.Capped += int64(f.Capped)
	}
	return st, err
}
