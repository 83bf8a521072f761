package main

import (
	"fmt"
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
		verify string
		what   string
	)
	fs := newFlagSet("find")
	in.register(fs)
	sim.register(fs)
	rf.register(fs)
	fs.StringVar(&out, "o", "-", "write pairs and clusters to `FILE`")
	fs.StringVar(&verify, "verify", "estimate", "verify candidates by the signature estimate, or exactly (keeps every shingle set in memory)")
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
	if verify != "estimate" && verify != "exact" {
		return usagef("-verify must be estimate or exact, not %q", verify)
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
	exact := verify == "exact"
	type res struct {
		sig minhash.Signature
		set []uint64
	}
	signers := make([]*signer, rf.j)
	for i := range signers {
		signers[i] = newSigner(so, mo)
	}
	var ids []string
	var sets [][]uint64
	var bad int64
	prog := startProgress(!rf.quiet, "find", inputSize(inputs))
	t0 := time.Now()
	err = pipeline(rf.j, func(emit func(*record) error) error {
		return in.readInputs(inputs, emit)
	}, func(w int, d *record, r *res) {
		if d.bad != "" {
			return
		}
		r.sig, _ = signers[w].sign(d.text)
		if exact && r.sig != nil {
			r.set = signers[w].shingleSet(d.text)
		}
	}, func(b *batch[res]) error {
		for i, d := range b.docs {
			r := &b.res[i]
			if d.bad != "" {
				bad++
				continue
			}
			if r.sig == nil {
				continue // no shingle: never a near-duplicate
			}
			if len(ids) > lsh.MaxID {
				return fmt.Errorf("more than %d documents", lsh.MaxID)
			}
			if err := idx.Add(uint32(len(ids)), r.sig); err != nil {
				return err
			}
			ids = append(ids, d.id)
			if exact {
				sets = append(sets, r.set)
			}
		}
		prog.add(int64(len(b.docs)), b.bytes)
		return nil
	})
	prog.stop()
	if err != nil {
		return err
	}
	var exactFn func(a, b uint32) float64
	if exact {
		exactFn = func(a, b uint32) float64 { return shingle.Jaccard(sets[a], sets[b]) }
	}
	t1 := time.Now()
	pairs, _ := idx.Pairs(exactFn)
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
		printf(stderr, "find: %d documents with shingles, %d pairs, %d clusters; signatures %s, pairs %s",
			len(ids), len(pairs), len(clusters), dur(t1.Sub(t0)), dur(time.Since(t1)))
		if bad > 0 {
			printf(stderr, "; %d malformed records skipped", bad)
		}
		printf(stderr, "\n")
	}
	return nil
}
