package main

import (
	"time"

	"github.com/neardup/dedupe"
	"github.com/neardup/dedupe/shingle"
)

func runRepeats(args []string) error {
	var (
		j   job
		sim = simFlags{threshold: dedupe.DefaultThreshold, numPerm: dedupe.DefaultNumPerm, recall: dedupe.DefaultRecall}
		rep repeatFlags
		out string
	)
	fs := newFlagSet("repeats")
	j.register(fs)
	rep.register(fs)
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
	var o dedupe.Options
	if err := sim.apply(&o); err != nil {
		return err
	}
	if err := rep.apply(&o); err != nil {
		return err
	}
	w, err := create(out)
	if err != nil {
		return err
	}
	defer w.Abort()
	if err := j.start("repeats", &o, inputs, writing("-o", out)); err != nil {
		return err
	}
	defer j.finish()
	t0 := time.Now()
	var line []byte
	st, err := dedupe.Repeats(ctx, j.src, o, func(id string, groups []dedupe.RepeatGroup) error {
		line = line[:0]
		for _, g := range groups {
			line = g.AppendJSON(line, id)
		}
		_, err := w.Write(line)
		return err
	})
	err = j.end(err)
	if err == nil {
		err = w.Commit()
	}
	if err != nil {
		return err
	}
	if !j.run.quiet {
		el := time.Since(t0)
		printf(stderr, "repeats: %d documents (%s) in %s, %s: %d groups", st.Docs, bytesHuman(st.Bytes), dur(el), rate(st.Bytes, el), st.Groups)
		if st.Bad > 0 {
			printf(stderr, ", %d malformed records skipped", st.Bad)
		}
		if st.Capped > 0 {
			printf(stderr, "; %d documents with too many paragraphs alike, searched for identical paragraphs only", st.Capped)
		}
		printf(stderr, "\n")
	}
	return nil
}
