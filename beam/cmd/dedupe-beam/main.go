package main

import (
	"cmp"
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/metrics"
	beamlog "github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
	"github.com/neardup/dedupe"
	"github.com/neardup/dedupe/beam/pipeline"
	"github.com/neardup/dedupe/internal/flagval"
	"github.com/neardup/dedupe/records"
)

//go:embed doc.go
var doc string

// stderr receives the usage text and the summary; tests replace it.
var stderr io.Writer = os.Stderr

// runPipeline runs a pipeline on the runner of the -runner flag; tests
// replace it.
var runPipeline = beamx.RunWithMetrics

// config is what the command line asks for.
type config struct {
	opts    pipeline.Options
	out     string
	inputs  []string
	verbose bool
	stages  bool
	// maxBytes is -max-bytes, whose 0 is no limit (Input.MaxBytes -1).
	maxBytes flagval.ByteSize
}

// newFlags registers the command's flags on fs and returns the config
// they fill.
func newFlags(fs *flag.FlagSet) *config {
	c := &config{}
	o := &c.opts
	fs.Float64Var(&o.Threshold, "threshold", 0.8, "Jaccard similarity `J` of near-duplicates")
	fs.StringVar(&o.Normalize, "normalize", "fold", "text normalisation `MODE`: fold or whitespace")
	fs.BoolVar(&o.NoBoiler, "no-boiler", false, "keep site boilerplate")
	fs.BoolVar(&o.NoRepeats, "no-repeats", false, "keep paragraphs repeated inside a document")
	fs.BoolVar(&o.NoDedup, "no-dedup", false, "keep near-duplicate documents")
	fs.IntVar(&o.NumPerm, "num-perm", 128, "MinHash signature length `N`")
	fs.IntVar(&o.K, "k", 5, "shingle size in words (`K`)")
	fs.Float64Var(&o.Recall, "recall", dedupe.DefaultRecall, "probability `P` that a pair at the threshold is a candidate")
	fs.Float64Var(&o.RepeatThreshold, "repeat-threshold", dedupe.DefaultRepeatThreshold, "similarity `J` of repeated paragraphs")
	fs.IntVar(&o.MinWords, "min-words", dedupe.DefaultMinWords, "paragraphs with fewer than `N` words are never repeats")
	fs.BoolVar(&o.Input.SkipBad, "skip-bad", false, "log malformed (and too large) records instead of stopping")
	c.maxBytes = records.DefaultMaxBytes
	fs.Var(&c.maxBytes, "max-bytes", "largest record read, in `BYTES` (suffixes k, M, G; 0: no limit)")
	fs.StringVar(&o.Input.IDField, "id-field", "id", "`NAME` of the id member")
	fs.StringVar(&o.Input.TextField, "text-field", "text", "`NAME` of the text member")
	fs.StringVar(&o.Input.URLField, "url-field", "url", "`NAME` of the url member")
	fs.StringVar(&o.Input.SiteField, "site-field", "site", "`NAME` of the site member")
	fs.StringVar(&c.out, "o", "", "output prefix `OUT`: OUT-SSSSS-of-NNNNN.jsonl and OUT.removed-SSSSS-of-NNNNN.jsonl")
	fs.IntVar(&o.Shards, "shards", pipeline.DefaultShards, "`N` output shards")
	fs.IntVar(&o.Candidates.MaxCandidates, "max-candidates", pipeline.DefaultMaxCandidates, "compare a document with its `N` earliest candidates at most, as dedupe clean")
	fs.IntVar(&o.LearnCandidates.MaxCandidates, "learn-max-candidates", 0, "compare a page with its `N` earliest candidates at most when keeping copies out of learning (0: all, as dedupe clean)")
	fs.IntVar(&o.Candidates.MaxBucket, "max-bucket", pipeline.DefaultMaxBucket, "LSH buckets larger than `N` (at least -max-candidates) are paired through a second shuffle")
	fs.IntVar(&o.Keep.Components.Rounds, "cc-rounds", pipeline.DefaultRounds, "`N` large-star/small-star rounds of connected components")
	fs.IntVar(&o.Keep.MaxComponentEdges, "max-component-edges", pipeline.DefaultMaxComponentEdges, "`N` verified edges of one component at most")
	fs.BoolVar(&c.verbose, "v", false, "log the runner's progress")
	fs.BoolVar(&c.stages, "stages", false, "print the processing time of each stage (the runner's msecs metrics)")
	return c
}

