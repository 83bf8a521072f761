package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"time"

	"github.com/neardup/dedupe"
	"github.com/neardup/dedupe/boiler"
	"github.com/neardup/dedupe/internal/flagval"
	"github.com/neardup/dedupe/records"
)

func runIndex(args []string) error {
	var (
		j        job
		sim      simFlags
		out, add string
		check    bool
		model    string
	)
	fs := newFlagSet("index")
	fs.StringVar(&model, "model", "", "remove boilerplate with the `MODEL` written by learn before signing (query must use it too)")
	fs.BoolVar(&check, "check", false, "check the invariants of the index before writing it")
	j.register(fs)
	sim.register(fs)
	fs.StringVar(&out, "o", "", "write a new index to `INDEX`")
	fs.StringVar(&add, "add", "", "add the documents to the existing `INDEX` (its settings apply)")
	inputs, err := parseFlags(fs, args)
	if err == errHelp {
		return nil
	}
	if err != nil {
		return err
	}
	if (out == "") == (add == "") {
		return usagef("index: give exactly one of -o INDEX and -add INDEX")
	}
	dst := writing("-o", out)
	if add != "" {
		out, dst = add, writing("-add", add)
	}
	// Locked before -add reads it: a second run fails rather than drop this one's batch.
	w, err := create(out)
	if err != nil {
		return err
	}
	defer w.Abort()
	m, err := openModel(model)
	if err != nil {
		return err
	}
	x, err := openIndex(&sim, add, m)
	if err != nil {
		return err
	}
	if add != "" {
		if err := sameSettings(fs, &sim, x); err != nil {
			return err
		}
	}
	var o dedupe.Options
	if err := j.start("index", &o, inputs, dst, reading("-model", model)); err != nil {
		return err
	}
	defer j.finish()
	t0 := time.Now()
	st, err := x.Add(ctx, j.src, dedupe.RunOptions{Model: m, Workers: o.Workers, Progress: o.Progress})
	ferr := j.finish()
	if err != nil {
		return indexError(out, err)
	}
	if ferr != nil {
		return ferr
	}
	if check {
		if err := x.Check(); err != nil {
			return err
		}
	}
	if _, err := x.WriteTo(w); err != nil {
		return err // names out (Output.Write)
	}
	if err := w.Commit(); err != nil {
		return err
	}
	if !j.run.quiet {
		printIndexed(st, x.Len(), time.Since(t0))
	}
	return nil
}

// printIndexed prints the summary of index: what was added, left out and
// skipped, the index's size now, and a warning of repeated ids.
func printIndexed(st dedupe.IndexStats, size int, took time.Duration) {
	printf(stderr, "index: added %d documents (%d now) in %s", st.Added, size, dur(took))
	if st.Empty > 0 {
		printf(stderr, "; %d without any shingle left out", st.Empty)
	}
	if st.Bad > 0 {
		printf(stderr, "; %d malformed records skipped", st.Bad)
	}
	printf(stderr, "\n")
	if st.Repeated > 0 {
		printf(stderr, "warning: %d documents have the id of a document indexed before them; each is indexed, and query may name either\n", st.Repeated)
	}
}

// openIndex reads the index at add, or returns a new one with the settings
// of sim and model when add is empty.
func openIndex(sim *simFlags, add string, m *boiler.Model) (*dedupe.Index, error) {
	if add != "" {
		return dedupe.LoadIndex(add)
	}
	var o dedupe.Options
	if err := sim.apply(&o); err != nil {
		return nil, err
	}
	return dedupe.NewIndex(o, m)
}

