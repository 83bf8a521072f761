package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/neardup/dedupe"
	"github.com/neardup/dedupe/records"
	"runtime"
	"runtime/debug"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// dedupe runs the command line args with stdin as standard input and returns
// what it wrote to stdout and stderr. Tests using it must not run in parallel.
func runCmd(t *testing.T, input string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	oldIn, oldOut, oldErr := stdin, stdout, stderr
	stdin, stdout, stderr = strings.NewReader(input), &out, &errb
	defer func() { stdin, stdout, stderr = oldIn, oldOut, oldErr }()
	err := run(args)
	return out.String(), errb.String(), err
}

// learnModel runs "dedupe learn" on inputs, writing the model to path.
func learnModel(t *testing.T, path string, inputs ...string) {
	t.Helper()
	args := append(append([]string{"learn", "-q"}, inputs...), "-o", path)
	if _, _, err := runCmd(t, "", args...); err != nil {
		t.Fatal(err)
	}
}

// demoDir writes the embedded demo corpus to a temporary folder.
func demoDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "demo")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, _, err := writeDemo(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; got:\n%s\n(run go test -update if the change is intended)", path, firstLines(got, 40))
	}
}

func firstLines(b []byte, n int) string {
	lines := strings.SplitN(string(b), "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDemo(t *testing.T) {
	out, _, err := runCmd(t, "")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "demo.golden", []byte(out))
	for _, want := range []string{"near-duplicate", "hg-007", "Copyright 2025 Harbour Gazette Wire", "Become a Supporter!"} {
		if !strings.Contains(strings.ToLower(out), strings.ToLower(want)) {
			t.Errorf("demo output lacks %q", want)
		}
	}
}

func TestCleanGolden(t *testing.T) {
	dir := demoDir(t)
	out := filepath.Join(t.TempDir(), "clean.jsonl")
	if _, _, err := runCmd(t, "", "clean", "-q", dir, "-o", out); err != nil {
		t.Fatal(err)
	}
	golden(t, "clean.jsonl", readFile(t, out))
	golden(t, "clean.removed.jsonl", readFile(t, out+".removed.jsonl"))
}

// TestDeterminism checks that the output does not depend on -j (the
// engine's TestDeterminism also cuts the input into many small batches).
func TestDeterminism(t *testing.T) {
	dir := demoDir(t)
	tmp := t.TempDir()
	for _, args := range [][]string{nil, {"-no-boiler"}, {"-no-dedup", "-no-repeats"}} {
		var outs [][]byte
		for _, j := range []string{"1", "4"} {
			out := filepath.Join(tmp, "j"+j+".jsonl")
			a := append([]string{"clean", "-q", "-j", j, dir, "-o", out}, args...)
			if _, _, err := runCmd(t, "", a...); err != nil {
				t.Fatal(err)
			}
			outs = append(outs, append(readFile(t, out), readFile(t, out+".removed.jsonl")...))
		}
		if !bytes.Equal(outs[0], outs[1]) {
			t.Errorf("clean %v: output with -j 1 differs from -j 4", args)
		}
	}
	for _, cmd := range []string{"find", "repeats"} {
		a, _, err := runCmd(t, "", cmd, "-q", "-j", "1", dir)
		if err != nil {
			t.Fatal(err)
		}
		b, _, err := runCmd(t, "", cmd, "-q", "-j", "4", dir)
		if err != nil {
			t.Fatal(err)
		}
		if a != b {
			t.Errorf("%s: output with -j 1 differs from -j 4", cmd)
		}
	}
}

type logLine struct {
	ID   string `json:"id"`
	What string `json:"what"`
	Why  string `json:"why"`
	Kept string `json:"kept"`
}

// ids returns the ids of the records of a JSON Lines file.
func ids(t *testing.T, b []byte) []string {
	t.Helper()
	var out []string
	for _, l := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
		if len(l) == 0 {
			continue
		}
		var r struct{ ID string }
		if err := json.Unmarshal(l, &r); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		out = append(out, r.ID)
	}
	return out
}

