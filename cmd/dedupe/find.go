package main

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/neardup/dedupe/lsh"
	"github.com/neardup/dedupe/minhash"
	"github.com/neardup/dedupe/shingle"
)

func runFind(args []string) error {
	var (
		in     inputFlags
		sim    simFlags
		rf     runFlags
		out    string
		verify verifyFlag
		what   string
	)
	fs := newFlagSet("find")
	in.register(fs)
	sim.register(fs)
	rf.register(fs)
	fs.StringVar(&out, "o", "-", "write pairs and clusters to `FILE`")
	verify.register(fs)
	fs.StringVar(&what, "print", "both", "print pairs, clusters or both")
	inputs, err := parseFlags(fs, args)
	if err == errHelp {
		return nil
	}
	if err != nil {
		return err
	}
	stop, err := rf.profile()
	if err != nil {
		return err
	}
	defer stop()
	if len(inputs) == 0 {
		return usagef("find: no INPUT")
	}
	so, mo, err := sim.options()
	if err != nil {
		return err
	}
	if what != "pairs" && what != "clusters" && what != "both" {
		return usagef("-print must be pairs, clusters or both, not %q", what)
	}
	if rf.j < 1 {
		return usagef("-j must be at least 1")
	}
	in.forbid(out)
	idx, err := newIndex(&sim, mo)
	if err != nil {
		return err
	}
	exact := verify.exact()
	if exact {
		var cleanup func()
		if inputs, cleanup, err = in.spoolStdin(inputs); err != nil {
			return err
		}
		defer cleanup()
	}
	signers := make([]*signer, rf.j)
	for i := range signers {
		signers[i] = newSigner(so, mo)
	}
	var (
		ids   []string
		ordOf []int // input position of each lsh id (exact)
		cands []uint32
		cp    []candPair            // candidate pairs in order of b (exact)
		last  = map[uint32]uint32{} // earlier member of a pair → its last partner
		bad   int64
	)
	prog := startProgress(!rf.quiet, "find", inputSize(inputs))
	t0 := time.Now()
	err = pipeline(rf.j, func(emit func(*record) error) error {
		return in.readInputs(inputs, emit)
	}, func(w int, d *record, sig *minhash.Signature) {
		if d.bad == "" {
			*sig, _ = signers[w].sign(d.text)
		}
	}, func(b *batch[minhash.Signature]) error {
		for i, d := range b.docs {
			sig := b.res[i]
			if d.bad != "" {
				bad++
				continue
			}
			if sig == nil {
				continue // no shingle: never a near-duplicate
			}
			if len(ids) > lsh.MaxID {
				return fmt.Errorf("more than %d documents", lsh.MaxID)
			}
			id := uint32(len(ids))
			if exact {
				cands = idx.Candidates(cands[:0], sig)
				for _, a := range cands {
					cp = append(cp, candPair{a, id})
					last[a] = id
				}
				ordOf = append(ordOf, d.ord)
			}
			if err := idx.Add(id, sig); err != nil {
				return err
			}
			ids = append(ids, d.id)
		}
		prog.add(int64(len(b.docs)), b.bytes)
		return nil
	})
	prog.stop()
	if err != nil {
		return err
	}
	t1 := time.Now()
	var pairs []lsh.Pair
	ncand := 0
	if exact {
		ncand = len(cp)
		if pairs, err = verifyPairs(&in, inputs, rf, so, sim.threshold, cp, last, ordOf); err != nil {
			return err
		}
	} else {
		var ps lsh.PairStats
		pairs, ps = idx.Pairs(nil)
		ncand = ps.Candidates
	}
	o, err := createOutput(out)
	if err != nil {
		return err
	}
	defer o.Abort()
	var buf []byte
	if what != "clusters" {
		for _, p := range pairs {
			buf = append(buf[:0], `{"a":`...)
			buf = appendQuoteString(buf, ids[p.A])
			buf = append(buf, `,"b":`...)
			buf = appendQuoteString(buf, ids[p.B])
			buf = append(buf, `,"similarity":`...)
			buf = appendFloat(buf, p.Similarity)
			buf = append(buf, "}\n"...)
			if _, err := o.Write(buf); err != nil {
				return err
			}
		}
	}
	clusters := lsh.Clusters(pairs)
	if what != "pairs" {
		for n, c := range clusters {
			buf = append(buf[:0], `{"cluster":`...)
			buf = appendInt(buf, n)
			buf = append(buf, `,"kept":`...)
			buf = appendQuoteString(buf, ids[c[0]])
			buf = append(buf, `,"members":[`...)
			for i, m := range c {
				if i > 0 {
					buf = append(buf, ',')
				}
				buf = appendQuoteString(buf, ids[m])
			}
			buf = append(buf, "]}\n"...)
			if _, err := o.Write(buf); err != nil {
				return err
			}
		}
	}
	if err := o.Commit(); err != nil {
		return err
	}
	if !rf.quiet {
		printf(stderr, "find: %d documents with shingles, %d candidate pairs, %d pairs verified (%s), %d clusters; signatures %s, verification %s",
			len(ids), ncand, len(pairs), verify, len(clusters), dur(t1.Sub(t0)), dur(time.Since(t1)))
		if bad > 0 {
			printf(stderr, "; %d malformed records skipped", bad)
		}
		printf(stderr, "\n")
	}
	return nil
}