// parseArgs parses args, whose flags may come before, between or after the
// inputs, and returns the inputs. Every argument after "--" is an input.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var inputs []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return inputs, nil
		}
		if endOfFlags(fs, args[:len(args)-len(rest)]) {
			return append(inputs, rest...), nil
		}
		inputs = append(inputs, rest[0])
		args = rest[1:]
	}
}

// endOfFlags reports whether fs.Parse, having parsed the arguments
// parsed, stopped at a "--" (which it drops) rather than at an input: a
// "--" that is not the value of a flag (-o --).
func endOfFlags(fs *flag.FlagSet, parsed []string) bool {
	for i := 0; i < len(parsed); i++ {
		if parsed[i] == "--" {
			return true
		}
		name := strings.TrimPrefix(strings.TrimPrefix(parsed[i], "-"), "-")
		if strings.Contains(name, "=") {
			continue
		}
		if f := fs.Lookup(name); f != nil {
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
				i++ // its value
			}
		}
	}
	return false
}

// check returns a usage error for a command line that cannot run. It
// checks the options as dedupe clean checks them: a value that
// pipeline.Options reads as "the default" (0) is an error here, as it is
// there.
func (c *config) check() error {
	switch {
	case c.out == "":
		return errors.New("-o OUT is required")
	case c.out == "-":
		return errors.New("-o -: the output is sharded, give a prefix")
	case len(c.inputs) == 0:
		return errors.New("no INPUT")
	}
	if err := c.checkCleaning(); err != nil {
		return err
	}
	if err := c.checkPipeline(); err != nil {
		return err
	}
	c.opts.MinWords = max(c.opts.MinWords, 1) // 0 and 1 both consider every paragraph, as dedupe clean
	c.opts.Input.MaxBytes = int(c.maxBytes)
	if c.maxBytes == 0 {
		c.opts.Input.MaxBytes = -1
	}
	return c.opts.Check()
}

// checkCleaning checks the flags of dedupe clean as it checks them
// (simFlags.apply and repeatFlags.apply in cmd/dedupe/flags.go).
func (c *config) checkCleaning() error {
	o := &c.opts
	return flagval.First(
		flagval.Normalize(o.Normalize),
		flagval.Fraction("-threshold", o.Threshold, true),
		flagval.Fraction("-recall", o.Recall, false),
		flagval.Fraction("-repeat-threshold", o.RepeatThreshold, true),
		flagval.ShingleK(o.K),
		flagval.NumPerm(o.NumPerm),
		flagval.MinWords(o.MinWords),
	)
}

// checkPipeline checks the pipeline's own flags. -shards and -cc-rounds
// are bounded because they size the pipeline before it runs (a shard
// list, the unrolled rounds): -shards 2000000000 ran out of memory.
func (c *config) checkPipeline() error {
	o := &c.opts
	for _, f := range []struct {
		name      string
		v, lo, hi int
	}{
		{"-shards", o.Shards, 1, pipeline.MaxShards},
		{"-max-candidates", o.Candidates.MaxCandidates, 1, math.MaxInt},
		{"-learn-max-candidates", o.LearnCandidates.MaxCandidates, 0, math.MaxInt},
		{"-max-bucket", o.Candidates.MaxBucket, 1, math.MaxInt},
		{"-cc-rounds", o.Keep.Components.Rounds, 1, pipeline.MaxRounds},
		{"-max-component-edges", o.Keep.MaxComponentEdges, 1, math.MaxInt},
	} {
		switch {
		case f.lo <= f.v && f.v <= f.hi:
		case f.hi == math.MaxInt:
			return fmt.Errorf("%s must be at least %d, not %d", f.name, f.lo, f.v)
		default:
			return fmt.Errorf("%s must be in [%d, %d], not %d", f.name, f.lo, f.hi, f.v)
		}
	}
	return nil
}

