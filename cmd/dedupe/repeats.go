package main

import (
	"flag"
	"time"

	"github.com/neardup/dedupe/repeats"
	"github.com/neardup/dedupe/shingle"
)

// repeatFlags are the flags of the repeated-paragraph finder.
type repeatFlags struct {
	threshold float64
	minWords  int
}

func (f *repeatFlags) register(fs *flag.FlagSet) {
	fs.Float64Var(&f.threshold, "repeat-threshold", 0.8, "Jaccard similarity `J` of repeated paragraphs")
	fs.IntVar(&f.minWords, "min-words", 10, "paragraphs with fewer than `N` words are never repeats")
}

func (f *repeatFlags) check() error {
	if f.threshold <= 0 || f.threshold > 1 {
		return usagef("-repeat-threshold must be in (0, 1], not %v", f.threshold)
	}
	if f.minWords < 0 {
		return usagef("-min-words must not be negative")
	}
	return nil
}

// finder returns a repeated-paragraph finder with the flags' settings,
// splitting as clean does (shingle.Auto).
func (f *repeatFlags) finder(so shingle.Options) *repeats.Finder {
	return repeats.New(repeats.Options{
		Threshold: f.threshold,
		MinWords:  max(f.minWords, 1),
		Split:     shingle.Auto,
		Shingle:   so,
	})
}

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
	stop, err := rf.profile()
	if err != nil {
		return err
	}
	defer stop()
	if len(inputs) == 0 {
		return usagef("repeats: no INPUT")
	}
	sim.threshold, sim.numPerm = 0.5, 128
	so, _, err := sim.options()
	if err != nil {
		return err
	}
	if err := rep.check(); err != nil {
		return err
	}
	if rf.j < 1 {
		return usagef("-j must be at least 1")
	}
	in.forbid(out)
	o, err := createOutput(out)
	if err != nil {
		return err
	}
	defer o.Abort()
	finders := make([]*repeats.Finder, rf.j)
	for i := range finders {
		finders[i] = rep.finder(so)
	}
	type res struct{ line []byte }
	prog := startProgress(!rf.quiet, "repeats", inputSize(inputs))
	t0 := time.Now()
	var docs, groups, bad int64
	var bytesIn int64
	err = pipeline(rf.j, func(emit func(*record) error) error {
		return in.readInputs(inputs, emit)
	}, func(w int, d *record, r *res) {
		if d.bad != "" {
			return
		}
		for _, g := range finders[w].Groups(d.text) {
			r.line = append(r.line, `{"id":`...)
			r.line = appendQuoteString(r.line, d.id)
			r.line = append(r.line, `,"group":[`...)
			for i, p := range g.Paragraphs {
				if i > 0 {
					r.line = append(r.line, ',')
				}
				r.line = appendInt(r.line, p.Index)
			}
			r.line = append(r.line, `],"similarity":`...)
			r.line = appendFloat(r.line, g.Similarity)
			r.line = append(r.line, "}\n"...)
		}
	}, func(b *batch[res]) error {
		for i, d := range b.docs {
			docs++
			bytesIn += int64(d.size)
			if d.bad != "" {
				bad++
				continue
			}
			if len(b.res[i].line) > 0 {
				for _, c := range b.res[i].line {
					if c == '\n' {
						groups++
					}
				}
				if _, err := o.Write(b.res[i].line); err != nil {
					return err
				}
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
		el := time.Since(t0)
		printf(stderr, "repeats: %d documents (%s) in %s, %s: %d groups", docs, bytesHuman(bytesIn), dur(el), rate(bytesIn, el), groups)
		if bad > 0 {
			printf(stderr, ", %d malformed records skipped", bad)
		}
		printf(stderr, "\n")
	}
	return nil
}
