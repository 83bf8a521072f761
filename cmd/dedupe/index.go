package main

import (
	"bufio"
	"fmt"
	"os"
	"time"

	"github.com/neardup/dedupe"
	"github.com/neardup/dedupe/boiler"
	"github.com/neardup/dedupe/records"
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
	switch {
	case (out == "") == (add == ""):
		return usagef("index: give exactly one of -o INDEX and -add INDEX")
	case len(inputs) == 0:
		return usagef("index: no INPUT")
	}
	var run dedupe.Options
	if err := rf.apply(&run); err != nil {
		return err
	}
	m, err := openModel(model)
	if err != nil {
		return err
	}
	var x *dedupe.Index
	if add != "" {
		if x, err = readIndexFile(add); err != nil {
			return err
		}
		out = add
	} else {
		var o dedupe.Options
		if err := sim.apply(&o); err != nil {
			return err
		}
		if x, err = dedupe.NewIndex(o, m); err != nil {
			return err
		}
	}
	src, err := in.files(inputs, out)
	if err != nil {
		return err
	}
	defer src.Close()
	stop, err := rf.profile()
	if err != nil {
		return err
	}
	defer stop()
	prog := startProgress(!rf.quiet, "index", src.Size())
	t0 := time.Now()
	st, err := x.Add(ctx, src, dedupe.RunOptions{Model: m, Workers: run.Workers, Progress: prog.update})
	prog.stop()
	if err != nil {
		return fmt.Errorf("%s: %w", out, err)
	}
	if check {
		if err := x.Check(); err != nil {
			return err
		}
	}
	f, err := records.Create(out, records.OutputOptions{Stdout: stdout, Temps: temps})
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := x.WriteTo(f); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	if err := f.Commit(); err != nil {
		return err
	}
	if !rf.quiet {
		printf(stderr, "index: added %d documents (%d now) in %s", st.Added, x.Len(), dur(time.Since(t0)))
		if st.Empty > 0 {
			printf(stderr, "; %d without any shingle left out", st.Empty)
		}
		if st.Bad > 0 {
			printf(stderr, "; %d malformed records skipped", st.Bad)
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
	switch {
	case idxPath == "":
		return usagef("query: missing -index INDEX")
	case len(inputs) == 0:
		return usagef("query: no INPUT")
	case threshold != 0:
		if err := checkFloat("-threshold", threshold, true); err != nil {
			return err
		}
	}
	var run dedupe.Options
	if err := rf.apply(&run); err != nil {
		return err
	}
	x, err := readIndexFile(idxPath)
	if err != nil {
		return err
	}
	if check {
		if err := x.Check(); err != nil {
			return fmt.Errorf("%s: %w", idxPath, err)
		}
	}
	m, err := openModel(model)
	if err != nil {
		return err
	}
	src, err := in.files(inputs, out, idxPath)
	if err != nil {
		return err
	}
	defer src.Close()
	w, err := records.Create(out, records.OutputOptions{Stdout: stdout, Temps: temps})
	if err != nil {
		return err
	}
	defer w.Abort()
	stop, err := rf.profile()
	if err != nil {
		return err
	}
	defer stop()
	prog := startProgress(!rf.quiet, "query", src.Size())
	t0 := time.Now()
	var docs, dups int64
	var line []byte
	err = x.Query(ctx, src, dedupe.RunOptions{Model: m, Threshold: threshold, Workers: run.Workers, Progress: prog.update},
		func(r dedupe.QueryResult) error {
			docs++
			if r.Match == "" && !all {
				return nil
			}
			line = append(line[:0], `{"id":`...)
			line = records.AppendQuoteString(line, r.ID)
			if r.Match != "" {
				dups++
				line = append(line, `,"duplicate_of":`...)
				line = records.AppendQuoteString(line, r.Match)
				line = append(line, `,"similarity":`...)
				line = appendFloat(line, r.Similarity)
			} else {
				line = append(line, `,"duplicate_of":null`...)
			}
			line = append(line, "}\n"...)
			_, err := w.Write(line)
			return err
		})
	prog.stop()
	if err != nil {
		return fmt.Errorf("%s: %w", idxPath, err)
	}
	if err := w.Commit(); err != nil {
		return err
	}
	if !rf.quiet {
		printf(stderr, "query: %d documents, %d already in the index (of %d), in %s\n", docs, dups, x.Len(), dur(time.Since(t0)))
	}
	return nil
}

// readIndexFile reads an index written by dedupe index.
func readIndexFile(path string) (*dedupe.Index, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	x := new(dedupe.Index)
	if _, err := x.ReadFrom(bufio.NewReaderSize(f, 1<<20)); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return x, nil
}

// openModel loads the boilerplate model at path; nil for an empty path.
func openModel(path string) (*boiler.Model, error) {
	if path == "" {
		return nil, nil
	}
	return loadModel(path)
}