// TestAccounting checks that every input document is in exactly one of the
// output and the removal log, for each combination of steps.
func TestAccounting(t *testing.T) {
	dir := demoDir(t)
	var in []byte
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		in = append(in, readFile(t, filepath.Join(dir, e.Name()))...)
	}
	inIDs := ids(t, in)
	for _, args := range [][]string{nil, {"-no-boiler"}, {"-no-dedup"}, {"-no-repeats"}, {"-no-boiler", "-no-dedup", "-no-repeats"}} {
		out := filepath.Join(t.TempDir(), "out.jsonl")
		if _, _, err := runCmd(t, "", append([]string{"clean", "-q", dir, "-o", out}, args...)...); err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, id := range ids(t, readFile(t, out)) {
			seen[id]++
		}
		kept := map[string]bool{}
		for id := range seen {
			kept[id] = true
		}
		logged := readFile(t, out+".removed.jsonl")
		for _, l := range bytes.Split(logged, []byte("\n")) {
			var r logLine
			if json.Unmarshal(l, &r) == nil && r.Why == "empty" {
				kept[r.ID] = true // its paragraph records say why it is empty
			}
		}
		for _, l := range bytes.Split(bytes.TrimSpace(readFile(t, out+".removed.jsonl")), []byte("\n")) {
			if len(l) == 0 {
				continue
			}
			var r logLine
			if err := json.Unmarshal(l, &r); err != nil {
				t.Fatal(err)
			}
			switch r.What {
			case "document", "record":
				seen[r.ID]++
				if r.Why == "near-duplicate" && !kept[r.Kept] {
					t.Errorf("%v: %s removed as a near-duplicate of %q, which is not in the output", args, r.ID, r.Kept)
				}
				if r.Why == "near-duplicate" && seen[r.Kept] != 1 {
					t.Errorf("%v: %s kept in place of %s is not in the output", args, r.Kept, r.ID)
				}
			case "paragraph":
				if !kept[r.ID] {
					t.Errorf("%v: paragraph record of %s, which is not in the output", args, r.ID)
				}
			default:
				t.Errorf("%v: log record with what=%q", args, r.What)
			}
		}
		for _, id := range inIDs {
			if seen[id] != 1 {
				t.Errorf("%v: %s appears %d times in output and log, want 1", args, id, seen[id])
			}
			delete(seen, id)
		}
		for id := range seen {
			t.Errorf("%v: %s in the output or log is not an input", args, id)
		}
		if args == nil && len(ids(t, readFile(t, out))) == len(inIDs) {
			t.Errorf("clean removed no document from the demo corpus")
		}
	}
}

func TestStdin(t *testing.T) {
	dir := demoDir(t)
	in := string(readFile(t, filepath.Join(dir, "harbourgazette.jsonl")))
	tmp := t.TempDir()
	a, b := filepath.Join(tmp, "a.jsonl"), filepath.Join(tmp, "b.jsonl")
	if _, _, err := runCmd(t, "", "clean", "-q", filepath.Join(dir, "harbourgazette.jsonl"), "-o", a); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, in, "clean", "-q", "-", "-o", b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(readFile(t, a), readFile(t, b)) {
		t.Error("clean of stdin differs from clean of the same file")
	}
	// Output to stdout with an explicit log.
	out, _, err := runCmd(t, in, "clean", "-q", "-", "-o", "-", "-log", filepath.Join(tmp, "log.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if out != string(readFile(t, a)) {
		t.Error("clean -o - differs from clean -o FILE")
	}
}

// TestCarryThrough checks that unknown fields and their order survive, that
// only the text is rewritten, and that custom field names work.
func TestCarryThrough(t *testing.T) {
	tmp := t.TempDir()
	in := writeFile(t, filepath.Join(tmp, "in.jsonl"),
		`{"meta":{"a":[1,2,{"b":null}]},"name":"x1","body":"One line only.\n\nOne line only, and more text here that is long enough to be a paragraph of its own right.\n\nOne line only, and more text here that is long enough to be a paragraph of its own right.","n":1.5e3}
{"name":"x2","body":"bad `+"\xff"+` byte and \u00e9 escape"}
`)
	out := filepath.Join(tmp, "out.jsonl")
	if _, _, err := runCmd(t, "", "clean", "-q", "-no-boiler", "-id-field", "name", "-text-field", "body", in, "-o", out); err != nil {
		t.Fatal(err)
	}
	want := `{"meta":{"a":[1,2,{"b":null}]},"name":"x1","body":"One line only.\n\nOne line only, and more text here that is long enough to be a paragraph of its own right.","n":1.5e3}
{"name":"x2","body":"bad ` + "\uFFFD" + ` byte and é escape"}
`
	if got := string(readFile(t, out)); got != want {
		t.Errorf("output:\n%s\nwant:\n%s", got, want)
	}
}

// TestFolder reads plain text files from a folder, in sorted order.
func TestFolder(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "pages")
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	os.MkdirAll(filepath.Join(dir, ".hidden"), 0o755)
	body := "The quick brown fox jumps over the lazy dog near the river bank today.\n"
	writeFile(t, filepath.Join(dir, "b.txt"), body)
	writeFile(t, filepath.Join(dir, "a.txt"), "Something else entirely, with enough words to make several shingles.\n")
	writeFile(t, filepath.Join(dir, "sub", "c.txt"), body)
	writeFile(t, filepath.Join(dir, ".hidden", "d.txt"), body)
	writeFile(t, filepath.Join(dir, "e.jsonl"), `{"id":"e","text":"from a JSON Lines file inside the folder"}`+"\n")
	out := filepath.Join(tmp, "out.jsonl")
	if _, _, err := runCmd(t, "", "clean", "-q", "-no-boiler", dir, "-o", out); err != nil {
		t.Fatal(err)
	}
	got := ids(t, readFile(t, out))
	want := []string{filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt"), "e"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("ids = %v, want %v", got, want)
	}
	log := string(readFile(t, out+".removed.jsonl"))
	if !strings.Contains(log, `"kept":"`+filepath.Join(dir, "b.txt")+`"`) {
		t.Errorf("sub/c.txt not logged as a copy of b.txt:\n%s", log)
	}
}

