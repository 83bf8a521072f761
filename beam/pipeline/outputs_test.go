package pipeline

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestOutputNames(t *testing.T) {
	got := OutputNames("d/x", 2)
	want := []string{"d/x-00000-of-00002.jsonl", "d/x-00001-of-00002.jsonl", "d/x.removed-00000-of-00002.jsonl", "d/x.removed-00001-of-00002.jsonl"}
	if !slices.Equal(got, want) {
		t.Errorf("OutputNames(d/x, 2) = %v, want %v", got, want)
	}
	if n := len(OutputNames("x", 0)); n != 2*DefaultShards {
		t.Errorf("OutputNames(x, 0): %d names, want %d", n, 2*DefaultShards)
	}
}

// TestCheckOutputs checks the outputs of a clean job before it runs: an
// input is never replaced (by its name, a log shard's, a link, or an
// earlier run's shard picked up by a pattern), a prefix needs a file
// name, and an output path that cannot be a file is refused.
func TestCheckOutputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(`{"id":"a","text":"one two"}`+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	in := write("in.jsonl")
	if err := os.Symlink(in, filepath.Join(dir, "link-00000-of-00001.jsonl")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "w", "o.removed-00002-of-00004.jsonl", "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	write("old-00000-of-00004.jsonl") // an earlier run's shard: replaced
	for _, c := range []struct {
		inputs []string
		out    string
		shards int
		err    string // "" for none
	}{
		{[]string{write("x-00000-of-00001.jsonl")}, "x", 1, "is named as an output of the prefix"},
		{[]string{write("y.removed-00000-of-00001.jsonl")}, "y", 1, "is named as an output of the prefix"},
		{[]string{write("data/clean-00003-of-00004.jsonl"), write("data/a.jsonl")}, "data/clean", 4, "is named as an output"},
		{[]string{write("data/clean-00000-of-00002.jsonl")}, "data/clean", 4, "is named as an output"},
		{[]string{in}, "link", 1, "would replace the input " + in},
		{[]string{in}, "w/o", 4, "o.removed-00002-of-00004.jsonl is a directory"},
		{[]string{in}, "sub/", 4, "does not end in a file name"},
		{[]string{in}, "sub/.", 4, "does not end in a file name"},
		{[]string{in}, "in.jsonl/x", 4, "in.jsonl is not a directory"},
		{[]string{in}, "old", 4, ""},
		{[]string{in}, "new/deeper/x", 4, ""},
		{[]string{in}, "x", 1, ""},
		{[]string{in}, "in", 0, ""},
	} {
		var files []ShardFile
		for i, p := range c.inputs {
			files = append(files, ShardFile{Index: i, Path: p})
		}
		err := CheckOutputs(files, dir+"/"+c.out, c.shards) // not Join, which drops a final / or .
		if c.err == "" && err != nil || c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
			t.Errorf("CheckOutputs(%v, %s, %d) = %v, want %q", c.inputs, c.out, c.shards, err, c.err)
		}
	}
	for _, out := range []string{"/dev/null/x", "gs://bucket/x", "gs://bucket/"} {
		err := CheckOutputs([]ShardFile{{0, in}}, out, 2)
		if want := out != "gs://bucket/x"; (err != nil) != want {
			t.Errorf("CheckOutputs(%s) = %v, want an error: %v", out, err, want)
		}
	}
}
