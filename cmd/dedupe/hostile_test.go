package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"

	"github.com/neardup/dedupe"
	"github.com/neardup/dedupe/records"
)

// Cases of issue 15 ("hostile and unlucky input"), each with the
// reproduction it comes from.

// TestNaNFlags: "find|clean|index -threshold NaN and -recall NaN panic;
// query -threshold NaN returns 0 matches, repeats -repeat-threshold NaN 0
// groups; -recall 0 is accepted; learn -prune -1 accepted"; eval's and
// gen's bounds.
func TestNaNFlags(t *testing.T) {
	dir := demoDir(t)
	out := filepath.Join(t.TempDir(), "out")
	idx := filepath.Join(t.TempDir(), "x.idx")
	if _, _, err := runCmd(t, "", "index", "-q", dir, "-o", idx); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"find", "-threshold", "NaN", dir},
		{"clean", "-threshold", "NaN", dir, "-o", out},
		{"index", "-threshold", "NaN", dir, "-o", out},
		{"find", "-recall", "NaN", dir},
		{"clean", "-recall", "0", dir, "-o", out},
		{"clean", "-recall", "1", dir, "-o", out},
		{"clean", "-threshold", "+Inf", dir, "-o", out},
		{"clean", "-repeat-threshold", "-Inf", dir, "-o", out},
		{"query", "-threshold", "NaN", "-index", idx, dir},
		{"repeats", "-repeat-threshold", "NaN", dir},
		{"learn", "-prune", "-1", dir, "-o", out},
		{"clean", "-max-bytes", "-5", dir, "-o", out},
		{"eval", "neardup", "-corpus", dir, "-truth", dir, "-threshold", "NaN"},
		{"eval", "neardup", "-corpus", dir, "-truth", dir, "-recall", "NaN"},
		{"eval", "repeats", "-corpus", dir, "-truth", dir, "-threshold", "NaN"},
		// "eval -num-perm 0 ran with 128, -j 0 ran, -num-perm -1 and -j -2
		// were runtime errors; gen checked none of its flags"
		{"eval", "neardup", "-corpus", dir, "-truth", dir, "-num-perm", "0"},
		{"eval", "neardup", "-corpus", dir, "-truth", dir, "-num-perm", "-1"},
		{"eval", "neardup", "-corpus", dir, "-truth", dir, "-j", "0"},
		{"eval", "repeats", "-corpus", dir, "-truth", dir, "-j", "-2"},
		{"gen", "-docs", "-5", "-o", out},
		{"gen", "-mb", "-1", "-o", out},
		{"gen", "-mb", "9300000000000", "-o", out},
		{"gen", "-dup-rate", "2", "-o", out},
		{"gen", "-dup-rate", "NaN", "-o", out},
		{"gen", "-edit-rate", "-1", "-o", out},
		{"gen", "-edit-rate", "+Inf", "-o", out},
		{"gen", "-sites", "-3", "-o", out},
		{"gen", "-doc-bytes", "-100", "-mb", "1", "-o", out},
		{"gen", "-docs", "0", "-doc-bytes", "99999999999", "-o", out}, // 0: quick without the check
		// a record of -doc-bytes 64 MiB was 67.5 MB, over the readers' limit
		{"gen", "-docs", "0", "-doc-bytes", "67108864", "-o", out},
	} {
		_, _, err := runCmd(t, "", args...)
		var u usageError
		if !errors.As(err, &u) {
			t.Errorf("dedupe %v: %v, want a usage error", args, err)
		}
	}
}

