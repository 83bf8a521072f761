package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/neardup/dedupe/records"
)

func TestFindGolden(t *testing.T) {
	dir := demoDir(t)
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"find.jsonl", []string{"find", "-q", dir}},
		{"find-exact-0.5.jsonl", []string{"find", "-q", "-verify", "exact", "-threshold", "0.5", dir}},
	} {
		out, _, err := runCmd(t, "", tt.args...)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, tt.name, []byte(out))
		if !strings.Contains(out, `"cluster":"tb-004","kept":"tb-004"`) {
			t.Errorf("%v: no cluster found:\n%s", tt.args, out)
		}
	}
}

func TestRepeatsGolden(t *testing.T) {
	dir := demoDir(t)
	out, _, err := runCmd(t, "", "repeats", "-q", dir)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "repeats.jsonl", []byte(out))
	// The body of hg-007 (three paragraphs) was pasted twice.
	if strings.Count(out, `{"id":"hg-007","group":[`) != 3 {
		t.Errorf("want 3 groups in hg-007:\n%s", out)
	}
}

// TestIndexQuery builds an index from three sites, checks the fourth
// against it, adds the fourth and checks again.
func TestIndexQuery(t *testing.T) {
	dir := demoDir(t)
	tmp := t.TempDir()
	idx := filepath.Join(tmp, "seen.idx")
	tb := filepath.Join(dir, "techbrook.jsonl")
	if _, _, err := runCmd(t, "", "index", "-q", filepath.Join(dir, "cityweekly.jsonl"), filepath.Join(dir, "harbourgazette.jsonl"), filepath.Join(dir, "valleyfarmer.jsonl"), "-o", idx); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, "", "query", "-q", "-index", idx, tb)
	if err != nil {
		t.Fatal(err)
	}
	if out != "" {
		t.Errorf("query before adding techbrook = %q, want nothing", out)
	}
	out, _, err = runCmd(t, "", "query", "-q", "-index", idx, filepath.Join(dir, "valleyfarmer.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `{"id":"vf-003-print","duplicate_of":"vf-003","similarity":1}`) {
		t.Errorf("query output lacks vf-003-print:\n%s", out)
	}
	if _, _, err := runCmd(t, "", "index", "-q", "-add", idx, tb); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCmd(t, "", "query", "-q", "-check", "-all", "-index", idx, tb)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "query.jsonl", []byte(out))
	if n := strings.Count(out, `"similarity":1}`); n != 8 {
		t.Errorf("after adding techbrook, %d of its 8 pages found, want all:\n%s", n, out)
	}

	// With a boilerplate model, the syndicated stories of cityweekly are
	// found in an index of harbourgazette despite their different furniture.
	model := filepath.Join(tmp, "model.bin")
	sidx := filepath.Join(tmp, "stripped.idx")
	learnModel(t, model, dir)
	if _, _, err := runCmd(t, "", "index", "-q", "-model", model, filepath.Join(dir, "harbourgazette.jsonl"), "-o", sidx); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCmd(t, "", "query", "-q", "-model", model, "-index", sidx, filepath.Join(dir, "cityweekly.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`{"id":"cw-201","duplicate_of":"hg-001"`, `{"id":"cw-202","duplicate_of":"hg-003"`, `{"id":"cw-203","duplicate_of":"hg-005"`} {
		if !strings.Contains(out, want) {
			t.Errorf("query -model output lacks %s:\n%s", want, out)
		}
	}
	if _, _, err := runCmd(t, "", "query", "-q", "-index", sidx, filepath.Join(dir, "cityweekly.jsonl")); err == nil {
		t.Error("query without -model of an index built with one: no error")
	}

	// A damaged index is an error, not a panic.
	b := readFile(t, idx)
	for _, n := range []int{0, 5, 30, len(b) / 2, len(b) - 1} {
		bad := filepath.Join(tmp, "bad.idx")
		os.WriteFile(bad, b[:n], 0o644)
		if _, _, err := runCmd(t, "", "query", "-q", "-index", bad, filepath.Join(dir, "cityweekly.jsonl")); err == nil {
			t.Errorf("query with an index truncated to %d bytes: no error", n)
		}
	}
	flipped := bytes.Clone(b)
	flipped[40] ^= 0xff
	bad := filepath.Join(tmp, "bad.idx")
	os.WriteFile(bad, flipped, 0o644)
	if _, _, err := runCmd(t, "", "query", "-q", "-index", bad, filepath.Join(dir, "cityweekly.jsonl")); err == nil {
		t.Error("query with a corrupted index: no error")
	}
}

