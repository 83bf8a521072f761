package main

import (
	"fmt"
	"time"

	"github.com/neardup/dedupe/lsh"
	"github.com/neardup/dedupe/minhash"
)

func runIndex(args []string) error {
	var (
		in       inputFlags
		sim      simFlags
		rf       runFlags
		out, add string
		check    bool
		model    string
	)
	fs := newFlagSet("index")
	fs.StringVar(&model, "model", "", "remove boilerplate with the `MODEL` written by learn before signing (query must use it too)")
	fs.BoolVar(&check, "check", false, "check the invariants of the index before writing it")
	in.register(fs)
	sim.register(fs)
	rf.register(fs)
	fs.StringVar(&out, "o", "", "write a new index to `INDEX`")
	fs.StringVar(&add, "add", "", "add the documents to the existing `INDEX` (its settings apply)")
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
	switch {
	case (out == "") == (add == ""):
		return usagef("index: give exactly one of -o INDEX and -add INDEX")
	case len(inputs) == 0:
		return usagef("index: no INPUT")
	case rf.j < 1:
		return usagef("-j must be at least 1")
	}
	var f *indexFile
	if add != "" {
		if f, err = readIndexFile(add); err != nil {
			return err
		}
		out = add
	} else {
		_, mo, err := sim.options()
		if err != nil {
			return err
		}
		f = &indexFile{sim: sim}
		if f.idx, err = newIndex(&sim, mo); err != nil {
			return err
		}
	}
	if add != "" && f.stripped != (model != "") {
		return usagef("index: %s was built %s -model; -add must be the same", add, map[bool]string{true: "with", false: "without"}[f.stripped])
	}
	f.stripped = model != ""
	lab, err := openLabeler(model, rf.j)
	if err != nil {
		return err
	}
	in.forbid(out)
	so, mo, _ := f.sim.options()
	signers := make([]*signer, rf.j)
	scratch := make([]stripScratch, rf.j)
	for i := range signers {
		signers[i] = newSigner(so, mo)
	}
	before := len(f.ids)
	var bad, empty int64
	prog := startProgress(!rf.quiet, "index", inputSize(inputs))
	t0 := time.Now()
	err = pipeline(rf.j, func(emit func(*record) error) error {
		return in.readInputs(inputs, emit)
	}, func(w int, d *record, sig *minhash.Signature) {
		if d.bad == "" {
			text := d.text
			if lab != nil {
				text = lab.strip(w, &scratch[w], d.site, text)
			}
			*sig, _ = signers[w].sign(text)
		}
	}, func(b *batch[minhash.Signature]) error {
		for i, d := range b.docs {
			switch {
			case d.bad != "":
				bad++
			case b.res[i] == nil:
				empty++
			default:
				if len(f.ids) > lsh.MaxID {
					return fmt.Errorf("more than %d documents", lsh.MaxID)
				}
				if err := f.idx.Add(uint32(len(f.ids)), b.res[i]); err != nil {
					return err
				}
				f.ids = append(f.ids, d.id)
			}
		}
		prog.add(int64(len(b.docs)), b.bytes)
		return nil
	})
	prog.stop()
	if err != nil {
		return err
	}
	if check {
		if err := f.idx.Check(); err != nil {
			return err
		}
	}
	o, err := createOutput(out)
	if err != nil {
		return err
	}
	defer o.Abort()
	if err := f.writeTo(o); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	if err := o.Commit(); err != nil {
		return err
	}
	if !rf.quiet {
		printf(stderr, "index: added %d documents (%d now) in %s", len(f.ids)-before, len(f.ids), dur(time.Since(t0)))
		if empty > 0 {
			printf(stderr, "; %d without any shingle left out", empty)
		}
		if bad > 0 {
			printf(stderr, "; %d malformed records skipped", bad)
		}
		printf(stderr, "\n")
	}
	return nil
}

