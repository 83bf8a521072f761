package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/neardup/dedupe"
	"github.com/neardup/dedupe/records"
)

// engineClean runs dedupe.Clean, the engine of dedupe clean, on paths and
// returns its output records and log lines, sorted.
func engineClean(t *testing.T, paths []string, opts Options) (kept, log []string) {
	t.Helper()
	eo, err := opts.Engine()
	if err != nil {
		t.Fatal(err)
	}
	var out, lb bytes.Buffer
	sink := records.NewWriter(&out, records.JSONL{})
	src := opts.Input.source("")
	src.Paths = paths
	if _, err := dedupe.Clean(context.Background(), src, sink, &lb, eo); err != nil {
		t.Fatal(err)
	}
	return sortedLines(out.String()), sortedLines(lb.String())
}

func sortedLines(s string) []string {
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	if len(lines) == 1 && lines[0] == "" {
		return nil
	}
	slices.Sort(lines)
	return lines
}

// TestCleanMatchesEngine runs the clean job on Prism and checks that it
// keeps the records dedupe clean keeps, byte for byte, and logs the same
// removals, on the demo corpus of the command and the example corpus.
func TestCleanMatchesEngine(t *testing.T) {
	demo, err := filepath.Glob("../../cmd/dedupe/demo/*.jsonl")
	if err != nil || len(demo) == 0 {
		t.Fatalf("demo corpus: %v", err)
	}
	inputs := append(demo, "../../testdata/example.jsonl")
	for _, o := range []Options{{Shards: 3}, {NoBoiler: true, Threshold: 0.5}} {
		t.Run(fmt.Sprintf("boiler=%v,threshold=%v", !o.NoBoiler, o.Threshold), func(t *testing.T) {
			files, err := ExpandInputs(inputs)
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "clean")
			p, s := beam.NewPipelineWithRoot()
			if _, err := Clean(s, files, out, o); err != nil {
				t.Fatal(err)
			}
			pr, _ := run(t, p)
			_, kept := readShards(t, out+"-*")
			_, log := readShards(t, out+".removed-*")
			wantKept, wantLog := engineClean(t, inputs, o)
			if d := diff(kept, wantKept); d != "" {
				t.Errorf("kept records differ from dedupe clean's: %s", d)
			}
			if d := diff(log, wantLog); d != "" {
				t.Errorf("removal log differs from dedupe clean's: %s", d)
			}
			m := pr.Metrics()
			t.Logf("%d records read, %d kept, %d log lines; near-duplicates %d, copies %d, empty %d, paragraphs: repeats %d, boilerplate %d",
				counter(m, "records_read"), len(kept), len(log), counter(m, "removed_near-duplicate"),
				counter(m, "removed_near-duplicate_identical_text"), counter(m, "removed_empty"),
				counter(m, "removed_paragraph_repeat"), counter(m, "removed_paragraph_boilerplate"))
			if counter(m, "removed_near-duplicate")+counter(m, "removed_near-duplicate_identical_text") == 0 {
				t.Errorf("no near-duplicate removed: the test corpus has some")
			}
		})
	}
	_, s := beam.NewPipelineWithRoot()
	if _, err := Clean(s, nil, "x", Options{Normalize: "nfkc"}); err == nil || !strings.Contains(err.Error(), `normalize "nfkc"`) {
		t.Errorf("Clean with -normalize nfkc: err = %v", err)
	}
}