func gz(t *testing.T, path, content string, truncate bool) string {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(content))
	zw.Close()
	data := b.Bytes()
	if truncate {
		data = data[:len(data)/2]
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestBadInput(t *testing.T) {
	tmp := t.TempDir()
	good := `{"id":"a","text":"hello there"}` + "\n"
	long := strings.Repeat("word ", 20000)
	var gzBody strings.Builder
	for i := 0; i < 2000; i++ {
		gzBody.WriteString(`{"id":"g","text":"` + long[:100] + `"}` + "\n")
	}
	files := map[string]string{
		"malformed.jsonl": good + `{"id":"b","text":"unterminated}` + "\n",
		"notext.jsonl":    good + `{"id":"b","body":"x"}` + "\n",
		"numtext.jsonl":   good + `{"id":"b","text":5}` + "\n",
		"array.jsonl":     `[1,2]` + "\n",
		"trailing.jsonl":  `{"id":"b","text":"x"} x` + "\n",
	}
	for name, content := range files {
		writeFile(t, filepath.Join(tmp, name), content)
	}
	trunc := gz(t, filepath.Join(tmp, "trunc.jsonl.gz"), gzBody.String(), true)
	inputIsOut := writeFile(t, filepath.Join(tmp, "same.jsonl"), good)
	out := filepath.Join(tmp, "out.jsonl")
	tests := []struct {
		args  []string
		usage bool
		want  string
	}{
		{[]string{"clean", filepath.Join(tmp, "malformed.jsonl"), "-o", out}, false, "malformed.jsonl:2: invalid JSON"},
		{[]string{"clean", filepath.Join(tmp, "notext.jsonl"), "-o", out}, false, `notext.jsonl:2: missing field "text"`},
		{[]string{"clean", filepath.Join(tmp, "numtext.jsonl"), "-o", out}, false, `numtext.jsonl:2: field "text" is not a string`},
		{[]string{"clean", filepath.Join(tmp, "array.jsonl"), "-o", out}, false, "array.jsonl:1: not a JSON object"},
		{[]string{"clean", filepath.Join(tmp, "trailing.jsonl"), "-o", out}, false, "trailing.jsonl:1: invalid JSON at byte 23: unexpected data after the object"},
		{[]string{"clean", trunc, "-o", out}, false, "trunc.jsonl.gz"},
		{[]string{"clean", filepath.Join(tmp, "missing.jsonl"), "-o", out}, false, "missing.jsonl: no such file"},
		{[]string{"clean", inputIsOut, "-o", inputIsOut}, true, "-o " + inputIsOut + " would replace INPUT"},
		{[]string{"clean", inputIsOut}, true, "missing -o"},
		{[]string{"clean", "-o", out}, true, "no INPUT"},
		{[]string{"clean", "-threshold", "2", inputIsOut, "-o", out}, true, "-threshold"},
		{[]string{"clean", "-nosuchflag", inputIsOut, "-o", out}, true, "nosuchflag"},
		// -mark conflicts were the engine's errors, exit status 1 (QA)
		{[]string{"clean", "-mark", "-verify", "estimate", inputIsOut, "-o", out}, true, "-mark needs -verify exact"},
		{[]string{"clean", "-mark", inputIsOut, "-o", filepath.Join(tmp, "out.parquet")}, true, "-mark needs a JSON Lines OUT"},
		// outputs written after the run, checked before it: OUT is not
		// committed (it was, before the report's bad path failed)
		{[]string{"clean", inputIsOut, "-o", out, "-report", filepath.Join(tmp, "nodir", "r.html")}, false, "nodir"},
		{[]string{"clean", inputIsOut, "-o", out, "-memprofile", filepath.Join(tmp, "nodir", "m.prof")}, false, "nodir"},
		{[]string{"clean", inputIsOut, "-o", "-", "-log", filepath.Join(tmp, "l.jsonl"), "-report", "-"}, true, "would both write to standard output"},
		{[]string{"clean", inputIsOut, "-o", out, "-log", "-", "-report", filepath.Join(tmp, "r.html")}, true, "-report reads the removal log back"},
		{[]string{"frobnicate"}, true, "unknown command"},
		{[]string{"index", inputIsOut}, true, "-o INDEX"},
		{[]string{"query", "-index", filepath.Join(tmp, "malformed.jsonl"), inputIsOut}, false, "not a dedupe index"},
	}
	for _, tt := range tests {
		_, _, err := runCmd(t, "", tt.args...)
		if err == nil {
			t.Errorf("dedupe %v: no error, want %q", tt.args, tt.want)
			continue
		}
		var u usageError
		if errors.As(err, &u) != tt.usage {
			t.Errorf("dedupe %v: usage error = %v, want %v (%v)", tt.args, !tt.usage, tt.usage, err)
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("dedupe %v: error %q, want it to contain %q", tt.args, err, tt.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("dedupe %v: failed run left %s", tt.args, out)
		}
	}
	if ents, _ := os.ReadDir(tmp); len(ents) != len(files)+2 {
		t.Errorf("temporary files left behind: %v", ents)
	}
}

func TestSkipBad(t *testing.T) {
	tmp := t.TempDir()
	in := writeFile(t, filepath.Join(tmp, "in.jsonl"), `{"id":"a","text":"hello there, a document"}
{"id":"b","text":"unterminated}
{"id":"c","body":"no text"}

{"id":"d","text":"another document entirely"}
`)
	out := filepath.Join(tmp, "out.jsonl")
	_, errOut, err := runCmd(t, "", "clean", "-no-boiler", "-skip-bad", in, "-o", out)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(ids(t, readFile(t, out)), " "); got != "a d" {
		t.Errorf("output ids %q, want \"a d\"", got)
	}
	log := string(readFile(t, out+".removed.jsonl"))
	for _, want := range []string{`"id":"` + in + `:2","what":"record","why":"malformed","reason":"invalid JSON`, `"id":"c","what":"record","why":"malformed","reason":"missing field \"text\"","file":"` + in + `","line":3`} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %s:\n%s", want, log)
		}
	}
	if !strings.Contains(errOut, "malformed records") {
		t.Errorf("summary does not report the malformed records:\n%s", errOut)
	}
}

