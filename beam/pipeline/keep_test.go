package pipeline

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
)

func init() { register.Function1x1(formatRemoval) }

func formatRemoval(r Removal) string {
	return fmt.Sprintf("%d<-%d@%g/%g", r.Doc, r.Kept, r.Similarity, r.Estimate)
}

// sequentialKeep is the reference: the streaming rule of dedupe clean,
// written as the engine runs it. Documents are visited in ordinal order;
// each queries the documents kept so far, in increasing ordinal order,
// for a verified edge, and takes the most similar (the first on ties);
// a document with none is kept.
func sequentialKeep(edges []Edge) []string {
	sim := map[Pair]Edge{}
	var docs []int64
	for _, e := range edges {
		a, b := min(e.A, e.B), max(e.A, e.B)
		if a != b {
			sim[Pair{a, b}] = Edge{A: a, B: b, Similarity: e.Similarity, Estimate: e.Estimate}
			docs = append(docs, a, b)
		}
	}
	slices.Sort(docs)
	docs = slices.Compact(docs)
	var out []string
	var keptDocs []int64
	for _, d := range docs {
		var best *Edge
		for _, k := range keptDocs {
			if e, ok := sim[Pair{k, d}]; ok && (best == nil || e.Similarity > best.Similarity) {
				best = &e
			}
		}
		if best == nil {
			keptDocs = append(keptDocs, d)
			continue
		}
		out = append(out, formatRemoval(Removal{Doc: d, Kept: best.A, Similarity: best.Similarity, Estimate: best.Estimate}))
	}
	slices.Sort(out)
	return out
}

// similarEdges turns a graph into verified edges whose similarities come
// from a few values, so that ties occur, in random orientation.
func similarEdges(rng *rand.Rand, es []edge) []Edge {
	sims := []float64{0.8, 0.85, 0.9, 1}
	out := make([]Edge, 0, len(es))
	seen := map[Pair]bool{}
	for _, e := range es {
		p := Pair{min(e.a, e.b), max(e.a, e.b)}
		if p.A == p.B || seen[p] {
			continue
		}
		seen[p] = true
		s := sims[rng.IntN(len(sims))]
		x := Edge{A: e.a, B: e.b, Similarity: s, Estimate: s - 0.01}
		if rng.IntN(2) == 0 {
			x.A, x.B = x.B, x.A
		}
		out = append(out, x)
	}
	return out
}

func keepGraphs(rng *rand.Rand) map[string][]Edge {
	gs := map[string][]Edge{}
	for name, es := range testGraphs() {
		gs[name] = similarEdges(rng, es)
	}
	// Hand-made cases: a chain keeps every other document (2 is removed
	// as a copy of 1, so 3, whose only partner is 2, stays); ties go to
	// the first kept document.
	gs["rule"] = []Edge{
		{A: 1, B: 2, Similarity: 0.9}, {A: 2, B: 3, Similarity: 0.9}, {A: 3, B: 4, Similarity: 0.9},
		{A: 10, B: 13, Similarity: 0.85}, {A: 11, B: 13, Similarity: 0.95}, {A: 12, B: 13, Similarity: 0.95},
		{A: 20, B: 22, Similarity: 0.9}, {A: 21, B: 22, Similarity: 0.9},
	}
	return gs
}

func TestSequentialKeepRule(t *testing.T) {
	got := sequentialKeep(keepGraphs(rand.New(rand.NewPCG(7, 8)))["rule"])
	want := []string{"13<-11@0.95/0", "22<-20@0.9/0", "2<-1@0.9/0", "4<-3@0.9/0"} // sorted as strings
	if !slices.Equal(got, want) {
		t.Errorf("sequentialKeep(rule) = %v, want %v", got, want)
	}
}

func edgesPC(s beam.Scope, es []Edge) beam.PCollection { return beam.CreateList(s, es) }

