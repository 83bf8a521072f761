package main

import (
	"flag"
	"io"
	"path/filepath"

	"github.com/neardup/dedupe"
	"github.com/neardup/dedupe/records"
)

// cleanConfig is everything clean (and strip) needs, from its flags.
type cleanConfig struct {
	job
	sim simFlags
	rep repeatFlags

	out, log, report           string
	noRepeats, noBoiler, noDup bool
	mark                       bool
	verify                     verifyFlag
	model                      string // a saved model instead of learning
	name                       string // of the command: clean or strip
}

func (c *cleanConfig) register(fs *flag.FlagSet) {
	c.job.register(fs)
	c.sim.register(fs)
	c.rep.register(fs)
	fs.StringVar(&c.out, "o", "", "write the cleaned corpus to `OUT` (- for stdout)")
	fs.StringVar(&c.log, "log", "", "write the removal log to `PATH` (default OUT.removed.jsonl; a .parquet PATH writes Parquet)")
	fs.StringVar(&c.report, "report", "", "write an HTML report of the run to `FILE`")
	fs.BoolVar(&c.noRepeats, "no-repeats", false, "keep paragraphs repeated inside a document")
	fs.BoolVar(&c.noBoiler, "no-boiler", false, "keep site boilerplate")
	fs.BoolVar(&c.noDup, "no-dedup", false, "keep near-duplicate documents")
	fs.BoolVar(&c.mark, "mark", false, "keep every document and add what was found to its record (dup_of, cluster, similarity, removed_paragraphs, empty)")
	c.verify.register(fs)
}

func runClean(args []string) error {
	c := cleanConfig{name: "clean"}
	fs := newFlagSet("clean")
	c.register(fs)
	fs.StringVar(&c.model, "model", "", "use the boilerplate model in `FILE` instead of learning one")
	inputs, err := parseFlags(fs, args)
	if err == errHelp {
		return nil
	}
	if err != nil {
		return err
	}
	switch {
	case c.out == "":
		return usagef("clean: missing -o OUT")
	case len(inputs) == 0:
		return usagef("clean: no INPUT")
	}
	_, err = c.clean(inputs)
	return err
}

// options checks the flags and returns the engine's options.
func (c *cleanConfig) options() (dedupe.Options, error) {
	o := dedupe.Options{
		Verify:    dedupe.Verify(c.verify),
		NoRepeats: c.noRepeats, NoBoiler: c.noBoiler, NoDedup: c.noDup,
		Mark: c.mark,
	}
	for _, apply := range []func(*dedupe.Options) error{c.sim.apply, c.rep.apply} {
		if err := apply(&o); err != nil {
			return o, err
		}
	}
	// what the engine would refuse (Options.Mark), as usage errors
	switch {
	case c.mark && o.Verify != dedupe.Exact:
		return o, usagef("%s: -mark needs -verify exact", c.name)
	case c.mark && records.IsParquet(c.out):
		return o, usagef("%s: -mark needs a JSON Lines OUT, not Parquet", c.name)
	}
	if c.out != "-" {
		o.TempDir = filepath.Dir(c.out)
	}
	return o, nil
}

// clean runs the clean job on inputs and commits OUT and the log; progress
// and the summary go to stderr unless quiet. It returns the statistics.
func (c *cleanConfig) clean(inputs []string) (*dedupe.Stats, error) {
	o, err := c.options()
	if err != nil {
		return nil, err
	}
	logPath := c.log
	if logPath == "" {
		if c.out == "-" {
			return nil, usagef("%s: -o - needs -log PATH", c.name)
		}
		logPath = c.out + ".removed.jsonl"
	}
	if err := c.checkReport(logPath); err != nil {
		return nil, err
	}
	if c.model != "" && !c.noBoiler {
		if o.Model, err = dedupe.LoadModel(c.model); err != nil {
			return nil, err
		}
	} else if c.model != "" && !c.run.quiet {
		printf(stderr, "warning: -model %s is not used: -no-boiler keeps the boilerplate\n", c.model)
	}
	if err := c.start(c.name, &o, inputs, writing("-o", c.out), writing("-log", logPath), writing("-report", c.report), reading("-model", c.model)); err != nil {
		return nil, err
	}
	defer c.finish()
	// The outputs are created before the run, so that a bad output path
	// fails before a long first pass.
	oo := records.OutputOptions{Encoder: records.JSONL{TextField: c.in.textField}, Stdout: stdout, Temps: temps}
	outOpts := oo
	if records.IsParquet(c.out) {
		outOpts.Encoder = records.Parquet{TextField: c.in.textField}
	}
	out, err := records.Create(c.out, outOpts)
	if err != nil {
		return nil, err
	}
	defer out.Abort()
	lg, err := records.Create(logPath, oo)
	if err != nil {
		return nil, err
	}
	defer lg.Abort()
	rep, err := createIf(c.report)
	if err != nil {
		return nil, err
	}
	defer rep.Abort() // nil without -report: does nothing
	var logw io.Writer = lg
	var plog *dedupe.ParquetLog
	if records.IsParquet(logPath) {
		plog = dedupe.NewParquetLog(lg) // lg's JSONL encoder passes bytes through
		logw = plog
	}
	st, err := dedupe.Clean(ctx, c.src, out, logw, o)
	c.prog.stop()
	if err == nil && plog != nil {
		err = plog.Close()
	}
	if err != nil {
		return nil, err
	}
	// The log first: no interruption leaves OUT without its log.
	if err := records.Commit(lg, out); err != nil {
		return nil, err
	}
	if c.report != "" {
		if err := writeReport(rep, logPath, c, inputs, st, &o); err != nil {
			return nil, err
		}
	}
	if err := c.finish(); err != nil {
		return nil, err
	}
	if !c.run.quiet {
		printSummary(stderr, st, &o)
	}
	return st, nil
}

func runStrip(args []string) error {
	c := cleanConfig{name: "strip"}
	fs := newFlagSet("strip")
	c.job.register(fs)
	fs.StringVar(&c.model, "model", "", "the boilerplate model `MODEL` written by learn")
	fs.StringVar(&c.out, "o", "", "write the stripped corpus to `OUT` (- for stdout)")
	fs.StringVar(&c.log, "log", "", "write the removal log to `PATH` (default OUT.removed.jsonl)")
	inputs, err := parseFlags(fs, args)
	if err == errHelp {
		return nil
	}
	if err != nil {
		return err
	}
	switch {
	case c.model == "":
		return usagef("strip: missing -model MODEL")
	case c.out == "":
		return usagef("strip: missing -o OUT")
	case len(inputs) == 0:
		return usagef("strip: no INPUT")
	}
	c.sim = simFlags{threshold: dedupe.DefaultThreshold, k: 5, numPerm: dedupe.DefaultNumPerm, normalize: "fold", recall: dedupe.DefaultRecall}
	c.rep = repeatFlags{threshold: dedupe.DefaultRepeatThreshold, minWords: dedupe.DefaultMinWords}
	c.noRepeats, c.noDup = true, true
	_, err = c.clean(inputs)
	return err
}

// checkReport refuses the -report flags that would fail only after the run,
// or write the report into the cleaned corpus.
func (c *cleanConfig) checkReport(logPath string) error {
	switch {
	case c.report != "" && logPath == "-":
		return usagef("%s: -report reads the removal log back: give -log a file, not -", c.name)
	case c.report == "-" && c.out == "-":
		return usagef("%s: -o - and -report - would both write to standard output", c.name)
	}
	return nil
}
