package pipeline

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

// DefaultRounds is the number of large-star/small-star rounds that
// ConnectedComponents unrolls by default. Measured with the same star
// functions run sequentially (TestRoundsNeeded): a path of 2^k nodes in
// ordinal order, the slowest shape found, converges in k rounds (100,000
// nodes: 17); random trees and random sparse graphs of 20,000 nodes take 5,
// cliques and stars 1. 24 rounds cover paths of 16 million documents, far
// longer than any chain of revisions a near-duplicate graph holds.
const DefaultRounds = 24

// MaxRounds bounds ComponentOptions.Rounds. Each round is five transforms
// of the pipeline graph, built before the job runs: Clean with 1000 rounds
// (two ConnectedComponents) has 10,096 transforms, built in 80 ms, and
// 2,000,000,000 rounds would exhaust the memory of the program that
// builds it. 1000 rounds cover paths of 2^1000 documents.
const MaxRounds = 1000

// ComponentOptions configures ConnectedComponents. The zero value is the
// default.
type ComponentOptions struct {
	// Rounds is the number of rounds (one large-star and one small-star
	// step each) unrolled in the pipeline graph; 0 means DefaultRounds.
	// Beam has no loops: a pipeline is a fixed graph, so the rounds are
	// unrolled and a final stage checks that the last round changed
	// nothing. Too few rounds make the pipeline fail with an error that
	// says so; extra rounds cost one pass over the edges each. More than
	// MaxRounds is an error (Options.Check) or a panic
	// (ConnectedComponents).
	Rounds int
}

func init() {
	register.Function3x0(bothWays)
	register.DoFn3x0[int64, func(*int64) bool, func(int64, int64)](&largeStarFn{})
	register.DoFn3x0[int64, func(*int64) bool, func(int64, int64)](&smallStarFn{})
	register.Function3x0(edgeEnds)
	register.Function2x1(mergeNodeState)
	register.DoFn4x1[context.Context, int64, nodeState, func(int64, int64), error](&resolveFn{})
	register.Emitter2[int64, int64]()
	register.Emitter2[int64, nodeState]()
	register.Iter1[int64]()
}

// ConnectedComponents returns the connected components of the undirected
// graph whose edges are the input PCollection<KV<int64,int64>>, as a
// PCollection<KV<int64,int64>> mapping each node to its component id, the
// smallest node of its component. Only nodes that appear in an edge are in
// the output; self-loops are ignored. Duplicate edges are allowed.
//
// The algorithm alternates the large-star and small-star steps of Kiveris,
// Mirrokni, Liu, Vassilvitskii and Lattanzi, "Connected Components in
// MapReduce and Beyond" (SoCC 2014), each one GroupByKey on node. Every
// step keeps the graph's connectivity and never adds edges; at its fixed
// point each component is a star whose centre is its smallest node. The
// rounds are unrolled (see ComponentOptions.Rounds) and a final combine
// checks that the graph is a set of stars: if not, the pipeline fails.
//
// Memory: a worker holds the distinct neighbours of one node at a time
// (8 bytes each), at most the size of the largest component, for the
// centre of its star. No stage gathers all edges in one place.
func ConnectedComponents(s beam.Scope, edges beam.PCollection, opts ComponentOptions) beam.PCollection {
	s = s.Scope("ConnectedComponents")
	rounds := opts.Rounds
	if rounds <= 0 {
		rounds = DefaultRounds
	}
	if rounds > MaxRounds {
		panic(fmt.Sprintf("pipeline: ConnectedComponents with %d rounds, more than MaxRounds", rounds))
	}
	for r := 1; r <= rounds; r++ {
		rs := s.Scope(fmt.Sprintf("Round%d", r))
		// Large-star needs each node's whole neighbourhood; its output
		// edges (v, m) have v > m, keyed as small-star wants them.
		both := beam.ParDo(rs, bothWays, edges)
		large := beam.ParDo(rs, &largeStarFn{}, beam.GroupByKey(rs, both))
		edges = beam.ParDo(rs, &smallStarFn{}, beam.GroupByKey(rs, large))
	}
	ends := beam.ParDo(s, edgeEnds, edges)
	states := beam.CombinePerKey(s, mergeNodeState, ends)
	return beam.ParDo(s, &resolveFn{Rounds: rounds}, states)
}

// bothWays emits an edge in both directions, dropping self-loops.
func bothWays(a, b int64, emit func(int64, int64)) {
	if a != b {
		emit(a, b)
		emit(b, a)
	}
}