// TestIndexInputErrors: "an input's error began with the index's path, as
// if the index were corrupt": it names the input's file and line alone.
func TestIndexInputErrors(t *testing.T) {
	tmp := t.TempDir()
	idx := filepath.Join(tmp, "x.idx")
	if _, _, err := runCmd(t, "", "index", "-q", demoDir(t), "-o", idx); err != nil {
		t.Fatal(err)
	}
	badIn := writeFile(t, filepath.Join(tmp, "in.jsonl"), `{"id":"a","text":"x y z"}`+"\n{bad\n")
	for _, args := range [][]string{{"query", "-q", "-index", idx, badIn}, {"index", "-q", "-add", idx, badIn}} {
		if _, _, err := runCmd(t, "", args...); err == nil || !strings.HasPrefix(err.Error(), badIn+":2:") {
			t.Errorf("%s of a bad input: %v, want an error starting %s:2:", args[0], err, badIn)
		}
	}
}

// TestIndexAddLocks: "index -add" takes the index's lock before it reads
// the index. Two runs adding to one index both read the old index and
// both exited 0, the later dropping the other's documents; now a second
// run fails at once, before reading (here the index, corrupt, would be a
// different error).
func TestIndexAddLocks(t *testing.T) {
	tmp := t.TempDir()
	idx := writeFile(t, filepath.Join(tmp, "x.idx"), "not an index")
	held, err := records.Create(idx, records.OutputOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Abort()
	_, _, err = runCmd(t, "", "index", "-q", "-add", idx, demoDir(t))
	if err == nil || !strings.Contains(err.Error(), "another run is writing this output") {
		t.Errorf("index -add of an index being written: %v, want the lock's error", err)
	}
}

// TestLearnStrip checks that stripping with a saved model gives what clean
// gives with boilerplate removal alone.
func TestLearnStrip(t *testing.T) {
	dir := demoDir(t)
	tmp := t.TempDir()
	model := filepath.Join(tmp, "model.bin")
	learnModel(t, model, dir)
	a, b := filepath.Join(tmp, "a.jsonl"), filepath.Join(tmp, "b.jsonl")
	if _, _, err := runCmd(t, "", "strip", "-q", "-model", model, dir, "-o", a); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, "", "clean", "-q", "-no-repeats", "-no-dedup", dir, "-o", b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(readFile(t, a), readFile(t, b)) || !bytes.Equal(readFile(t, a+".removed.jsonl"), readFile(t, b+".removed.jsonl")) {
		t.Error("strip with a learned model differs from clean -no-repeats -no-dedup")
	}
	if !strings.Contains(string(readFile(t, a+".removed.jsonl")), "Become a Supporter!") {
		t.Error("strip did not remove the donation appeal")
	}
	if _, _, err := runCmd(t, "", "strip", "-q", "-model", filepath.Join(dir, "techbrook.jsonl"), dir, "-o", a); err == nil {
		t.Error("strip with a file that is not a model: no error")
	}
}

func TestEvalUsage(t *testing.T) {
	for _, args := range [][]string{{"eval"}, {"eval", "nope"}, {"eval", "neardup"}, {"eval", "boiler"}, {"eval", "neardup", "-corpus", "x", "-truth", "y", "-verify", "maybe"}, {"eval", "repeats", "-corpus", "x"}} {
		if _, _, err := runCmd(t, "", args...); err == nil {
			t.Errorf("dedupe %v: no error", args)
		} else if _, ok := err.(usageError); !ok {
			t.Errorf("dedupe %v: %v is not a usage error", args, err)
		}
	}
}

// TestEvalData runs the evaluations on the shared data when it is present.
func TestEvalData(t *testing.T) {
	data := filepath.Join("..", "..", "..", "shared", "data")
	lic := filepath.Join(data, "neardup", "licenses")
	if _, err := os.Stat(lic); err != nil {
		t.Skip("no ../shared/data")
	}
	if testing.Short() {
		t.Skip("short")
	}
	out, _, err := runCmd(t, "", "eval", "neardup", "-corpus", filepath.Join(lic, "corpus.jsonl.gz"), "-truth", filepath.Join(lic, "truth.jsonl.gz"), "-normalize", "whitespace")
	if err != nil {
		t.Fatal(err)
	}
	out2, _, err := runCmd(t, "", "eval", "repeats", "-corpus", filepath.Join(lic, "corpus.jsonl.gz"), "-truth", filepath.Join(lic, "para_truth.jsonl.gz"))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []string{out, out2} {
		for _, k := range []string{`"precision":`, `"recall":`, `"f1":`, `"tp":`, `"fp":`, `"fn":`} {
			if !strings.Contains(o, k) {
				t.Errorf("eval output lacks %s: %s", k, o)
			}
		}
	}
}

// TestCompressed reads gzip and zstd inputs and writes compressed outputs:
// the content is that of the plain run.
func TestCompressed(t *testing.T) {
	dir := demoDir(t)
	tmp := t.TempDir()
	plain := filepath.Join(dir, "harbourgazette.jsonl")
	data := string(readFile(t, plain))
	gzIn := gz(t, filepath.Join(tmp, "in.jsonl.gz"), data, false)
	var zb bytes.Buffer
	zw, _ := zstd.NewWriter(&zb)
	zw.Write([]byte(data))
	zw.Close()
	zstIn := filepath.Join(tmp, "in.jsonl.zst")
	os.WriteFile(zstIn, zb.Bytes(), 0o644)
	want := filepath.Join(tmp, "want.jsonl")
	if _, _, err := runCmd(t, "", "clean", "-q", plain, "-o", want); err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{gzIn, zstIn} {
		for _, ext := range []string{".jsonl", ".jsonl.gz", ".jsonl.zst"} {
			out := filepath.Join(tmp, "out"+ext)
			if _, _, err := runCmd(t, "", "clean", "-q", in, "-o", out, "-log", filepath.Join(tmp, "log.jsonl")); err != nil {
				t.Fatal(err)
			}
			r, err := records.Open(out)
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(r)
			r.Close()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, readFile(t, want)) {
				t.Errorf("clean %s -o %s: content differs from the plain run", filepath.Base(in), filepath.Base(out))
			}
		}
	}
	// A truncated zstd stream is an error naming the file.
	os.WriteFile(zstIn, zb.Bytes()[:zb.Len()/2], 0o644)
	if _, _, err := runCmd(t, "", "clean", "-q", zstIn, "-o", filepath.Join(tmp, "x.jsonl")); err == nil || !strings.Contains(err.Error(), "in.jsonl.zst") {
		t.Errorf("truncated zstd: error %v, want one naming the file", err)
	}
}