func TestHelp(t *testing.T) {
	out, _, err := runCmd(t, "", "-h")
	if err != nil || !strings.Contains(out, "dedupe clean [flags] INPUT... -o OUT") {
		t.Errorf("dedupe -h = %q, %v", out, err)
	}
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		out, _, err := runCmd(t, "", n, "-h")
		if err != nil || !strings.Contains(out, "usage: dedupe") && n != "eval" && n != "help" {
			t.Errorf("dedupe %s -h = %q, %v", n, out, err)
		}
	}
	// "help help was an unknown command; demo extra ignored its argument"
	if out, _, err := runCmd(t, "", "help", "help"); err != nil || !strings.Contains(out, "dedupe clean [flags] INPUT... -o OUT") {
		t.Errorf("dedupe help help = %q, %v", out, err)
	}
	var u usageError
	if _, _, err := runCmd(t, "", "demo", "extra"); !errors.As(err, &u) {
		t.Errorf("dedupe demo extra: %v, want a usage error", err)
	}
}

// TestDocFlags checks that the usage text (doc.go) mentions every flag of
// the main commands.
func TestDocFlags(t *testing.T) {
	doc := usage()
	for _, cmd := range []string{"clean", "find", "repeats", "learn", "strip", "index", "query"} {
		out, _, err := runCmd(t, "", cmd, "-h")
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(out, "\n") {
			f := strings.Fields(l)
			if len(f) == 0 || !strings.HasPrefix(f[0], "-") {
				continue
			}
			if !regexp.MustCompile(`(^|[^-\w])` + regexp.QuoteMeta(f[0]) + `([^-\w]|$)`).MatchString(doc) {
				t.Errorf("dedupe %s: flag %s is not in the usage text", cmd, f[0])
			}
		}
	}
}