// largeStarFn runs the large-star step on one node and its neighbours.
type largeStarFn struct{ ns []int64 }

func (f *largeStarFn) ProcessElement(u int64, vs func(*int64) bool, emit func(int64, int64)) {
	f.ns = collectSorted(f.ns[:0], vs)
	largeStar(u, f.ns, emit)
}

// smallStarFn runs the small-star step on one node and its smaller
// neighbours.
type smallStarFn struct{ ns []int64 }

func (f *smallStarFn) ProcessElement(u int64, vs func(*int64) bool, emit func(int64, int64)) {
	f.ns = collectSorted(f.ns[:0], vs)
	smallStar(u, f.ns, emit)
}

// collectSorted appends the iterator's values to dst, sorted, without
// repeats.
func collectSorted(dst []int64, it func(*int64) bool) []int64 {
	var v int64
	for it(&v) {
		dst = append(dst, v)
	}
	slices.Sort(dst)
	return slices.Compact(dst)
}

// largeStar is the large-star step at node u with neighbours ns (sorted,
// distinct, u not among them): every neighbour larger than u is linked to
// m, the smallest of u and its neighbours, as emit(v, m) with v > m.
func largeStar(u int64, ns []int64, emit func(v, m int64)) {
	if len(ns) == 0 {
		return
	}
	m := min(u, ns[0])
	for _, v := range ns[sort.Search(len(ns), func(i int) bool { return ns[i] > u }):] {
		emit(v, m)
	}
}

// smallStar is the small-star step at node u with its smaller neighbours
// ns (sorted, distinct, all below u): u and all of them but the smallest,
// m, are linked to m, as emit(v, m) with v > m.
func smallStar(u int64, ns []int64, emit func(v, m int64)) {
	if len(ns) == 0 {
		return
	}
	m := ns[0]
	for _, v := range ns[1:] {
		emit(v, m)
	}
	emit(u, m)
}

// nodeState summarises a node's edges after the last round, for the
// convergence check: its smallest smaller neighbour, whether it has two
// distinct smaller neighbours, and whether it has a larger one. Fields are
// exported for Beam's coder.
type nodeState struct {
	Small    int64
	HasSmall bool
	TwoSmall bool
	HasLarge bool
}

// edgeEnds emits what edge (a, b) says about each of its ends.
func edgeEnds(a, b int64, emit func(int64, nodeState)) {
	if a == b {
		return
	}
	lo, hi := min(a, b), max(a, b)
	emit(hi, nodeState{Small: lo, HasSmall: true})
	emit(lo, nodeState{HasLarge: true})
}

// mergeNodeState combines two summaries of one node's edges; it is
// associative and commutative.
func mergeNodeState(a, b nodeState) nodeState {
	out := nodeState{HasLarge: a.HasLarge || b.HasLarge, TwoSmall: a.TwoSmall || b.TwoSmall}
	switch {
	case a.HasSmall && b.HasSmall:
		out.HasSmall, out.Small = true, min(a.Small, b.Small)
		out.TwoSmall = out.TwoSmall || a.Small != b.Small
	case a.HasSmall:
		out.HasSmall, out.Small = true, a.Small
	case b.HasSmall:
		out.HasSmall, out.Small = true, b.Small
	}
	return out
}

var (
	componentsCount   = beam.NewCounter("dedupe", "components")
	componentsMembers = beam.NewCounter("dedupe", "component_members")
)

// resolveFn checks that a node is a star centre (no smaller neighbour) or
// a leaf (one smaller neighbour, no larger one) and emits its component.
// Any other node means the rounds did not reach the fixed point.
type resolveFn struct {
	Rounds int `json:"rounds"`
}

func (f *resolveFn) ProcessElement(ctx context.Context, node int64, st nodeState, emit func(int64, int64)) error {
	if st.TwoSmall || st.HasSmall && st.HasLarge {
		return fmt.Errorf("pipeline: connected components did not converge in %d rounds (document %d, an ordinal counted from 0 in input order, still has a path to its component's centre longer than one edge); run with more rounds (dedupe-beam -cc-rounds)", f.Rounds, node)
	}
	componentsMembers.Inc(ctx, 1)
	if !st.HasSmall {
		componentsCount.Inc(ctx, 1)
		emit(node, node)
		return nil
	}
	emit(node, st.Small)
	return nil
}