// TestCompressedModelIndex: "learn -o m.bin.gz, index -o x.idx.zst:
// strip and query failed with bad magic", and "-o x.parquet on learn,
// index, find, repeats, query and gen failed after the run, or wrote a
// bogus file". A model and an index written compressed now read back as
// written plain, and only clean and strip write Parquet.
func TestCompressedModelIndex(t *testing.T) {
	plain := filepath.Join(demoDir(t), "harbourgazette.jsonl")
	tmp := t.TempDir()
	for _, ext := range []string{"", ".gz", ".zst"} {
		model, idx := filepath.Join(tmp, "m.bin"+ext), filepath.Join(tmp, "x.idx"+ext)
		stripped, queried := filepath.Join(tmp, "s"+ext+".jsonl"), filepath.Join(tmp, "q"+ext+".jsonl")
		for _, args := range [][]string{
			{"learn", "-q", plain, "-o", model},
			{"strip", "-q", "-model", model, plain, "-o", stripped},
			{"index", "-q", plain, "-o", idx},
			{"query", "-q", "-all", "-index", idx, plain, "-o", queried},
		} {
			if _, _, err := runCmd(t, "", args...); err != nil {
				t.Fatal(args, err)
			}
		}
		if ext != "" {
			for _, p := range [][2]string{{"s", stripped}, {"q", queried}} {
				if !bytes.Equal(readFile(t, p[1]), readFile(t, filepath.Join(tmp, p[0]+".jsonl"))) {
					t.Errorf("%s: differs from the run with the model and index written plain", p[1])
				}
			}
		}
	}
	// Elsewhere a .parquet output is a usage error before the run, and
	// nothing is written.
	for _, args := range [][]string{
		{"learn", plain, "-o"}, {"index", plain, "-o"}, {"find", plain, "-o"}, {"repeats", plain, "-o"},
		{"query", "-index", filepath.Join(tmp, "x.idx"), plain, "-o"}, {"gen", "-docs", "3", "-o"},
	} {
		pq := filepath.Join(tmp, "out.parquet")
		_, _, err := runCmd(t, "", append(args, pq)...)
		var u usageError
		if !errors.As(err, &u) || !strings.Contains(err.Error(), "only clean and strip write Parquet") {
			t.Errorf("%s -o %s: %v, want a usage error", args[0], pq, err)
		}
		if _, err := os.Stat(pq); err == nil {
			t.Errorf("%s -o %s: the file was written", args[0], pq)
		}
	}
}