// TestOutputPaths: "-o replaces special files: a FIFO, /dev/full as root
// become regular files; -o /dev/null fails as non-root; -o DIR runs the
// whole job and then fails at the rename"; and "two runs with the same -o
// interleave".
func TestOutputPaths(t *testing.T) {
	dir := demoDir(t)
	tmp := t.TempDir()
	fifo := filepath.Join(tmp, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, o := range []string{tmp, fifo, "/dev/null"} {
		_, _, err := runCmd(t, "", "clean", "-q", dir, "-o", o)
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("clean -o %s: %v, want not a regular file", o, err)
		}
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v %v", fi.Mode(), err)
	}
	out := filepath.Join(tmp, "out.jsonl")
	held, err := records.Create(out, records.OutputOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Abort()
	if _, _, err := runCmd(t, "", "clean", "-q", dir, "-o", out); err == nil || !strings.Contains(err.Error(), "another run is writing") {
		t.Errorf("clean -o a locked output: %v", err)
	}
	if _, _, err := runCmd(t, "", "clean", "-q", dir, "-o", filepath.Join(tmp, "other.jsonl"), "-log", out); err == nil {
		t.Error("clean -log a locked output: no error")
	}
}

// TestOutputsReplaceNothing: "clean -report INPUT, -report OUT, report
// LOG -o LOG, index/strip/clean -o MODEL, query -o INDEX and -cpuprofile
// INPUT overwrite the file read, or the other output, with exit status 0"
// (the profile even before the input was read). Each is now a usage error
// naming both files, and every file is left as it was.
func TestOutputsReplaceNothing(t *testing.T) {
	tmp := t.TempDir()
	in := filepath.Join(tmp, "in.jsonl")
	if err := os.CopyFS(filepath.Join(tmp, "corpus"), os.DirFS(demoDir(t))); err != nil {
		t.Fatal(err)
	}
	corpus := filepath.Join(tmp, "corpus")
	entries, err := os.ReadDir(corpus)
	if err != nil || len(entries) == 0 {
		t.Fatal(entries, err)
	}
	doc := filepath.Join(corpus, entries[0].Name())
	writeFile(t, in, string(readFile(t, doc)))
	out, model, idx := filepath.Join(tmp, "out.jsonl"), filepath.Join(tmp, "m.bin"), filepath.Join(tmp, "x.idx")
	for _, args := range [][]string{{"clean", in, "-o", out}, {"learn", in, "-o", model}, {"index", in, "-o", idx}} {
		if _, _, err := runCmd(t, "", append([]string{args[0], "-q"}, args[1:]...)...); err != nil {
			t.Fatal(args, err)
		}
	}
	log := out + ".removed.jsonl"
	files := []string{in, doc, out, log, model, idx}
	before := make([][]byte, len(files))
	for i, f := range files {
		before[i] = readFile(t, f)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"clean", in, "-o", filepath.Join(tmp, "o2.jsonl"), "-report", in}, "-report " + in + " would replace INPUT " + in},
		{[]string{"clean", in, "-o", out, "-report", out}, "-o " + out + " and -report " + out + " name the same file"},
		{[]string{"clean", in, "-o", out, "-report", log}, "-log " + log + " and -report " + log + " name the same file"},
		{[]string{"clean", in, "-o", out, "-log", out}, "-o " + out + " and -log " + out + " name the same file"},
		{[]string{"report", log, "-o", log}, "-o " + log + " would replace LOG " + log},
		{[]string{"report", log, in, "-o", in}, "-o " + in + " would replace INPUT " + in},
		{[]string{"clean", "-model", model, in, "-o", model}, "-o " + model + " would replace -model " + model},
		{[]string{"strip", "-model", model, in, "-o", filepath.Join(tmp, "o3.jsonl"), "-log", model}, "-log " + model + " would replace -model"},
		{[]string{"index", "-model", model, in, "-o", model}, "-o " + model + " would replace -model"},
		{[]string{"query", "-index", idx, in, "-o", idx}, "-o " + idx + " would replace -index " + idx},
		{[]string{"learn", "-cpuprofile", in, in, "-o", filepath.Join(tmp, "m2.bin")}, "-cpuprofile " + in + " would replace INPUT"},
		{[]string{"learn", "-memprofile", doc, corpus, "-o", filepath.Join(tmp, "m3.bin")}, "-memprofile " + doc + " would replace INPUT " + corpus},
		{[]string{"index", "-add", idx, "-cpuprofile", idx, in}, "-add " + idx + " and -cpuprofile " + idx + " name the same file"},
	} {
		_, _, err := runCmd(t, "", append([]string{c.args[0], "-q"}, c.args[1:]...)...)
		var u usageError
		if err == nil || !errors.As(err, &u) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("dedupe %s: %v, want a usage error containing %q", strings.Join(c.args, " "), err, c.want)
		}
	}
	for i, f := range files {
		if !bytes.Equal(readFile(t, f), before[i]) {
			t.Errorf("%s was changed", f)
		}
	}
}