// TestLibraryEqualsCommand checks that dedupe.Clean with the zero Options
// (the library's example, ExampleClean) writes what dedupe clean writes
// with its defaults, on the example corpus and on the demo corpus.
func TestLibraryEqualsCommand(t *testing.T) {
	for _, in := range []string{filepath.Join("..", "..", "testdata", "example.jsonl"), demoDir(t)} {
		out := filepath.Join(t.TempDir(), "out.jsonl")
		if _, _, err := runCmd(t, "", "clean", "-q", in, "-o", out); err != nil {
			t.Fatal(err)
		}
		var lo, ll bytes.Buffer
		src := &records.Files{Paths: []string{in}}
		if _, err := dedupe.Clean(context.Background(), src, records.NewWriter(&lo, nil), &ll, dedupe.Options{}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(lo.Bytes(), readFile(t, out)) {
			t.Errorf("%s: the library's output differs from the command's", in)
		}
		if !bytes.Equal(ll.Bytes(), readFile(t, out+".removed.jsonl")) {
			t.Errorf("%s: the library's removal log differs from the command's", in)
		}
		if lo.Len() == 0 || ll.Len() == 0 {
			t.Errorf("%s: nothing written", in)
		}
	}
}

// TestProfiles runs clean with both profiles: written when they can be,
// an error naming the file when the heap profile cannot be (the cleaned
// corpus is written all the same: the profile is stopped last).
func TestProfiles(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, filepath.Join(dir, "in.jsonl"), `{"id":"a","text":"one two three four five six"}`+"\n")
	cpu, mem := filepath.Join(dir, "cpu.prof"), filepath.Join(dir, "mem.prof")
	_, _, err := runCmd(t, "", "clean", "-q", "-cpuprofile", cpu, "-memprofile", mem, in, "-o", filepath.Join(dir, "out.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{cpu, mem} {
		if len(readFile(t, p)) == 0 {
			t.Errorf("%s is empty", p)
		}
	}
	bad := filepath.Join(dir, "missing", "mem.prof")
	_, _, err = runCmd(t, "", "clean", "-q", "-memprofile", bad, in, "-o", filepath.Join(dir, "out2.jsonl"))
	if err == nil || !strings.Contains(err.Error(), bad) {
		t.Fatalf("clean with an unwritable -memprofile: got %v, want an error naming %s", err, bad)
	}
	_, _, err = runCmd(t, "", "learn", "-q", "-memprofile", bad, in, "-o", filepath.Join(dir, "model"))
	if err == nil || !strings.Contains(err.Error(), bad) {
		t.Fatalf("learn with an unwritable -memprofile: got %v, want an error naming %s", err, bad)
	}
}

// TestVersion prints the version line of the build, and names the
// commit of a development build once, whether the version names it or
// not.
func TestVersion(t *testing.T) {
	out, _, err := runCmd(t, "", "version")
	if err != nil || !strings.HasPrefix(out, "dedupe ") || !strings.HasSuffix(out, " "+runtime.GOOS+"/"+runtime.GOARCH+"\n") {
		t.Errorf("dedupe version = %q, %v", out, err)
	}
	if _, _, err := runCmd(t, "", "version", "x"); err == nil {
		t.Error("dedupe version x: no error")
	}
	goes := " " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH
	vcs := []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-12-07T04:35:34Z"}, {Key: "vcs.modified", Value: "true"}}
	for _, c := range []struct {
		info *debug.BuildInfo
		want string
	}{
		{nil, "dedupe (unknown)"},
		{&debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "dedupe v1.2.3"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs}, "dedupe (devel) 0123456789ab 2026-12-07T04:35:34Z modified"},
		{&debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261207043534-0123456789ab+dirty"}, Settings: vcs}, "dedupe v0.0.0-20261207043534-0123456789ab+dirty"},
	} {
		if got := versionLine(c.info); got != c.want+goes {
			t.Errorf("versionLine = %q, want %q", got, c.want+goes)
		}
	}
}

// TestSummaryCapped: the summary says when documents were compared with
// only their earliest candidates (it was silent: a near-duplicate among
// the others was kept without a word).
func TestSummaryCapped(t *testing.T) {
	var b strings.Builder
	printSummary(&b, &dedupe.Stats{CappedCandidates: 3, RepeatsCapped: 2}, &dedupe.Options{})
	if !strings.Contains(b.String(), "warning: 3 documents had more than 100 candidate pairs") {
		t.Errorf("summary without the capped warning:\n%s", b.String())
	}
	if !strings.Contains(b.String(), "warning: 2 documents have too many paragraphs alike") {
		t.Errorf("summary without the repeats warning:\n%s", b.String())
	}
}