// verifyPairs reads the inputs a second time and returns the candidate pairs
// cp (in order of b; last maps the earlier member of a pair to its last
// partner) whose shingle sets have an exact Jaccard similarity of at least
// threshold, sorted by A then B. ordOf gives the input position of each lsh
// id. Only the shingle sets of documents with a partner still ahead are held.
func verifyPairs(in *inputFlags, inputs []string, rf runFlags, so shingle.Options, threshold float64,
	cp []candPair, last map[uint32]uint32, ordOf []int) ([]lsh.Pair, error) {
	lshOf := map[int]uint32{} // input position → lsh id, of the documents in a pair
	for _, p := range cp {
		lshOf[ordOf[p.a]] = p.a
		lshOf[ordOf[p.b]] = p.b
	}
	shinglers := make([]*shingle.Shingler, rf.j)
	for i := range shinglers {
		shinglers[i] = shingle.New(so)
	}
	var pairs []lsh.Pair
	open := map[uint32][]uint64{}
	next := 0
	prog := startProgress(!rf.quiet, "find (verifying)", inputSize(inputs))
	err := pipeline(rf.j, func(emit func(*record) error) error {
		return in.readInputs(inputs, emit)
	}, func(w int, d *record, set *[]uint64) {
		if _, ok := lshOf[d.ord]; ok && d.bad == "" {
			*set = shingle.Set(shinglers[w].Append(nil, d.text))
		}
	}, func(b *batch[[]uint64]) error {
		for k, d := range b.docs {
			i, ok := lshOf[d.ord]
			if !ok {
				continue
			}
			set := b.res[k]
			for ; next < len(cp) && cp[next].b == i; next++ {
				a := cp[next].a
				if s := shingle.Jaccard(open[a], set); s >= threshold {
					pairs = append(pairs, lsh.Pair{A: a, B: i, Similarity: s})
				}
				if last[a] == i {
					delete(open, a)
				}
			}
			if _, later := last[i]; later {
				open[i] = set
			}
		}
		prog.add(int64(len(b.docs)), b.bytes)
		return nil
	})
	prog.stop()
	if err != nil {
		return nil, err
	}
	if next != len(cp) {
		return nil, fmt.Errorf("the input changed between the two passes")
	}
	slices.SortFunc(pairs, func(x, y lsh.Pair) int {
		if x.A != y.A {
			return cmp.Compare(x.A, y.A)
		}
		return cmp.Compare(x.B, y.B)
	})
	return pairs, nil
}
