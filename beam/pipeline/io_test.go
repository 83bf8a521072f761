package pipeline

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/klauspost/compress/zstd"

	"github.com/neardup/dedupe/records"
)

func init() {
	register.Function2x1(formatRecord)
	register.Function2x0(dropAll)
}

// dropAll makes an empty PCollection<KV<int64,[]byte>>.
func dropAll(string, func(int64, []byte)) {}

func formatRecord(ord int64, line []byte) string {
	shard, n := SplitOrdinal(ord)
	return fmt.Sprintf("%d:%d %s", shard, n, line)
}

func TestOrdinal(t *testing.T) {
	for _, c := range []struct{ shard, line int }{{0, 1}, {3, 17}, {MaxShard, MaxLine}} {
		ord := Ordinal(c.shard, c.line)
		if s, l := SplitOrdinal(ord); s != c.shard || l != c.line {
			t.Errorf("SplitOrdinal(Ordinal(%d, %d)) = %d, %d", c.shard, c.line, s, l)
		}
	}
	if !(Ordinal(0, MaxLine) < Ordinal(1, 1) && Ordinal(1, 2) < Ordinal(1, 10)) {
		t.Errorf("ordinals do not follow (shard, line) order")
	}
}

// writeInputs writes three JSON Lines files, plain, gzip and zstd, with
// blank lines among the records, and returns their paths (in the order
// ExpandInputs gives them) and the records as formatRecord shows them.
func writeInputs(t *testing.T, dir string) ([]string, []string) {
	t.Helper()
	var want []string
	var paths []string
	for shard, kind := range []string{"plain", "gzip", "zstd"} {
		var raw bytes.Buffer
		for line := 1; line <= 40; line++ {
			if line%9 == 0 {
				raw.WriteString("  \n") // blank: skipped, but counted
				continue
			}
			rec := fmt.Sprintf(`{"id":"%s-%d","text":"record %d of %s"}`, kind, line, line, kind)
			raw.WriteString(rec + "\n")
			want = append(want, fmt.Sprintf("%d:%d %s", shard, line, rec))
		}
		data := raw.Bytes()
		switch kind {
		case "gzip":
			var b bytes.Buffer
			zw := gzip.NewWriter(&b)
			zw.Write(data)
			zw.Close()
			data = b.Bytes()
		case "zstd":
			zw, _ := zstd.NewWriter(nil)
			data = zw.EncodeAll(data, nil)
		}
		p := filepath.Join(dir, fmt.Sprintf("in-%d-%s.jsonl", shard, kind))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	slices.Sort(want)
	return paths, want
}

func TestExpandInputs(t *testing.T) {
	dir := t.TempDir()
	paths, _ := writeInputs(t, dir)
	files, err := ExpandInputs([]string{paths[2], filepath.Join(dir, "in-*.jsonl")})
	if err != nil {
		t.Fatal(err)
	}
	want := []ShardFile{{0, paths[2]}, {1, paths[0]}, {2, paths[1]}, {3, paths[2]}}
	if !slices.Equal(files, want) {
		t.Errorf("ExpandInputs = %v, want %v", files, want)
	}
	for _, c := range []struct{ in, err string }{
		{filepath.Join(dir, "none-*.jsonl"), "no input matches"},
		{filepath.Join(dir, "missing.jsonl"), "no input matches"},
		{t.TempDir(), "holds no file to read"},
		{"gs://bucket/x.jsonl", "only local files"},
		{"-", "standard input is not read"},
	} {
		if _, err := ExpandInputs([]string{c.in}); err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("ExpandInputs(%s): err = %v, want %q", c.in, err, c.err)
		}
	}
}

