package main

import (
	"bufio"

	"github.com/neardup/dedupe/bench/gen"
	"github.com/neardup/dedupe/records"
)

// runGen writes a synthetic corpus with the bench generator, for benchmarks
// (see bench.sh).
func runGen(args []string) error {
	var (
		c    gen.Corpus
		opts gen.Options
		out  string
		mb   int
	)
	fs := newFlagSet("gen")
	fs.IntVar(&c.Docs, "docs", 1000, "number of `records`")
	fs.IntVar(&mb, "mb", 0, "write about this many `megabytes` instead of -docs records")
	fs.Float64Var(&c.DupRate, "dup-rate", 0.1, "`fraction` of records that are near-copies of earlier ones")
	fs.Float64Var(&c.EditRate, "edit-rate", 0.03, "edit `rate` of the copies")
	fs.IntVar(&c.Sites, "sites", 50, "number of `sites` (pages with boilerplate); 0 for plain documents")
	fs.IntVar(&opts.DocBytes, "doc-bytes", 3072, "document `length`")
	fs.Uint64Var(&opts.Seed, "seed", 1, "generator `seed`")
	fs.StringVar(&out, "o", "-", "write the corpus to `FILE` (.gz, .zst compress)")
	rest, err := parseFlags(fs, args)
	if err == errHelp {
		return nil
	}
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("gen: unexpected argument %q", rest[0])
	}
	if err := checkGen(c, opts, mb); err != nil {
		return err
	}
	if mb > 0 {
		// A page is its body plus a few hundred bytes of boilerplate and
		// JSON; the count is a slight overestimate of what is needed.
		c.Docs = max(mb*1e6/(opts.DocBytes+400), 1)
	}
	o, err := create(out)
	if err != nil {
		return err
	}
	defer o.Abort()
	w := bufio.NewWriterSize(o, 1<<20)
	if _, err := gen.New(opts).WriteJSONL(w, c); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return o.Commit()
}

// maxGenDocBytes bounds -doc-bytes so that a record, its JSON and its
// boilerplate (the generator's text runs about 0.7 % over -doc-bytes)
// stays under the default -max-bytes of the commands that read the
// corpus.
const maxGenDocBytes = records.DefaultMaxBytes / 100 * 98

// checkGen checks the flags of gen: counts not negative, rates in [0, 1]
// (NaN refused), a document length from 1 byte to maxGenDocBytes, and a
// size in MB whose count of records cannot overflow.
func checkGen(c gen.Corpus, opts gen.Options, mb int) error {
	switch {
	case c.Docs < 0:
		return usagef("-docs must not be negative, not %d", c.Docs)
	case mb < 0 || mb > 1<<20:
		return usagef("-mb must be in [0, %d], not %d", 1<<20, mb)
	case c.Sites < 0:
		return usagef("-sites must not be negative, not %d", c.Sites)
	case opts.DocBytes < 1 || opts.DocBytes > maxGenDocBytes:
		return usagef("-doc-bytes must be in [1, %d], not %d", maxGenDocBytes, opts.DocBytes)
	case !(c.DupRate >= 0 && c.DupRate <= 1): // false for NaN
		return usagef("-dup-rate must be in [0, 1], not %v", c.DupRate)
	case !(c.EditRate >= 0 && c.EditRate <= 1):
		return usagef("-edit-rate must be in [0, 1], not %v", c.EditRate)
	}
	return nil
}
