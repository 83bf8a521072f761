package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/neardup/dedupe/beam/pipeline"
	"github.com/neardup/dedupe/records"
)

func TestMain(m *testing.M) {
	flag.Parse()
	beam.Init()
	os.Exit(m.Run())
}

func TestParseArgs(t *testing.T) {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	c := newFlags(fs)
	inputs, err := parseArgs(fs, []string{"-threshold", "0.5", "a.jsonl", "-k", "7", "b*.jsonl.gz", "-o", "out/x", "-no-boiler"})
	if err != nil {
		t.Fatal(err)
	}
	c.inputs = inputs
	if !slices.Equal(inputs, []string{"a.jsonl", "b*.jsonl.gz"}) || c.out != "out/x" || c.opts.Threshold != 0.5 ||
		c.opts.K != 7 || !c.opts.NoBoiler || c.opts.NumPerm != 128 || c.opts.Normalize != "fold" {
		t.Errorf("parsed inputs %v, config %+v", inputs, c)
	}
	if err := c.check(); err != nil {
		t.Errorf("check: %v", err)
	}
	for _, bad := range []struct {
		args []string
		err  string
	}{
		{[]string{"a.jsonl"}, "-o OUT is required"},
		{[]string{"-o", "x"}, "no INPUT"},
		{[]string{"a", "-o", "-"}, "sharded"},
		{[]string{"a", "-o", "x", "-threshold", "1.5"}, "not 1.5"},
		{[]string{"a", "-o", "x", "-normalize", "nfc"}, `not "nfc"`},
		{[]string{"a", "-o", "x", "-shards", "0"}, "-shards must be in [1, 99999], not 0"},
	} {
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		c := newFlags(fs)
		c.inputs, err = parseArgs(fs, bad.args)
		if err == nil {
			err = c.check()
		}
		if err == nil || !strings.Contains(err.Error(), bad.err) {
			t.Errorf("%q: err = %v, want %q", bad.args, err, bad.err)
		}
	}
}

// TestParseArgsEndOfFlags checks that every argument after "--" is an
// input: dedupe-beam -o o -- -a.jsonl -b.jsonl failed with "flag provided
// but not defined: -b.jsonl". A "--" that is a flag's value is not the
// end of the flags.
func TestParseArgsEndOfFlags(t *testing.T) {
	for _, c := range []struct {
		args, inputs []string
		out          string
		k            int
	}{
		{[]string{"-o", "o", "--", "-a.jsonl", "-b.jsonl"}, []string{"-a.jsonl", "-b.jsonl"}, "o", 5},
		{[]string{"a.jsonl", "-o", "o", "--", "-k", "7"}, []string{"a.jsonl", "-k", "7"}, "o", 5},
		{[]string{"-v", "--", "-x", "--"}, []string{"-x", "--"}, "", 5},
		{[]string{"-o", "--", "x", "-k", "7"}, []string{"x"}, "--", 7},
		{[]string{"-o=o", "--", "--", "-k=7"}, []string{"--", "-k=7"}, "o", 5},
		{[]string{"a", "-o", "o", "--"}, []string{"a"}, "o", 5},
	} {
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		cfg := newFlags(fs)
		inputs, err := parseArgs(fs, c.args)
		if err != nil || !slices.Equal(inputs, c.inputs) || cfg.out != c.out || cfg.opts.K != c.k {
			t.Errorf("%q: inputs %q, -o %q, -k %d, err %v; want %q, %q, %d", c.args, inputs, cfg.out, cfg.opts.K, err, c.inputs, c.out, c.k)
		}
	}
}

// TestUsageListsEveryFlag checks that the usage text (doc.go) names
// every flag the command registers: -stages and -learn-max-candidates
// were missing.
func TestUsageListsEveryFlag(t *testing.T) {
	text := usageText()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	newFlags(fs)
	n := 0
	fs.VisitAll(func(f *flag.Flag) {
		n++
		if !regexp.MustCompile(`(^|[\s,])-` + regexp.QuoteMeta(f.Name) + `([\s,]|$)`).MatchString(text) {
			t.Errorf("the usage text does not name -%s", f.Name)
		}
	})
	if n < 20 {
		t.Errorf("%d flags registered, want the command's 20 or more", n)
	}
}

