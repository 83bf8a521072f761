package dedupe

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/neardup/dedupe/records"
)

// demoDir is the demo corpus of the command: short invented articles from
// four invented sites, with syndicated near-copies, a body pasted twice,
// site disclaimers, appeals, cookie notices and error-page text.
const demoDir = "cmd/dedupe/demo"

// demoFiles returns the demo corpus as a source.
func demoFiles(t testing.TB) *records.Files {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(demoDir, "*.jsonl"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("demo corpus: %v (%d files)", err, len(paths))
	}
	return &records.Files{Paths: paths}
}

// demoTexts returns the texts of the demo corpus.
func demoTexts(t testing.TB) []string {
	t.Helper()
	var texts []string
	err := demoFiles(t).Each(func(r *records.Record) error {
		if err := r.Decode(); err != nil {
			return err
		}
		texts = append(texts, string(r.Text))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return texts
}

// cleanFile runs Clean with an uncompressed output file (records cut in
// place) and returns the output and the log.
func cleanFile(t testing.TB, src records.Source, o Options) (out, log []byte, st *Stats) {
	t.Helper()
	dir := t.TempDir()
	w, err := records.Create(filepath.Join(dir, "out.jsonl"), records.OutputOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	var lb bytes.Buffer
	o.TempDir = dir
	st, err = Clean(context.Background(), src, w, &lb, o)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(w.Path())
	if err != nil {
		t.Fatal(err)
	}
	return b, lb.Bytes(), st
}

// cleanStream runs Clean with an output that is not a file (records
// written from the spool) and returns the output and the log.
func cleanStream(t testing.TB, src records.Source, o Options) (out, log []byte) {
	t.Helper()
	var ob, lb bytes.Buffer
	o.TempDir = t.TempDir()
	if _, err := Clean(context.Background(), src, records.NewWriter(&ob, nil), &lb, o); err != nil {
		t.Fatal(err)
	}
	return ob.Bytes(), lb.Bytes()
}

// parseLog decodes a removal log.
func parseLog(t testing.TB, b []byte) []LogRecord {
	t.Helper()
	var out []LogRecord
	for _, l := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
		if len(l) == 0 {
			continue
		}
		var r LogRecord
		if err := json.Unmarshal(l, &r); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		out = append(out, r)
	}
	return out
}

// outputIDs returns the ids of the records of a JSON Lines output.
func outputIDs(t testing.TB, b []byte) []string {
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
