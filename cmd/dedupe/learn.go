package main

import (
	"time"

	"github.com/neardup/dedupe"
)

func runLearn(args []string) error {
	var (
		j     job
		out   string
		prune int
	)
	fs := newFlagSet("learn")
	j.register(fs)
	fs.StringVar(&out, "o", "", "write the model to `MODEL`")
	fs.IntVar(&prune, "prune", 0, "drop fragments seen on fewer than `N` pages of their site, to make the model smaller (0 keeps all)")
	inputs, err := parseFlags(fs, args)
	if err == errHelp {
		return nil
	}
	if err != nil {
		return err
	}
	switch {
	case out == "":
		return usagef("learn: missing -o MODEL")
	case prune < 0:
		return usagef("learn: -prune must not be negative")
	}
	var o dedupe.Options
	if err := j.start("learn", &o, inputs, writing("-o", out)); err != nil {
		return err
	}
	defer j.finish()
	f, err := create(out)
	if err != nil {
		return err
	}
	defer f.Abort()
	t0 := time.Now()
	m, n, err := dedupe.LearnWithStats(ctx, j.src, o)
	err = j.end(err)
	if err != nil {
		return err
	}
	if prune > 0 {
		m.Prune(prune)
	}
	if _, err := m.WriteTo(f); err != nil {
		return err // names out (Output.Write)
	}
	if err := f.Commit(); err != nil {
		return err
	}
	if !j.run.quiet {
		printf(stderr, "learn: %d documents, %d sites in %s", n.Docs, m.Sites(), dur(time.Since(t0)))
		if n.Bad > 0 {
			printf(stderr, "; %d malformed records skipped", n.Bad)
		}
		printf(stderr, "\n")
	}
	return nil
}