// TestKeep runs Keep on Prism and compares it with the sequential rule.
func TestKeep(t *testing.T) {
	for name, es := range keepGraphs(rand.New(rand.NewPCG(7, 8))) {
		t.Run(name, func(t *testing.T) {
			p, s := beam.NewPipelineWithRoot()
			collect(s, t.Name(), beam.ParDo(s, formatRemoval, Keep(s, edgesPC(s, es), KeepOptions{})))
			_, got := run(t, p, t.Name())
			want := sequentialKeep(es)
			if d := diff(got[0], want); d != "" {
				t.Errorf("removals differ from the sequential rule: %s", d)
			}
			if len(want) == 0 {
				t.Errorf("the reference removes nothing: a vacuous case")
			}
		})
	}
}

// TestKeepGiantComponent checks a component of 5,000 copies of one text,
// as Candidates leaves it (a star around the first copy): the first is
// kept and every other removed in its favour. (Prism takes about a
// millisecond per member over the 24 rounds; TestKeepRuleGiant runs the
// rule alone on 100,000 copies.)
func TestKeepGiantComponent(t *testing.T) {
	const n = 5000
	first := Ordinal(3, 17)
	es := make([]Edge, 0, n-1)
	var want []string
	for i := 1; i < n; i++ {
		doc := Ordinal(3+i%5, 17+i)
		es = append(es, Edge{A: first, B: doc, Similarity: 1, Estimate: 1})
		want = append(want, formatRemoval(Removal{Doc: doc, Kept: first, Similarity: 1, Estimate: 1}))
	}
	slices.Sort(want)
	p, s := beam.NewPipelineWithRoot()
	collect(s, t.Name(), beam.ParDo(s, formatRemoval, Keep(s, edgesPC(s, es), KeepOptions{})))
	_, got := run(t, p, t.Name())
	if d := diff(got[0], want); d != "" {
		t.Errorf("removals: %s", d)
	}
}

// TestKeepComponentTooLarge checks that a component over the edge limit
// fails the pipeline with an error naming it.
func TestKeepComponentTooLarge(t *testing.T) {
	p, s := beam.NewPipelineWithRoot()
	es := similarEdges(rand.New(rand.NewPCG(9, 10)), clique(5, 12))
	Keep(s, edgesPC(s, es), KeepOptions{MaxComponentEdges: 50})
	err := ptest.Run(p)
	if err == nil || !strings.Contains(err.Error(), "component of document 5 (its ordinal: the input's documents counted from 0 in input order) has more than 50 verified edges") {
		t.Fatalf("a 66-edge component with a limit of 50: err = %v, want the limit's error", err)
	}
}

// TestKeepRuleGiant runs the per-component rule on the component of
// 100,000 copies of a licence and on a 100,000-document chain, the work
// one worker does for one component.
func TestKeepRuleGiant(t *testing.T) {
	const n = 100000
	star, chain := make([]Edge, 0, n-1), make([]Edge, 0, n-1)
	for i := int64(1); i < n; i++ {
		star = append(star, Edge{A: 0, B: i, Similarity: 1})
		chain = append(chain, Edge{A: i - 1, B: i, Similarity: 0.9})
	}
	rng := rand.New(rand.NewPCG(11, 12))
	rng.Shuffle(len(star), func(i, j int) { star[i], star[j] = star[j], star[i] })
	var removed []Removal
	keepRule(star, map[int64]bool{}, func(r Removal) { removed = append(removed, r) })
	if len(removed) != n-1 || slices.ContainsFunc(removed, func(r Removal) bool { return r.Kept != 0 }) {
		t.Errorf("star of %d copies: %d removals, want %d, all in favour of document 0", n, len(removed), n-1)
	}
	removed = removed[:0]
	keepRule(chain, map[int64]bool{}, func(r Removal) { removed = append(removed, r) })
	if len(removed) != n/2 || slices.ContainsFunc(removed, func(r Removal) bool { return r.Doc%2 == 0 || r.Kept != r.Doc-1 }) {
		t.Errorf("chain of %d documents: %d removals, want the %d odd documents, each in favour of its predecessor", n, len(removed), n/2)
	}
}
