package main

import (
	"time"

	"github.com/neardup/dedupe"
	"github.com/neardup/dedupe/records"
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
	if len(inputs) == 0 {
		return usagef("find: no INPUT")
	}
	o := dedupe.Options{Verify: dedupe.Verify(verify)}
	if err := sim.apply(&o); err != nil {
		return err
	}
	if err := rf.apply(&o); err != nil {
		return err
	}
	if what != "pairs" && what != "clusters" && what != "both" {
		return usagef("-print must be pairs, clusters or both, not %q", what)
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
	prog := startProgress(!rf.quiet, "find", src.Size())
	o.Progress = prog.update
	t0 := time.Now()
	f, err := dedupe.Find(ctx, src, o)
	prog.stop()
	if err != nil {
		return err
	}
	w, err := records.Create(out, records.OutputOptions{Stdout: stdout, Temps: temps})
	if err != nil {
		return err
	}
	defer w.Abort()
	if err := writeFound(w, f, what); err != nil {
		return err
	}
	if err := w.Commit(); err != nil {
		return err
	}
	if !rf.quiet {
		printf(stderr, "find: %d documents with shingles, %d candidate pairs, %d pairs verified (%s), %d clusters in %s",
			len(f.IDs), f.Candidates, len(f.Pairs), dedupe.Verify(verify), len(f.Clusters), dur(time.Since(t0)))
		if f.Bad > 0 {
			printf(stderr, "; %d malformed records skipped", f.Bad)
		}
		printf(stderr, "\n")
	}
	return nil
}

// writeFound writes the pairs {"a","b","similarity"} and then the clusters
// {"cluster","kept","members"} of f, as what says (pairs, clusters or
// both).
func writeFound(w *records.Output, f *dedupe.Found, what string) error {
	var buf []byte
	if what != "clusters" {
		for _, p := range f.Pairs {
			buf = append(buf[:0], `{"a":`...)
			buf = records.AppendQuoteString(buf, f.IDs[p.A])
			buf = append(buf, `,"b":`...)
			buf = records.AppendQuoteString(buf, f.IDs[p.B])
			buf = append(buf, `,"similarity":`...)
			buf = appendFloat(buf, p.Similarity)
			buf = append(buf, "}\n"...)
			if _, err := w.Write(buf); err != nil {
				return err
			}
		}
	}
	if what == "pairs" {
		return nil
	}
	for n, c := range f.Clusters {
		buf = append(buf[:0], `{"cluster":`...)
		buf = appendInt(buf, n)
		buf = append(buf, `,"kept":`...)
		buf = records.AppendQuoteString(buf, f.IDs[c[0]])
		buf = append(buf, `,"members":[`...)
		for i, m := range c {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = records.AppendQuoteString(buf, f.IDs[m])
		}
		buf = append(buf, "]}\n"...)
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return nil
}
