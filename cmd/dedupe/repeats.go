package main

import (
	"time"

	"github.com/neardup/dedupe"
	"github.com/neardup/dedupe/records"
	"github.com/neardup/dedupe/shingle"
)

func runRepeats(args []string) error {
	var (
		in  inputFlags
		sim simFlags
		rep repeatFlags
		rf  runFlags
		out string
	)
	fs := newFlagSet("repeats")
	in.register(fs)
	rep.register(fs)
	rf.register(fs)
	fs.IntVar(&sim.k, "k", shingle.DefaultK, "shingle size in words (`K`)")
	fs.StringVar(&sim.normalize, "normalize", "fold", "text normalisation `MODE`: fold or whitespace")
	fs.StringVar(&out, "o", "-", "write the groups to `FILE`")
	inputs, err := parseFlags(fs, args)
	if err == errHelp {
		return nil
	}
	if err != nil {
		return err
	}
	if len(inputs) == 0 {
		return usagef("repeats: no INPUT")
	}
	sim.threshold, sim.numPerm, sim.recall = dedupe.DefaultThreshold, dedupe.DefaultNumPerm, dedupe.DefaultRecall
	var o dedupe.Options
	for _, apply := range []func(*dedupe.Options) error{sim.apply, rep.apply, rf.apply} {
		if err := apply(&o); err != nil {
			return err
		}
	}
	src, err := in.files(inputs, out)
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
	prog := startProgress(!rf.quiet, "repeats", src.Size())
	o.Progress = prog.update
	t0 := time.Now()
	var line []byte
	st, err := dedupe.Repeats(ctx, src, o, func(id string, groups []dedupe.RepeatGroup) error {
		line = line[:0]
		for _, g := range groups {
			line = append(line, `{"id":`...)
			line = records.AppendQuoteString(line, id)
			line = append(line, `,"group":[`...)
			for i, m := range g.Paragraphs {
				if i > 0 {
					line = append(line, ',')
				}
				line = appendInt(line, m)
			}
			line = append(line, `],"similarity":`...)
			line = appendFloat(line, g.Similarity)
			line = append(line, "}\n"...)
		}
		_, err := w.Write(line)
		return err
	})
	prog.stop()
	if err != nil {
		return err
	}
	if err := w.Commit(); err != nil {
		return err
	}
	if !rf.quiet {
		el := time.Since(t0)
		printf(stderr, "repeats: %d documents (%s) in %s, %s: %d groups", st.Docs, bytesHuman(st.Bytes), dur(el), rate(st.Bytes, el), st.Groups)
		if st.Bad > 0 {
			printf(stderr, ", %d malformed records skipped", st.Bad)
		}
		printf(stderr, "\n")
	}
	return nil
}