// TestStageLabels checks the stages of -stages: a step is labelled by its
// scope and the short name of its function (root/Clean/Learn/
// pipeline.learnSigFn), where the function's import path split on "/"
// made labels such as root/Clean/Learn/github.com.
func TestStageLabels(t *testing.T) {
	for _, c := range []struct{ scope, name, want string }{
		{"root/Clean/Learn", "github.com/neardup/dedupe/beam/pipeline.learnSigFn", "root/Clean/Learn/pipeline.learnSigFn"},
		{"root/Clean", "github.com/neardup/dedupe/beam/pipeline.cleanFn", "root/Clean/pipeline.cleanFn"},
		{"root/Clean/Dedup/Candidates", "github.com/neardup/dedupe/beam/pipeline.explodeBands", "root/Clean/Dedup/Candidates"},
		{"root/Clean/Dedup", "CoGBK", "root/Clean/Dedup/CoGBK"},
		{"root", "example.com/x.f[example.com/y/z.T]", "root/x.f[example.com/y/z.T]"},
	} {
		if got := stageLabel(c.scope, c.name); got != c.want {
			t.Errorf("stageLabel(%q, %q) = %q, want %q", c.scope, c.name, got, c.want)
		}
	}
	p, s := beam.NewPipelineWithRoot()
	if _, err := pipeline.Clean(s, []pipeline.ShardFile{{Path: "in.jsonl"}}, filepath.Join(t.TempDir(), "o"), pipeline.Options{}); err != nil {
		t.Fatal(err)
	}
	labels := map[string]bool{}
	for _, l := range stepLabels(p) {
		labels[l] = true
		if strings.Contains(l, "github.com") {
			t.Errorf("stage label %q holds an import path", l)
		}
	}
	for _, want := range []string{"root/Clean/pipeline.cleanFn", "root/Clean/Learn/pipeline.learnSigFn", "root/Clean/WriteShards/pipeline.writeShardFn", "root/Clean/Dedup/Keep"} {
		if !labels[want] {
			t.Errorf("no stage %q among %v", want, slices.Sorted(maps.Keys(labels)))
		}
	}
}

// TestRun runs the command on Prism on a small JSON Lines file of
// distinct documents too short to have shingles, without boilerplate
// removal (50 pages of one site that differ in a number are boilerplate):
// every record comes out in 2 shards, and the removal log's 2 shards are
// empty.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	var in bytes.Buffer
	for i := range 50 {
		fmt.Fprintf(&in, `{"id":"d%d","text":"document number %d"}`+"\n", i, i)
	}
	log := runOn(t, dir, in.String(), "-shards", "2", "-no-boiler")
	var got []string
	for i := range 2 {
		b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("out-%05d-of-00002.jsonl", i)))
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, lines(string(b))...)
		if b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("out.removed-%05d-of-00002.jsonl", i))); err != nil || len(b) != 0 {
			t.Errorf("removal log shard %d: %d bytes, err %v; want an empty file", i, len(b), err)
		}
	}
	want := lines(in.String())
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("records written differ from the input: %d lines, want %d", len(got), len(want))
	}
	if !strings.Contains(log.String(), "50 documents (") || strings.Contains(log.String(), "warning:") {
		t.Errorf("summary %q does not count 50 records, or warns", log.String())
	}
}

// TestRunDuplicateIDs: "no warning about non-unique ids (dedupe clean
// warns)". Of six documents with the ids a, a, b, b, b, c, three have the
// id of an earlier one, and the summary says so as dedupe clean's does.
func TestRunDuplicateIDs(t *testing.T) {
	dir := t.TempDir()
	var in bytes.Buffer
	for i, id := range []string{"a", "a", "b", "b", "b", "c"} {
		fmt.Fprintf(&in, `{"id":%q,"text":"document number %d"}`+"\n", id, i)
	}
	log := runOn(t, dir, in.String(), "-shards", "1", "-no-boiler")
	if want := "warning: 3 documents have the id of an earlier document"; !strings.Contains(log.String(), want) {
		t.Errorf("summary %q lacks %q", log.String(), want)
	}
}