func runQuery(args []string) error {
	var (
		in        inputFlags
		rf        runFlags
		idxPath   string
		out       string
		all       bool
		threshold float64
		check     bool
		model     string
	)
	fs := newFlagSet("query")
	fs.StringVar(&model, "model", "", "remove boilerplate with the `MODEL` the index was built with")
	fs.BoolVar(&check, "check", false, "check the invariants of the index after loading it")
	in.register(fs)
	rf.register(fs)
	fs.StringVar(&idxPath, "index", "", "the `INDEX` written by dedupe index")
	fs.StringVar(&out, "o", "-", "write the results to `FILE`")
	fs.BoolVar(&all, "all", false, "print every document, also those without a match")
	fs.Float64Var(&threshold, "threshold", 0, "report matches at or above this `similarity` (default: the index's)")
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
	switch {
	case idxPath == "":
		return usagef("query: missing -index INDEX")
	case len(inputs) == 0:
		return usagef("query: no INPUT")
	case rf.j < 1:
		return usagef("-j must be at least 1")
	case threshold < 0 || threshold > 1:
		return usagef("-threshold must be in [0, 1]")
	}
	f, err := readIndexFile(idxPath)
	if err != nil {
		return err
	}
	if check {
		if err := f.idx.Check(); err != nil {
			return fmt.Errorf("%s: %w", idxPath, err)
		}
	}
	if threshold == 0 {
		threshold = f.idx.Threshold()
	}
	if f.stripped != (model != "") {
		return usagef("query: %s was built %s -model; query must be the same", idxPath, map[bool]string{true: "with", false: "without"}[f.stripped])
	}
	lab, err := openLabeler(model, rf.j)
	if err != nil {
		return err
	}
	scratch := make([]stripScratch, rf.j)
	in.forbid(out)
	in.forbid(idxPath)
	so, mo, _ := f.sim.options()
	type res struct {
		line []byte
		dup  bool
	}
	signers := make([]*signer, rf.j)
	for i := range signers {
		signers[i] = newSigner(so, mo)
	}
	o, err := createOutput(out)
	if err != nil {
		return err
	}
	defer o.Abort()
	var docs, dups, bad int64
	prog := startProgress(!rf.quiet, "query", inputSize(inputs))
	t0 := time.Now()
	// Queries are read-only and the index is safe for concurrent queries, so
	// they run in the parallel stage.
	err = pipeline(rf.j, func(emit func(*record) error) error {
		return in.readInputs(inputs, emit)
	}, func(w int, d *record, r *res) {
		if d.bad != "" {
			return
		}
		text := d.text
		if lab != nil {
			text = lab.strip(w, &scratch[w], d.site, text)
		}
		sig, _ := signers[w].sign(text)
		var best lsh.Match
		found := false
		if sig != nil {
			if ms := f.idx.Query(nil, sig, threshold, nil); len(ms) > 0 {
				best, found = bestMatch(ms), true
			}
		}
		if !found && !all {
			return
		}
		r.dup = found
		r.line = append(r.line, `{"id":`...)
		r.line = appendQuoteString(r.line, d.id)
		if found {
			r.line = append(r.line, `,"duplicate_of":`...)
			r.line = appendQuoteString(r.line, f.ids[best.ID])
			r.line = append(r.line, `,"similarity":`...)
			r.line = appendFloat(r.line, best.Similarity)
		} else {
			r.line = append(r.line, `,"duplicate_of":null`...)
		}
		r.line = append(r.line, "}\n"...)
	}, func(b *batch[res]) error {
		for i, d := range b.docs {
			docs++
			if d.bad != "" {
				bad++
				continue
			}
			if b.res[i].dup {
				dups++
			}
			if _, err := o.Write(b.res[i].line); err != nil {
				return err
			}
		}
		prog.add(int64(len(b.docs)), b.bytes)
		return nil
	})
	prog.stop()
	if err != nil {
		return err
	}
	if err := o.Commit(); err != nil {
		return err
	}
	if !rf.quiet {
		printf(stderr, "query: %d documents, %d already in the index (of %d), in %s", docs, dups, len(f.ids), dur(time.Since(t0)))
		if bad > 0 {
			printf(stderr, "; %d malformed records skipped", bad)
		}
		printf(stderr, "\n")
	}
	return nil
}

// openLabeler loads the boilerplate model at path for j workers; it returns
// nil for an empty path.
func openLabeler(path string, j int) (*boilerLabeler, error) {
	if path == "" {
		return nil, nil
	}
	m, err := loadModel(path)
	if err != nil {
		return nil, err
	}
	lab := newBoilerLabeler(m)
	lab.prepare(j)
	return lab, nil
}