// TestReportLog writes the report of a run whose removal log is
// compressed, in clean (-report) and from the log afterwards, and names
// the log's file and line when a line of it is not a record.
func TestReportLog(t *testing.T) {
	dir := demoDir(t)
	tmp := t.TempDir()
	log := filepath.Join(tmp, "removed.jsonl.zst")
	r1 := filepath.Join(tmp, "r1.html")
	if _, _, err := runCmd(t, "", "clean", "-q", dir, "-o", filepath.Join(tmp, "out.jsonl"), "-log", log, "-report", r1); err != nil {
		t.Fatal(err)
	}
	if bytes.HasPrefix(readFile(t, log), []byte("{")) {
		t.Fatal("the .zst log is not compressed")
	}
	r2, r3 := filepath.Join(tmp, "r2.html"), filepath.Join(tmp, "r3.html")
	if _, _, err := runCmd(t, "", "report", log, "-o", r2); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, "", "report", "-q", log, dir, "-o", r3); err != nil {
		t.Fatal(err)
	}
	for _, r := range []string{r1, r2, r3} {
		if !strings.Contains(string(readFile(t, r)), "Become a Supporter!") {
			t.Errorf("%s lacks the donation appeal the run removed", filepath.Base(r))
		}
	}
	bad := filepath.Join(tmp, "bad.jsonl")
	os.WriteFile(bad, []byte("\nnot json\n"), 0o644) // line 1 blank, skipped
	for _, args := range [][]string{{"report", bad, "-o", r2}, {"report", "-q", bad, dir, "-o", r3}} {
		if _, _, err := runCmd(t, "", args...); err == nil || !strings.Contains(err.Error(), bad+":2: ") {
			t.Errorf("dedupe %v: error %v, want one naming %s:2", args, err, bad)
		}
	}
}

