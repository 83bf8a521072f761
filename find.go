package dedupe

import (
	"cmp"
	"context"
	"slices"

	"github.com/neardup/dedupe/lsh"
	"github.com/neardup/dedupe/minhash"
	"github.com/neardup/dedupe/records"
)

// Found is what Find found: the verified near-duplicate pairs of a corpus
// and their clusters.
type Found struct {
	// IDs are the ids of the documents that have shingles, in input
	// order; pairs and clusters refer to documents by index into IDs. (A
	// document without a shingle is in no pair, where Clean removes one
	// whose text is identical to an earlier one's.)
	IDs []string
	// Pairs are the verified pairs, A < B, sorted by A then B.
	Pairs []lsh.Pair
	// Clusters are the connected components of Pairs (lsh.Clusters):
	// single link, so two members may be less similar than the threshold.
	Clusters [][]uint32
	// Candidates is the number of candidate pairs the index gave.
	Candidates int
	// Bad counts the malformed records skipped.
	Bad int64
}

// Find finds every pair of documents of src whose Jaccard similarity is at
// least Options.Threshold (among the candidate pairs of the LSH index),
// verified exactly (reading src a second time, and holding only the
// shingle sets of documents waiting for a partner) or by estimate. The
// texts are compared as they are: the cleaning steps of Clean do not run.
func Find(ctx context.Context, src records.Source, opts Options) (*Found, error) {
	if src == nil {
		return nil, errNoSource
	}
	c, err := opts.check()
	if err != nil {
		return nil, err
	}
	idx, err := c.newIndex()
	if err != nil {
		return nil, err
	}
	f := &Found{}
	cands := newCandidates(idx, 0) // every pair is reported: no bound
	var ords []int                 // input position of each lsh id (exact)
	signers := make([]*signer, c.Workers)
	for i := range signers {
		signers[i] = newSigner(c.so, c.mo)
	}
	prog := c.progress("find")
	p := &pipeline[*records.Record, minhash.Signature]{
		j: c.Workers, size: recordSize, read: src.Each, maxDocs: c.batchDocs,
		work: func(w int, d *records.Record, sig *minhash.Signature) {
			if d.Bad == "" {
				*sig, _ = signers[w].sign(d.Text)
			}
		},
		reduce: func(b *batch[*records.Record, minhash.Signature]) error {
			for i, d := range b.docs {
				if err := f.add(c, cands, d, b.res[i], &ords); err != nil {
					return err
				}
			}
			prog(len(b.docs), b.bytes)
			return nil
		},
	}
	if err := p.run(ctx); err != nil {
		return nil, err
	}
	if c.Verify == Exact {
		f.Candidates = len(cands.pairs)
		if f.Pairs, err = c.verifyPairs(ctx, src, cands, ords); err != nil {
			return nil, err
		}
	} else {
		var ps lsh.PairStats
		f.Pairs, ps = idx.Pairs(nil)
		f.Candidates = ps.Candidates
	}
	f.Clusters = lsh.Clusters(f.Pairs)
	return f, nil
}

// add indexes document d of signature sig.
func (f *Found) add(c *config, cands *candidates, d *records.Record, sig minhash.Signature, ords *[]int) error {
	if d.Bad != "" {
		f.Bad++
		return nil
	}
	if sig == nil {
		return nil // no shingle: never a near-duplicate
	}
	if c.Verify == Exact {
		if _, err := cands.add(sig); err != nil {
			return err
		}
		*ords = append(*ords, d.Ord)
	} else if err := cands.idx.Add(uint32(len(f.IDs)), sig); err != nil {
		return err
	}
	f.IDs = append(f.IDs, d.ID)
	return nil
}

// verifyPairs reads src a second time and returns the candidate pairs
// whose shingle sets have an exact Jaccard similarity of at least the
// threshold, sorted by A then B. ords gives the input position of each lsh
// id.
func (c *config) verifyPairs(ctx context.Context, src records.Source, cands *candidates, ords []int) ([]lsh.Pair, error) {
	lshOf := map[int]uint32{} // input position → lsh id, of the documents in a pair
	for _, p := range cands.pairs {
		lshOf[ords[p.a]] = p.a
		lshOf[ords[p.b]] = p.b
	}
	signers := make([]*signer, c.Workers)
	for i := range signers {
		signers[i] = newSigner(c.so, c.mo)
	}
	v := newVerifier(cands, c.Threshold)
	var pairs []lsh.Pair
	prog := c.progress("verify")
	p := &pipeline[*records.Record, []uint64]{
		j: c.Workers, size: recordSize, read: src.Each, maxDocs: c.batchDocs,
		work: func(w int, d *records.Record, set *[]uint64) {
			if _, ok := lshOf[d.Ord]; ok && d.Bad == "" {
				*set = signers[w].shingleSet(d.Text)
			}
		},
		reduce: func(b *batch[*records.Record, []uint64]) error {
			for k, d := range b.docs {
				i, ok := lshOf[d.Ord]
				if !ok {
					continue
				}
				err := v.visit(i, b.res[k], func(a uint32, _ *openDoc, s float64) {
					pairs = append(pairs, lsh.Pair{A: a, B: i, Similarity: s})
				})
				if err != nil {
					return err
				}
				v.keep(i, &openDoc{set: b.res[k]})
			}
			prog(len(b.docs), b.bytes)
			return nil
		},
	}
	if err := p.run(ctx); err != nil {
		return nil, err
	}
	if err := v.done(); err != nil {
		return nil, err
	}
	slices.SortFunc(pairs, func(x, y lsh.Pair) int {
		if x.A != y.A {
			return cmp.Compare(x.A, y.A)
		}
		return cmp.Compare(x.B, y.B)
	})
	return pairs, nil
}