// sameSettings checks that the similarity flags given with index -add
// agree with the settings of the index x, which apply.
func sameSettings(fs *flag.FlagSet, sim *simFlags, x *dedupe.Index) error {
	var o dedupe.Options
	if err := sim.apply(&o); err != nil {
		return err
	}
	have := x.Options()
	var err error
	fs.Visit(func(f *flag.Flag) {
		var differs bool
		switch f.Name {
		case "threshold":
			differs = o.Threshold != have.Threshold
		case "recall":
			differs = o.Recall != have.Recall
		case "k":
			differs = o.Shingle.K != have.Shingle.K
		case "normalize":
			differs = o.Shingle.Normalization != have.Shingle.Normalization
		case "num-perm":
			differs = o.Signature.K != have.Signature.K
		}
		if differs && err == nil {
			err = usagef("index -add: -%s %s differs from the index's setting (the index's settings apply: leave the flag out)", f.Name, f.Value)
		}
	})
	return err
}

func runQuery(args []string) error {
	var (
		j         job
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
	j.register(fs)
	fs.StringVar(&idxPath, "index", "", "the `INDEX` written by dedupe index")
	fs.StringVar(&out, "o", "-", "write the results to `FILE`")
	fs.BoolVar(&all, "all", false, "print every document, also those without a match")
	fs.Float64Var(&threshold, "threshold", 0, "report matches at or above this `similarity` (default: the index's; below it, most pairs are not found, the bands being chosen for the index's)")
	inputs, err := parseFlags(fs, args)
	if err == errHelp {
		return nil
	}
	if err != nil {
		return err
	}
	if idxPath == "" {
		return usagef("query: missing -index INDEX")
	}
	if threshold != 0 {
		if err := flagErr(flagval.Fraction("-threshold", threshold, true)); err != nil {
			return err
		}
	}
	x, m, err := openQuery(idxPath, model, check)
	if err != nil {
		return err
	}
	if threshold != 0 && threshold < x.Threshold() && !j.run.quiet {
		printf(stderr, "warning: -threshold %v is below the index's %v, for which its bands were chosen: most pairs between the two are not found\n", threshold, x.Threshold())
	}
	w, err := create(out)
	if err != nil {
		return err
	}
	defer w.Abort()
	var o dedupe.Options
	if err := j.start("query", &o, inputs, writing("-o", out), reading("-index", idxPath), reading("-model", model)); err != nil {
		return err
	}
	defer j.finish()
	t0 := time.Now()
	var docs, dups int64
	var line []byte
	run := dedupe.RunOptions{Model: m, Threshold: threshold, Workers: o.Workers, Progress: o.Progress}
	err = x.Query(ctx, j.src, run, func(r dedupe.QueryResult) error {
		docs++
		if r.Match != "" {
			dups++
		} else if !all {
			return nil
		}
		line = r.AppendJSON(line[:0])
		_, err := w.Write(line)
		return err
	})
	ferr := j.finish()
	if err != nil {
		return indexError(idxPath, err)
	}
	if ferr != nil {
		return ferr
	}
	if err := w.Commit(); err != nil {
		return err
	}
	if !j.run.quiet {
		printf(stderr, "query: %d documents, %d already in the index (of %d), in %s\n", docs, dups, x.Len(), dur(time.Since(t0)))
	}
	return nil
}

// openQuery reads the index at path (checking its invariants if check) and
// the model at model ("" for none).
func openQuery(path, model string, check bool) (*dedupe.Index, *boiler.Model, error) {
	x, err := dedupe.LoadIndex(path)
	if err != nil {
		return nil, nil, err
	}
	if check {
		if err := x.Check(); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	m, err := openModel(model)
	return x, m, err
}

// openModel loads the boilerplate model at path; nil for an empty path.
func openModel(path string) (*boiler.Model, error) {
	if path == "" {
		return nil, nil
	}
	return dedupe.LoadModel(path)
}

// indexError names the index at path in an error of adding to it or
// querying it, unless the error is one of the inputs, which names its
// own file (and line): "x.idx: in.jsonl:51: invalid JSON" read as if the
// index were corrupt.
func indexError(path string, err error) error {
	var re *records.Error
	var pe *fs.PathError
	if errors.As(err, &re) || errors.As(err, &pe) {
		return err
	}
	return fmt.Errorf("%s: %w", path, err)
}