func main() {
	// The command's flags and Beam's (-runner, the Dataflow and Flink
	// options, and the worker flags a runner passes when it starts this
	// binary as a worker) share the command line.
	fs := flag.NewFlagSet("dedupe-beam", flag.ContinueOnError)
	c := newFlags(fs)
	fs.VisitAll(func(f *flag.Flag) { flag.CommandLine.Var(f.Value, f.Name, f.Usage) })
	flag.CommandLine.Init("dedupe-beam", flag.ContinueOnError)
	flag.CommandLine.SetOutput(io.Discard)
	inputs, err := parseArgs(flag.CommandLine, os.Args[1:])
	if !c.verbose {
		beamlog.LogLevel = "warn" // Prism logs every job state at info
	}
	// On a worker, Init runs the SDK harness and exits.
	beam.Init()
	if !c.verbose {
		slog.SetDefault(slog.New(runnerLog{slog.Default().Handler()}))
	}
	if errors.Is(err, flag.ErrHelp) {
		usage()
		os.Exit(0)
	}
	c.inputs = inputs
	if err == nil {
		err = c.check()
	}
	if err != nil {
		fmt.Fprintf(stderr, "dedupe-beam: %v (run dedupe-beam -h)\n", err)
		os.Exit(2)
	}
	if err := run(context.Background(), c); err != nil {
		if cause := jobCause(err); cause != "" && !c.verbose {
			fmt.Fprintf(stderr, "dedupe-beam: %s\n(the runner's whole report with -v)\n", cause)
		} else {
			fmt.Fprintf(stderr, "dedupe-beam: %v\n", err)
		}
		os.Exit(1)
	}
}

// jobCause returns the error of the step that failed a job, from the
// runner's report err: the text after its last "caused by:" and the
// line that names the step (for a malformed record, "FILE:LINE: ..."),
// or "" if err is not such a report. The report around it holds the plan
// of the stage, some 1.5 KB.
func jobCause(err error) string {
	const causedBy = "\n\tcaused by:\n"
	s := err.Error()
	i := strings.LastIndex(s, causedBy)
	if i < 0 {
		return ""
	}
	s = s[i+len(causedBy):]
	if strings.HasPrefix(s, "DoFn[") {
		if j := strings.Index(s, "] failed:\n"); j >= 0 {
			s = s[j+len("] failed:\n"):]
		}
	}
	return strings.TrimSpace(s)
}

// runnerLog passes the runner's log on, but for its errors: a failed job
// comes back as the error of run, printed once, where Prism logs it five
// times more with the plan of the stage. -v shows them.
type runnerLog struct{ slog.Handler }

func (h runnerLog) Enabled(ctx context.Context, l slog.Level) bool {
	return l < slog.LevelError && h.Handler.Enabled(ctx, l)
}

func (h runnerLog) WithAttrs(a []slog.Attr) slog.Handler { return runnerLog{h.Handler.WithAttrs(a)} }
func (h runnerLog) WithGroup(name string) slog.Handler   { return runnerLog{h.Handler.WithGroup(name)} }

// usage prints the usage text.
func usage() {
	fmt.Fprint(stderr, usageText())
}