// TestReportLineLimit: report reads a log's lines up to what a run of
// its -max-bytes writes (report.LineBytesFor), and without a bound for
// -max-bytes 0, as the run read its records.
func TestReportLineLimit(t *testing.T) {
	tmp := t.TempDir()
	log := filepath.Join(tmp, "removed.jsonl")
	text := strings.Repeat("x", 2<<20) // a 2 MB paragraph
	os.WriteFile(log, []byte(`{"id":"a","what":"document","why":"empty"}`+"\n"+
		`{"id":"b","what":"paragraph","why":"boilerplate","text":"`+text+`"}`+"\n"), 0o644)
	out := filepath.Join(tmp, "r.html")
	// -max-bytes 100k: lines up to 1.6 MB
	if _, _, err := runCmd(t, "", "report", "-max-bytes", "100k", log, "-o", out); err == nil || !strings.Contains(err.Error(), log+":2: line too long") {
		t.Errorf("report -max-bytes 100k: %v, want line 2 of %s too long", err, log)
	}
	for _, mb := range []string{"1M", "0"} {
		if _, _, err := runCmd(t, "", "report", "-max-bytes", mb, log, "-o", out); err != nil {
			t.Errorf("report -max-bytes %s: %v", mb, err)
		}
	}
}

// TestQueryLowThreshold: "query -threshold below the index's silently
// lost almost all recall (1 of 86 pairs at 0.3 on a 0.8 index)": the
// command warns.
func TestQueryLowThreshold(t *testing.T) {
	dir := demoDir(t)
	idx := filepath.Join(t.TempDir(), "x.idx")
	if _, _, err := runCmd(t, "", "index", "-q", dir, "-o", idx); err != nil {
		t.Fatal(err)
	}
	for th, warn := range map[string]bool{"0.3": true, "0.9": false} {
		_, stderr, err := runCmd(t, "", "query", "-threshold", th, "-index", idx, dir)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(stderr, "warning: -threshold "+th+" is below the index's"); got != warn {
			t.Errorf("query -threshold %s: warning %v, want %v:\n%s", th, got, warn, stderr)
		}
	}
}

// TestLearnSkipBad: "learn -skip-bad never reported the records it
// skipped (learn: 0 sites, while 400 records were dropped)". One record
// without a text and one over -max-bytes are counted, as the other
// commands count them.
func TestLearnSkipBad(t *testing.T) {
	tmp := t.TempDir()
	in := writeFile(t, filepath.Join(tmp, "in.jsonl"), `{"id":"a","text":"one two three"}`+"\n"+`{"id":"b"}`+"\n"+`{"id":"c","text":"`+strings.Repeat("x ", 100)+`"}`+"\n")
	_, stderr, err := runCmd(t, "", "learn", "-skip-bad", "-max-bytes", "100", in, "-o", filepath.Join(tmp, "m.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr, "learn: 3 documents") || !strings.Contains(stderr, "; 2 malformed records skipped") {
		t.Errorf("learn -skip-bad summary %q: want 3 documents and 2 malformed records skipped", stderr)
	}
}

// TestModelNoBoiler: "clean -model M -no-boiler ignored the model without
// a word": it warns.
func TestModelNoBoiler(t *testing.T) {
	dir := demoDir(t)
	tmp := t.TempDir()
	model := filepath.Join(tmp, "m.bin")
	learnModel(t, model, dir)
	_, stderr, err := runCmd(t, "", "clean", "-no-boiler", "-model", model, dir, "-o", filepath.Join(tmp, "out.jsonl"))
	if err != nil || !strings.Contains(stderr, "warning: -model "+model+" is not used") {
		t.Errorf("clean -no-boiler -model: %v, stderr %q: want a warning", err, stderr)
	}
}

// TestGenMB: -mb writes at least one record (-mb 1 with documents of 2 MB
// wrote an empty file).
func TestGenMB(t *testing.T) {
	out := filepath.Join(t.TempDir(), "g.jsonl")
	if _, _, err := runCmd(t, "", "gen", "-mb", "1", "-doc-bytes", "2000000", "-o", out); err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(readFile(t, out), []byte("\n")); n != 1 {
		t.Errorf("gen -mb 1 -doc-bytes 2000000 wrote %d records, want 1", n)
	}
}
