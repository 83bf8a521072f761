package main

import (
	"time"

	"github.com/neardup/dedupe"
)

func runFind(args []string) error {
	var (
		j      job
		sim    simFlags
		out    string
		verify verifyFlag
		what   string
	)
	fs := newFlagSet("find")
	j.register(fs)
	sim.register(fs)
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
	o := dedupe.Options{Verify: dedupe.Verify(verify)}
	if err := sim.apply(&o); err != nil {
		return err
	}
	if what != "pairs" && what != "clusters" && what != "both" {
		return usagef("-print must be pairs, clusters or both, not %q", what)
	}
	if err := j.start("find", &o, inputs, writing("-o", out)); err != nil {
		return err
	}
	defer j.finish()
	w, err := create(out)
	if err != nil {
		return err
	}
	defer w.Abort()
	t0 := time.Now()
	f, err := dedupe.Find(ctx, j.src, o)
	err = j.end(err)
	if err != nil {
		return err
	}
	if what != "clusters" {
		err = f.WritePairs(w)
	}
	if err == nil && what != "pairs" {
		err = f.WriteClusters(w)
	}
	if err == nil {
		err = w.Commit()
	}
	if err != nil {
		return err
	}
	if !j.run.quiet {
		printf(stderr, "find: %d documents with shingles, %d candidate pairs, %d pairs verified (%s), %d clusters in %s",
			len(f.IDs), f.Candidates, len(f.Pairs), dedupe.Verify(verify), len(f.Clusters), dur(time.Since(t0)))
		if f.Bad > 0 {
			printf(stderr, "; %d malformed records skipped", f.Bad)
		}
		printf(stderr, "\n")
	}
	return nil
}
