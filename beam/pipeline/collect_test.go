package pipeline

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
)

// The tests run their pipelines on Prism in loopback mode, in this
// process, so a DoFn can hand its elements to the test through a variable;
// the test then compares them in Go and prints a short diff (passert
// prints every element of a large collection).
var collected = struct {
	sync.Mutex
	m map[string][]string
}{m: map[string][]string{}}

type collectFn struct {
	Key string `json:"key"`
}

func (f *collectFn) ProcessElement(s string) {
	collected.Lock()
	collected.m[f.Key] = append(collected.m[f.Key], s)
	collected.Unlock()
}

func init() { register.DoFn1x0[string](&collectFn{}) }

// collect hands the strings of col to run under key.
func collect(s beam.Scope, key string, col beam.PCollection) {
	beam.ParDo0(s, &collectFn{Key: key}, col)
}

// run runs p on the test runner and returns its result and the sorted
// strings collected under each key.
func run(t *testing.T, p *beam.Pipeline, keys ...string) (beam.PipelineResult, [][]string) {
	t.Helper()
	pr, out, err := runCollect(p, keys...)
	if err != nil {
		t.Fatalf("Failed to execute job: %v", err)
	}
	return pr, out
}

// runCollect is run for examples, which have no *testing.T.
func runCollect(p *beam.Pipeline, keys ...string) (beam.PipelineResult, [][]string, error) {
	collected.Lock()
	for _, k := range keys {
		delete(collected.m, k)
	}
	collected.Unlock()
	pr, err := ptest.RunWithMetrics(p)
	collected.Lock()
	defer collected.Unlock()
	out := make([][]string, len(keys))
	for i, k := range keys {
		out[i] = slices.Sorted(slices.Values(collected.m[k]))
		delete(collected.m, k)
	}
	return pr, out, err
}

// diff describes how sorted got differs from sorted want, with at most 5
// examples of each kind, or returns "" if they are equal.
func diff(got, want []string) string {
	var missing, extra []string
	i, j := 0, 0
	for i < len(got) || j < len(want) {
		switch {
		case j == len(want) || i < len(got) && got[i] < want[j]:
			extra = append(extra, got[i])
			i++
		case i == len(got) || want[j] < got[i]:
			missing = append(missing, want[j])
			j++
		default:
			i++
			j++
		}
	}
	if len(missing) == 0 && len(extra) == 0 {
		return ""
	}
	return fmt.Sprintf("got %d elements, want %d: %d missing %s, %d unexpected %s",
		len(got), len(want), len(missing), head(missing), len(extra), head(extra))
}

func head(ss []string) string {
	if len(ss) > 5 {
		return "[" + strings.Join(ss[:5], " ") + " ...]"
	}
	return "[" + strings.Join(ss, " ") + "]"
}
