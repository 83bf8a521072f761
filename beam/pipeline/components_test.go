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

// TestMain runs the pipelines of this package's tests on Prism, the Go
// SDK's in-process runner (ptest's default; -runner overrides it).
func TestMain(m *testing.M) { ptest.Main(m) }

func init() {
	register.Function2x1(formatNodeComp)
}

// formatNodeComp renders a component assignment for passert.
func formatNodeComp(node, comp int64) string { return fmt.Sprintf("%d->%d", node, comp) }

type edge struct{ a, b int64 }

// unionFind returns the reference components of edges as "node->min"
// strings, sorted.
func unionFind(edges []edge) []string {
	parent := map[int64]int64{}
	var find func(int64) int64
	find = func(x int64) int64 {
		p, ok := parent[x]
		if !ok {
			parent[x] = x
			return x
		}
		if p == x {
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	for _, e := range edges {
		if e.a == e.b {
			continue
		}
		ra, rb := find(e.a), find(e.b)
		if ra != rb {
			parent[max(ra, rb)] = min(ra, rb) // the root stays the minimum
		}
	}
	var out []string
	for x := range parent {
		out = append(out, formatNodeComp(x, find(x)))
	}
	slices.Sort(out)
	return out
}

// Graph shapes for the tests; nodes are numbered from base.
func chain(base, n int64) []edge {
	var es []edge
	for i := base; i+1 < base+n; i++ {
		es = append(es, edge{i, i + 1})
	}
	return es
}

func star(base, n int64) []edge {
	var es []edge
	for i := base + 1; i < base+n; i++ {
		es = append(es, edge{base + n - 1, i - 1}) // centre is the largest node
	}
	return es
}

func clique(base, n int64) []edge {
	var es []edge
	for i := base; i < base+n; i++ {
		for j := i + 1; j < base+n; j++ {
			es = append(es, edge{j, i})
		}
	}
	return es
}

// randomGraph has n nodes drawn from a sparse id range and m random
// edges: many small components and a few larger ones.
func randomGraph(rng *rand.Rand, base, n int64, m int) []edge {
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = base + rng.Int64N(n*1000)
	}
	es := make([]edge, m)
	for i := range es {
		es[i] = edge{ids[rng.IntN(len(ids))], ids[rng.IntN(len(ids))]}
	}
	return es
}

// shuffled returns a permutation of the node ids of es, so that node order
// no longer follows the graph's shape.
func shuffled(rng *rand.Rand, es []edge) []edge {
	var ids []int64
	for _, e := range es {
		ids = append(ids, e.a, e.b)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	perm := rng.Perm(len(ids))
	to := map[int64]int64{}
	for i, id := range ids {
		to[id] = ids[perm[i]]
	}
	out := make([]edge, len(es))
	for i, e := range es {
		out[i] = edge{to[e.a], to[e.b]}
	}
	return out
}

func edgeKVs(s beam.Scope, es []edge) beam.PCollection {
	kvs := make([]string, len(es))
	for i, e := range es {
		kvs[i] = fmt.Sprintf("%d %d", e.a, e.b)
	}
	return beam.ParDo(s, parseEdge, beam.CreateList(s, kvs))
}

func parseEdge(line string, emit func(int64, int64)) error {
	var a, b int64
	if _, err := fmt.Sscan(line, &a, &b); err != nil {
		return err
	}
	emit(a, b)
	return nil
}

func init() { register.Function2x1(parseEdge) }

func testGraphs() map[string][]edge {
	rng := rand.New(rand.NewPCG(1, 2))
	var mixed []edge
	mixed = append(mixed, chain(0, 300)...)
	mixed = append(mixed, star(1000, 200)...)
	mixed = append(mixed, clique(2000, 25)...)
	for i := int64(0); i < 100; i++ {
		mixed = append(mixed, chain(3000+10*i, 1+i%5)...) // pairs, triples, ...
	}
	return map[string][]edge{
		"chain":            chain(10, 2000),
		"chain-reversed":   shuffledBy(chain(10, 2000), func(x int64) int64 { return 5000 - x }),
		"chain-shuffled":   shuffled(rng, chain(0, 2000)),
		"star":             star(7, 500),
		"clique":           clique(0, 40),
		"mixed":            mixed,
		"random-sparse":    randomGraph(rng, 0, 3000, 1500),
		"random-dense":     randomGraph(rng, 1<<40, 1000, 3000),
		"duplicates+loops": append(append(chain(0, 50), chain(0, 50)...), edge{7, 7}, edge{99, 99}, edge{60, 61}),
	}
}

func shuffledBy(es []edge, f func(int64) int64) []edge {
	out := make([]edge, len(es))
	for i, e := range es {
		out[i] = edge{f(e.a), f(e.b)}
	}
	return out
}

// TestConnectedComponents runs the transform on Prism on each graph and
// compares it with union-find.
func TestConnectedComponents(t *testing.T) {
	for name, es := range testGraphs() {
		t.Run(name, func(t *testing.T) {
			p, s := beam.NewPipelineWithRoot()
			comps := ConnectedComponents(s, edgeKVs(s, es), ComponentOptions{})
			collect(s, t.Name(), beam.ParDo(s, formatNodeComp, comps))
			_, got := run(t, p, t.Name())
			if d := diff(got[0], unionFind(es)); d != "" {
				t.Errorf("components differ from union-find: %s", d)
			}
		})
	}
}

// TestConnectedComponentsNotConverged checks that too few rounds fail the
// pipeline with an error that says so, instead of returning a wrong
// answer.
func TestConnectedComponentsNotConverged(t *testing.T) {
	p, s := beam.NewPipelineWithRoot()
	ConnectedComponents(s, edgeKVs(s, chain(0, 1000)), ComponentOptions{Rounds: 3})
	err := ptest.Run(p)
	if err == nil || !strings.Contains(err.Error(), "did not converge in 3 rounds") {
		t.Fatalf("3 rounds on a 1000-node chain: err = %v, want a convergence failure", err)
	}
}

// starRounds runs the star steps sequentially until the graph is a set of
// stars and returns the number of rounds, or -1 after limit rounds.
func starRounds(es []edge, limit int) int {
	for r := 1; r <= limit; r++ {
		es = starStep(es, true)
		es = starStep(es, false)
		if isStars(es) {
			return r
		}
	}
	return -1
}

// starStep applies largeStar (large) or smallStar to every node.
func starStep(es []edge, large bool) []edge {
	adj := map[int64][]int64{}
	for _, e := range es {
		if e.a == e.b {
			continue
		}
		lo, hi := min(e.a, e.b), max(e.a, e.b)
		adj[hi] = append(adj[hi], lo)
		if large {
			adj[lo] = append(adj[lo], hi)
		}
	}
	var out []edge
	emit := func(v, m int64) { out = append(out, edge{v, m}) }
	for u, ns := range adj {
		slices.Sort(ns)
		ns = slices.Compact(ns)
		if large {
			largeStar(u, ns, emit)
		} else {
			smallStar(u, ns, emit)
		}
	}
	return out
}

func isStars(es []edge) bool {
	st := map[int64]nodeState{}
	for _, e := range es {
		edgeEnds(e.a, e.b, func(n int64, s nodeState) { st[n] = mergeNodeState(st[n], s) })
	}
	for _, s := range st {
		if s.TwoSmall || s.HasSmall && s.HasLarge {
			return false
		}
	}
	return true
}

// TestRoundsNeeded measures the rounds the star steps need on the slowest
// shape found (a chain in node order) and on others, and pins the claims of
// DefaultRounds' comment.
func TestRoundsNeeded(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for k := 4; k <= 14; k++ {
		n := int64(1) << k
		got := starRounds(chain(0, n), 64)
		t.Logf("chain of 2^%d nodes: %d rounds", k, got)
		if got < 0 || got > k+2 {
			t.Errorf("chain of 2^%d nodes: %d rounds, want at most %d", k, got, k+2)
		}
	}
	if got := starRounds(chain(0, 100000), 64); got != 17 {
		t.Errorf("chain of 100,000 nodes: %d rounds, want 17 (DefaultRounds' comment)", got)
	}
	for name, es := range map[string][]edge{
		"random-tree": randomTree(rng, 20000), "clique": clique(0, 200), "star": star(0, 20000),
		"random": randomGraph(rng, 0, 20000, 20000),
	} {
		got := starRounds(es, 64)
		t.Logf("%s: %d rounds", name, got)
		if got < 0 || got > 5 {
			t.Errorf("%s: %d rounds, want at most 5", name, got)
		}
	}
}

func randomTree(rng *rand.Rand, n int64) []edge {
	var es []edge
	for i := int64(1); i < n; i++ {
		es = append(es, edge{rng.Int64N(i), i})
	}
	return es
}

// TestStarSteps pins the two steps on small inputs.
func TestStarSteps(t *testing.T) {
	var got []edge
	emit := func(v, m int64) { got = append(got, edge{v, m}) }
	largeStar(5, []int64{2, 3, 7, 9}, emit)
	if want := []edge{{7, 2}, {9, 2}}; !slices.Equal(got, want) {
		t.Errorf("largeStar(5, [2 3 7 9]) = %v, want %v", got, want)
	}
	got = nil
	largeStar(1, []int64{4, 6}, emit)
	if want := []edge{{4, 1}, {6, 1}}; !slices.Equal(got, want) {
		t.Errorf("largeStar(1, [4 6]) = %v, want %v", got, want)
	}
	got = nil
	smallStar(9, []int64{2, 4, 8}, emit)
	if want := []edge{{4, 2}, {8, 2}, {9, 2}}; !slices.Equal(got, want) {
		t.Errorf("smallStar(9, [2 4 8]) = %v, want %v", got, want)
	}
}