// runOn writes data to dir/in.jsonl and runs dedupe-beam on it with
// flags, writing dir/out-*; it returns what the run wrote on stderr.
func runOn(t *testing.T, dir, data string, flags ...string) *bytes.Buffer {
	t.Helper()
	input := filepath.Join(dir, "in.jsonl")
	if err := os.WriteFile(input, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	c := newFlags(fs)
	var err error
	if c.inputs, err = parseArgs(fs, append([]string{input, "-o", filepath.Join(dir, "out")}, flags...)); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	stderr = &log
	defer func() { stderr = os.Stderr }()
	if err := run(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return &log
}

// lines returns the lines of s, which ends with a newline if not empty.
func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// parse parses and checks a command line as main does.
func parse(args ...string) (*config, error) {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c := newFlags(fs)
	inputs, err := parseArgs(fs, args)
	if err != nil {
		return c, err
	}
	c.inputs = inputs
	return c, c.check()
}

// TestMaxBytes checks -max-bytes against dedupe clean's: the same
// default (records.DefaultMaxBytes, which is also what pipeline.Input's
// zero value reads with), the same sizes with suffixes, 0 for no limit,
// and negative values refused.
func TestMaxBytes(t *testing.T) {
	for _, c := range []struct {
		args []string
		want int
	}{
		{nil, records.DefaultMaxBytes},
		{[]string{"-max-bytes", "1M"}, 1 << 20},
		{[]string{"-max-bytes", "1.5k"}, 1536},
		{[]string{"-max-bytes", "100"}, 100},
		{[]string{"-max-bytes", "0"}, -1},
	} {
		cfg, err := parse(append([]string{"in.jsonl", "-o", "x"}, c.args...)...)
		if err != nil || cfg.opts.Input.MaxBytes != c.want {
			t.Errorf("%q: Input.MaxBytes %d, err %v; want %d", c.args, cfg.opts.Input.MaxBytes, err, c.want)
		}
	}
	for _, bad := range []string{"-5", "-1", "1.5", "5X", "1e9", ""} {
		if _, err := parse("in.jsonl", "-o", "x", "-max-bytes", bad); err == nil || !strings.Contains(err.Error(), strconv.Quote(bad)) {
			t.Errorf("-max-bytes %q: err %v, want one naming the value", bad, err)
		}
	}
}

// TestOptionChecks checks the options as dedupe clean checks them
// (cmd/dedupe/flags.go): 0, which pipeline.Options reads as the default,
// is refused where dedupe clean refuses it, and the sizes of the pipeline
// graph are bounded.
func TestOptionChecks(t *testing.T) {
	for _, c := range []struct {
		flags []string
		err   string
	}{
		{[]string{"-recall", "0"}, "-recall must be in (0, 1), not 0"},
		{[]string{"-recall", "1"}, "-recall must be in (0, 1), not 1"},
		{[]string{"-threshold", "0"}, "-threshold must be in (0, 1], not 0"},
		{[]string{"-threshold", "NaN"}, "-threshold must be in (0, 1], not NaN"},
		{[]string{"-repeat-threshold", "0"}, "-repeat-threshold must be in (0, 1], not 0"},
		{[]string{"-repeat-threshold", "1.5"}, "-repeat-threshold must be in (0, 1], not 1.5"},
		{[]string{"-min-words", "-1"}, "-min-words must not be negative"},
		{[]string{"-k", "0"}, "-k must be in [1, 64], not 0"},
		{[]string{"-k", "65"}, "-k must be in [1, 64], not 65"},
		{[]string{"-num-perm", "4"}, "-num-perm must be in [8, 1024], not 4"},
		{[]string{"-shards", "2000000000"}, "-shards must be in [1, 99999], not 2000000000"},
		{[]string{"-shards", "-1"}, "-shards must be in [1, 99999], not -1"},
		{[]string{"-cc-rounds", "2000000000"}, "-cc-rounds must be in [1, 1000], not 2000000000"},
		{[]string{"-cc-rounds", "0"}, "-cc-rounds must be in [1, 1000], not 0"},
		{[]string{"-max-candidates", "0"}, "-max-candidates must be at least 1, not 0"},
		{[]string{"-learn-max-candidates", "-1"}, "-learn-max-candidates must be at least 0, not -1"},
		{[]string{"-max-bucket", "0"}, "-max-bucket must be at least 1, not 0"},
		{[]string{"-max-component-edges", "-3"}, "-max-component-edges must be at least 1, not -3"},
	} {
		_, err := parse(append([]string{"in.jsonl", "-o", "x"}, c.flags...)...)
		if err == nil || err.Error() != c.err {
			t.Errorf("%q: err = %v, want %q", c.flags, err, c.err)
		}
	}
	for _, ok := range [][]string{
		{"-min-words", "0"}, {"-learn-max-candidates", "0"}, {"-shards", "99999"}, {"-cc-rounds", "1000"},
		{"-threshold", "1"}, {"-repeat-threshold", "1"}, {"-k", "64"}, {"-num-perm", "8"},
	} {
		if _, err := parse(append([]string{"in.jsonl", "-o", "x"}, ok...)...); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
}

// snapshot returns the files under dir and their contents ("/" for a
// folder).
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			m[p] = "/"
			return nil
		}
		b, err := os.ReadFile(p)
		m[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestRunChecksOutputs runs the command lines of the bug reports, each in
// a folder of its own: each is refused before any work, with the error
// wanted, and leaves every file as it was. An input named as an output
// shard (records or log) was overwritten with exit status 0; a rerun on
// a pattern read the first run's outputs; -o /dev/null/x and a folder
// where a log shard goes failed only after the other shards were
// written; -o dir/ wrote hidden files.
func TestRunChecksOutputs(t *testing.T) {
	const recs = `{"id":"a","text":"one two three four five six"}` + "\n" + `{"id":"b","text":"one two three four five six"}` + "\n"
	for _, c := range []struct {
		files []string // created with recs; a name ending in / is a folder
		args  []string // paths relative to the folder
		err   string
	}{
		{[]string{"x-00000-of-00001.jsonl"}, []string{"x-00000-of-00001.jsonl", "-o", "x", "-shards", "1"}, "x-00000-of-00001.jsonl is named as an output"},
		{[]string{"x.removed-00000-of-00001.jsonl"}, []string{"x.removed-00000-of-00001.jsonl", "-o", "x", "-shards", "1"}, "is named as an output"},
		{[]string{"data/a.jsonl", "data/clean-00000-of-00004.jsonl", "data/clean.removed-00000-of-00004.jsonl"},
			[]string{"data/*.jsonl", "-o", "data/clean"}, "is named as an output"},
		{[]string{"in.jsonl"}, []string{"in.jsonl", "-o", "/dev/null/x"}, "/dev/null is not a directory"},
		{[]string{"in.jsonl", "w/at/o.removed-00002-of-00004.jsonl/sub/"}, []string{"in.jsonl", "-o", "w/at/o"}, "o.removed-00002-of-00004.jsonl is a directory"},
		{[]string{"in.jsonl", "dir/"}, []string{"in.jsonl", "-o", "dir/"}, "does not end in a file name"},
	} {
		dir := t.TempDir()
		for _, f := range c.files {
			p := filepath.Join(dir, f)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(f, "/") {
				if err := os.MkdirAll(p, 0o755); err != nil {
					t.Fatal(err)
				}
			} else if err := os.WriteFile(p, []byte(recs), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		args := slices.Clone(c.args)
		for i, a := range args {
			if i == 0 || args[i-1] == "-o" && !strings.HasPrefix(a, "/") {
				args[i] = dir + "/" + a
			}
		}
		want := snapshot(t, dir)
		cfg, err := parse(args...)
		if err == nil {
			stderr = io.Discard
			err = run(context.Background(), cfg)
			stderr = os.Stderr
		}
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("dedupe-beam %q: err = %v, want %q", c.args, err, c.err)
		}
		if got := snapshot(t, dir); !maps.Equal(got, want) {
			t.Errorf("dedupe-beam %q changed the files: %v, want %v", c.args, got, want)
		}
	}
}

// TestRemovePartial checks the clean-up after a failed run: an output
// set the run began to replace is removed whole; one it did not touch
// stays as it was.
func TestRemovePartial(t *testing.T) {
	dir := t.TempDir()
	names := pipeline.OutputNames(filepath.Join(dir, "o"), 2)
	write := func(name, s string) {
		t.Helper()
		tmp := name + ".tmp"
		if err := os.WriteFile(tmp, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, name); err != nil { // as WriteShards does
			t.Fatal(err)
		}
	}
	failed := errors.New("pipeline failed")

	// An earlier run's set, untouched: kept.
	for _, n := range names {
		write(n, "old\n")
	}
	before := outputState(names)
	if err := removePartial(failed, names, before); err != failed {
		t.Errorf("untouched set: removePartial = %v, want the run's error alone", err)
	}
	if got := len(snapshot(t, dir)); got != 1+len(names) {
		t.Errorf("untouched set: %d files left, want %d", got-1, len(names))
	}

	// One shard replaced: the whole set goes.
	write(names[1], "new\n")
	err := removePartial(failed, names, before)
	if !errors.Is(err, failed) || !strings.Contains(err.Error(), "written 1 of the 4") || !strings.Contains(err.Error(), "removed the 4 files") {
		t.Errorf("one shard replaced: removePartial = %v", err)
	}
	if got := snapshot(t, dir); len(got) != 1 {
		t.Errorf("one shard replaced: files left %v", got)
	}

	// No earlier set, two shards written: both removed.
	before = outputState(names)
	write(names[0], "new\n")
	write(names[3], "new\n")
	if err := removePartial(failed, names, before); !strings.Contains(err.Error(), "removed the 2 files") {
		t.Errorf("two new shards: removePartial = %v", err)
	}
	if got := snapshot(t, dir); len(got) != 1 {
		t.Errorf("two new shards: files left %v", got)
	}
}

// TestRunRemovesPartialSet runs the command with a runner that renames
// one shard over an earlier run's set and fails, as a pipeline failing in
// its write stage does: the command fails with the runner's error and no
// shard of the set is left (an earlier run's shards included, since their
// set is no longer whole).
func TestRunRemovesPartialSet(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "in.jsonl")
	if err := os.WriteFile(input, []byte(`{"id":"a","text":"one"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "o")
	names := pipeline.OutputNames(out, 2)
	for _, n := range names {
		if err := os.WriteFile(n, []byte("earlier run\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	failed := errors.New("worker lost")
	defer func(r func(context.Context, *beam.Pipeline) (beam.PipelineResult, error)) { runPipeline = r }(runPipeline)
	runPipeline = func(context.Context, *beam.Pipeline) (beam.PipelineResult, error) {
		tmp := names[2] + ".tmp-1"
		if err := os.WriteFile(tmp, []byte("this run\n"), 0o644); err != nil {
			return nil, err
		}
		if err := os.Rename(tmp, names[2]); err != nil {
			return nil, err
		}
		return nil, failed
	}
	c, err := parse(input, "-o", out, "-shards", "2")
	if err != nil {
		t.Fatal(err)
	}
	if err := run(context.Background(), c); !errors.Is(err, failed) {
		t.Errorf("run = %v, want the runner's error", err)
	}
	if got := snapshot(t, dir); len(got) != 2 {
		t.Errorf("files left after a failed run: %v, want only the input", slices.Sorted(maps.Keys(got)))
	}
}

// TestJobCause: "a failed job printed 5.5 KB for one bad record, its
// error five times within the plans of the stage": the command prints the
// failed step's error, FILE:LINE first, and the runner's log drops its
// errors unless -v.
func TestJobCause(t *testing.T) {
	report := errors.New("job job-001 failed:\nbundle inst001 stage-005 failed:process bundle failed for instruction inst001 using plan stage-005 : while executing Process for Plan[stage-005]:\n1: DataSource[S[stage-005_source@localhost:1], i0] Out:13\n\tcaused by:\nDoFn[UID:5, PID:e3, Name: github.com/neardup/dedupe/beam/pipeline.learnSigFn] failed:\nbad.jsonl:2: missing field \"text\"")
	if got, want := jobCause(report), `bad.jsonl:2: missing field "text"`; got != want {
		t.Errorf("jobCause = %q, want %q", got, want)
	}
	if got := jobCause(errors.New("pipeline: no input matches x")); got != "" {
		t.Errorf("jobCause of an error that is not a runner's report = %q", got)
	}
	var buf bytes.Buffer
	l := slog.New(runnerLog{slog.NewTextHandler(&buf, nil)}).With("job", 1)
	l.Error("bundle failed")
	l.Warn("slow")
	if s := buf.String(); strings.Contains(s, "bundle failed") || !strings.Contains(s, "slow") {
		t.Errorf("runnerLog wrote %q: want the warning and not the error", s)
	}
}