// TestIndexSettings: "index -add silently ignores -k, -num-perm, -threshold
// that differ from the index's; query -model accepts a model other than
// the index's"; "bytes appended after a valid index are accepted".
func TestIndexSettings(t *testing.T) {
	dir := demoDir(t)
	tmp := t.TempDir()
	idx := filepath.Join(tmp, "x.idx")
	model := filepath.Join(tmp, "m.model")
	other := filepath.Join(tmp, "o.model")
	learnModel(t, model, dir)
	learnModel(t, other, filepath.Join(dir, "harbourgazette.jsonl"))
	if _, _, err := runCmd(t, "", "index", "-q", "-model", model, dir, "-o", idx); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"index", "-q", "-add", idx, "-k", "7", "-model", model, dir},
		{"index", "-q", "-add", idx, "-num-perm", "64", "-model", model, dir},
		{"index", "-q", "-add", idx, "-threshold", "0.5", "-model", model, dir},
	} {
		if _, _, err := runCmd(t, "", args...); err == nil {
			t.Errorf("dedupe %v: no error", args)
		}
	}
	if _, _, err := runCmd(t, "", "index", "-q", "-add", idx, "-k", "5", "-model", model, dir); err != nil {
		t.Errorf("index -add with the index's own -k: %v", err)
	}
	for _, m := range []string{other, ""} {
		args := []string{"query", "-q", "-index", idx, dir}
		if m != "" {
			args = append(args, "-model", m)
		}
		if _, _, err := runCmd(t, "", args...); err == nil || !strings.Contains(err.Error(), "model") {
			t.Errorf("query with model %q: %v", m, err)
		}
	}
	b := readFile(t, idx)
	bad := writeFile(t, filepath.Join(tmp, "bad.idx"), string(b)+"junk")
	if _, _, err := runCmd(t, "", "query", "-q", "-model", model, "-index", bad, dir); err == nil || !strings.Contains(err.Error(), "after the index") {
		t.Errorf("query of an index with bytes after it: %v", err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

// TestHelpWriteError: "help > /dev/full exits 0".
func TestHelpWriteError(t *testing.T) {
	old := stdout
	stdout = failWriter{}
	defer func() { stdout = old }()
	for _, args := range [][]string{{"help"}, {"-h"}, {"clean", "-h"}} {
		if err := run(args); err == nil {
			t.Errorf("dedupe %v to a full device: no error", args)
		}
	}
}

// TestGCPercent: the run flags set the collector to defaultGCPercent
// unless GOGC is set, which the runtime has read and the flags leave alone.
func TestGCPercent(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	f := runFlags{j: 1, memLimit: defaultMemLimit}
	t.Setenv("GOGC", "")
	if err := f.apply(&dedupe.Options{}); err != nil {
		t.Fatal(err)
	}
	if got := debug.SetGCPercent(80); got != defaultGCPercent {
		t.Errorf("GOGC unset: GC percent %d, want %d", got, defaultGCPercent)
	}
	t.Setenv("GOGC", "80")
	if err := f.apply(&dedupe.Options{}); err != nil {
		t.Fatal(err)
	}
	if got := debug.SetGCPercent(100); got != 80 {
		t.Errorf("GOGC=80: GC percent %d, want 80", got)
	}
}