// usageText returns the usage text: the package documentation.
func usageText() string {
	s := doc
	if i := strings.Index(s, "/*\n"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.Index(s, "*/"); i >= 0 {
		s = s[:i]
	}
	return s
}

// run builds the pipeline, runs it on the runner of the -runner flag
// (Prism by default) and prints a summary on stderr. The outputs are
// checked before (pipeline.Clean calls CheckOutputs); if the run fails
// after it renamed a shard, the local output set is removed
// (removePartial).
func run(ctx context.Context, c *config) error {
	files, err := pipeline.ExpandInputs(c.inputs)
	if err != nil {
		return err
	}
	p, s := beam.NewPipelineWithRoot()
	if _, err := pipeline.Clean(s, files, c.out, c.opts); err != nil {
		return err
	}
	names := pipeline.OutputNames(c.out, c.opts.Shards)
	before := outputState(names)
	pr, err := runPipeline(ctx, p)
	if err != nil {
		return removePartial(err, names, before)
	}
	if pr != nil {
		printSummary(pr.Metrics(), c, len(files))
		if c.stages {
			printStages(pr.Metrics(), stepLabels(p))
		}
	}
	return nil
}

// counter returns the value of the named counter of the dedupe namespace,
// summed over steps.
func counter(r metrics.Results, name string) int64 {
	var n int64
	for _, c := range r.AllMetrics().Counters() {
		if c.Namespace() == "dedupe" && c.Name() == name {
			n += c.Result()
		}
	}
	return n
}

// printSummary prints the counters of the run on stderr: documents in and
// out, and every removal reason.
func printSummary(m metrics.Results, c *config, files int) {
	fmt.Fprintf(stderr, "dedupe-beam: %d files, %d documents (%d bytes) cleaned; %d kept, written to %s-*-of-%05d.jsonl; log in %s.removed-*\n",
		files, counter(m, "documents_in"), counter(m, "bytes_in"), counter(m, "documents_kept"), c.out, c.opts.Shards, c.out)
	var names []string
	for _, k := range m.AllMetrics().Counters() {
		if k.Namespace() == "dedupe" && strings.HasPrefix(k.Name(), "removed_") && !slices.Contains(names, k.Name()) {
			names = append(names, k.Name())
		}
	}
	slices.Sort(names)
	names = append(names, "capped_candidates", "giant_buckets", "learn_pages", "learn_skipped_near_duplicates", "pairs_compared")
	for _, n := range names {
		fmt.Fprintf(stderr, "  %-50s %d\n", n, counter(m, n))
	}
	if n := counter(m, "duplicate_ids"); n > 0 {
		fmt.Fprintf(stderr, "warning: %d documents have the id of an earlier document; the log names them by file and line too\n", n)
	}
}

// printStages prints the processing time the runner measured in each
// stage of the pipeline, by the labels of stepLabels, largest first.
func printStages(m metrics.Results, labels map[string]string) {
	total := map[string]time.Duration{}
	for _, r := range m.AllMetrics().Msecs() {
		name, ok := labels[r.Key.Step]
		if !ok {
			name = "(runner) " + r.Key.Step
		}
		total[name] += r.Result().Total
	}
	names := slices.Collect(maps.Keys(total))
	slices.SortFunc(names, func(a, b string) int { return cmp.Compare(total[b], total[a]) })
	fmt.Fprintf(stderr, "processing time by stage (%d steps measured):\n", len(m.AllMetrics().Msecs()))
	for _, n := range names {
		fmt.Fprintf(stderr, "  %-50s %8.1f s\n", n, total[n].Seconds())
	}
}

// stepLabels maps the step ids of the runner's metrics (the graph's edge
// ids, "e12") to the stages they are counted in (stageLabel).
func stepLabels(p *beam.Pipeline) map[string]string {
	edges, _, err := p.Build()
	if err != nil {
		return nil
	}
	m := map[string]string{}
	for _, e := range edges {
		m[fmt.Sprintf("e%d", e.ID())] = stageLabel(e.Scope().String(), e.Name())
	}
	return m
}

// stageLabel returns the stage of a transform named name (a function's
// full name, as github.com/neardup/dedupe/beam/pipeline.cleanFn, or
// "CoGBK") in the scope path scope ("root/Clean/Dedup/Candidates"): the
// first four elements of the scope followed by the short name
// (pipeline.cleanFn), as root/Clean/Learn/pipeline.learnSigFn or
// root/Clean/Dedup/Candidates.
func stageLabel(scope, name string) string {
	// The package path ends at the last slash before the name's type
	// parameters, which may hold slashes of their own.
	if i := strings.LastIndexByte(name[:strings.IndexByte(name+"[", '[')], '/'); i >= 0 {
		name = name[i+1:]
	}
	parts := append(strings.Split(scope, "/"), name)
	return strings.Join(parts[:min(len(parts), 4)], "/")
}