// TestExpandFolder: "a folder, which dedupe clean reads, was an error
// (is a directory)". It stands for its files as dedupe clean reads them:
// sorted, subfolders included, names starting with "." skipped.
func TestExpandFolder(t *testing.T) {
	dir := t.TempDir()
	touchFiles(t, dir, "b.jsonl", "a.jsonl", "sub/c.jsonl", ".hidden.jsonl", ".git/x.jsonl")
	one := filepath.Join(dir, "b.jsonl")
	files, err := ExpandInputs([]string{dir, one})
	if err != nil {
		t.Fatal(err)
	}
	want := []ShardFile{{0, filepath.Join(dir, "a.jsonl")}, {1, one}, {2, filepath.Join(dir, "sub", "c.jsonl")}, {3, one}}
	if !slices.Equal(files, want) {
		t.Errorf("ExpandInputs = %v, want %v", files, want)
	}
	var read []string
	if err := records.WalkFolder(dir, func(p string, _ os.FileInfo) error { read = append(read, p); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(read) != 3 || read[0] != want[0].Path || read[1] != want[1].Path || read[2] != want[2].Path {
		t.Errorf("records.WalkFolder = %v: dedupe clean reads other files", read)
	}
}

// TestExpandHidden: "the glob * matches dot-files", which neither a shell
// nor dedupe clean's reading of a folder does. A wildcard does not match
// a leading "." in any part of the path; a pattern part starting with "."
// does.
func TestExpandHidden(t *testing.T) {
	dir := t.TempDir()
	touchFiles(t, dir, "a.jsonl", ".a.jsonl", "sub/b.jsonl", ".git/c.jsonl", "sub/.d.jsonl")
	for _, c := range []struct {
		pattern string
		want    []string
	}{
		{"*.jsonl", []string{"a.jsonl"}},
		{"*/*.jsonl", []string{"sub/b.jsonl"}},
		{".*.jsonl", []string{".a.jsonl"}},
		{".*/*.jsonl", []string{".git/c.jsonl"}},
		{"sub/.*", []string{"sub/.d.jsonl"}},
		{"?a.jsonl", nil},
	} {
		files, err := ExpandInputs([]string{filepath.Join(dir, c.pattern)})
		var got []string
		for _, f := range files {
			rel, _ := filepath.Rel(dir, f.Path)
			got = append(got, filepath.ToSlash(rel))
		}
		if c.want == nil {
			if err == nil || !strings.Contains(err.Error(), "no input matches") {
				t.Errorf("ExpandInputs(%s) = %v, %v; want no match", c.pattern, got, err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("ExpandInputs(%s) = %v, %v; want %v", c.pattern, got, err, c.want)
		}
	}
}

// touchFiles creates empty files of the given slash-separated names under
// dir, and their folders.
func touchFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestExpandLiteral checks that an input naming an existing file is read
// as that file, though its name is also a pattern: data[1].jsonl is not
// data1.jsonl, and a name with a malformed pattern ("[") is a file too;
// an input naming no file is still a pattern.
func TestExpandLiteral(t *testing.T) {
	dir := t.TempDir()
	touchFiles(t, dir, "data[1].jsonl", "data1.jsonl", "x[.jsonl", "a*.jsonl", "ab.jsonl")
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"data[1].jsonl", []string{"data[1].jsonl"}},
		{"x[.jsonl", []string{"x[.jsonl"}},
		{"a*.jsonl", []string{"a*.jsonl"}},
		{"data[0-9].jsonl", []string{"data1.jsonl"}},
		{"a?.jsonl", []string{"a*.jsonl", "ab.jsonl"}},
	} {
		files, err := ExpandInputs([]string{filepath.Join(dir, c.in)})
		var got []string
		for _, f := range files {
			got = append(got, filepath.Base(f.Path))
		}
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("ExpandInputs(%s) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}

// readShards returns the names of the files of dir matching pattern and
// their lines, sorted.
func readShards(t *testing.T, pattern string) (names, lines []string) {
	t.Helper()
	names, _ = filepath.Glob(pattern)
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) > 0 && b[len(b)-1] != '\n' {
			t.Errorf("%s does not end with a newline", n)
		}
		for l := range strings.SplitSeq(strings.TrimSuffix(string(b), "\n"), "\n") {
			if l != "" {
				lines = append(lines, l)
			}
		}
	}
	slices.Sort(lines)
	for i, n := range names {
		names[i] = filepath.Base(n)
	}
	return names, lines
}

// TestReadWriteShards reads plain, gzip and zstd inputs on Prism and
// writes them as 3 shards: every record once, with its ordinal, and
// exactly the shard files, no temporary file left.
func TestReadWriteShards(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	paths, want := writeInputs(t, in)
	files, err := ExpandInputs(paths)
	if err != nil {
		t.Fatal(err)
	}
	p, s := beam.NewPipelineWithRoot()
	records := Read(s, files, Input{})
	collect(s, "records", beam.ParDo(s, formatRecord, records))
	collect(s, "names", WriteShards(s, filepath.Join(out, "kept"), 3, records))
	_, got := run(t, p, "records", "names")
	if d := diff(got[0], want); d != "" {
		t.Errorf("records read: %s", d)
	}
	wantNames := []string{"kept-00000-of-00003.jsonl", "kept-00001-of-00003.jsonl", "kept-00002-of-00003.jsonl"}
	if d := diff(got[1], func() []string {
		var ns []string
		for _, n := range wantNames {
			ns = append(ns, filepath.Join(out, n))
		}
		return ns
	}()); d != "" {
		t.Errorf("names returned by WriteShards: %s", d)
	}
	names, lines := readShards(t, filepath.Join(out, "*"))
	if !slices.Equal(names, wantNames) {
		t.Errorf("files written: %v, want %v", names, wantNames)
	}
	var wantLines []string
	for _, w := range want {
		wantLines = append(wantLines, w[strings.IndexByte(w, ' ')+1:])
	}
	slices.Sort(wantLines)
	if d := diff(lines, wantLines); d != "" {
		t.Errorf("lines written: %s", d)
	}
}

// TestWriteShardsEmpty checks that shards are written even with no line.
func TestWriteShardsEmpty(t *testing.T) {
	out := t.TempDir()
	p, s := beam.NewPipelineWithRoot()
	none := beam.ParDo(s, dropAll, beam.Create(s, "x"))
	WriteShards(s, filepath.Join(out, "log"), 2, none)
	run(t, p)
	names, lines := readShards(t, filepath.Join(out, "*"))
	if want := []string{"log-00000-of-00002.jsonl", "log-00001-of-00002.jsonl"}; !slices.Equal(names, want) || len(lines) != 0 {
		t.Errorf("files %v with %d lines, want %v, empty", names, len(lines), want)
	}
}

// TestInputMaxBytes checks that Input.MaxBytes means what dedupe clean's
// -max-bytes means: the zero value is its default (records.DefaultMaxBytes,
// not "no limit"), a negative value is no limit, and a record over a
// limit is too large (with SkipBad, a bad record).
func TestInputMaxBytes(t *testing.T) {
	if got := (Input{}).source("x").MaxBytes; got != 0 && got != records.DefaultMaxBytes {
		t.Errorf("Input{} reads with records.Files.MaxBytes %d, want dedupe clean's default (0 or %d)", got, records.DefaultMaxBytes)
	}
	if got := (Input{MaxBytes: -1}).source("x").MaxBytes; got >= 0 {
		t.Errorf("Input{MaxBytes: -1} reads with records.Files.MaxBytes %d, want no limit (negative)", got)
	}
	path := filepath.Join(t.TempDir(), "in.jsonl")
	long := `{"id":"b","text":"` + strings.Repeat("word ", 20) + `"}`
	if err := os.WriteFile(path, []byte(`{"id":"a","text":"short"}`+"\n"+long+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		max     int
		tooLong []int // lines
	}{{0, nil}, {-1, nil}, {40, []int{2}}} {
		var got []int
		in := Input{MaxBytes: c.max, SkipBad: true}
		err := in.each(context.Background(), ShardFile{Path: path}, func(_ int64, r *records.Record) error {
			if r.TooLarge {
				got = append(got, r.Line)
			}
			return nil
		})
		if err != nil || !slices.Equal(got, c.tooLong) {
			t.Errorf("MaxBytes %d: too large %v, err %v; want %v", c.max, got, err, c.tooLong)
		}
	}
}
