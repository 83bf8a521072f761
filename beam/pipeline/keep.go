package pipeline

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

// Edge is a verified near-duplicate pair: documents A < B whose similarity
// is at least the threshold.
type Edge struct {
	A, B       int64
	Similarity float64
	// Estimate is the signature estimate of the similarity, carried to
	// the Removal for the removal log; 0 if not computed.
	Estimate float64
	// IDA and IDB are the documents' ids, carried to the Removal for the
	// removal log; "" if not known.
	IDA, IDB string
}

// Removal says that document Doc is removed as a near-duplicate of the
// kept document Kept, with the similarity and estimate of their Edge.
type Removal struct {
	Doc, Kept  int64
	Similarity float64
	Estimate   float64
	DocID      string
	KeptID     string
}

// DefaultMaxComponentEdges is the default of KeepOptions.MaxComponentEdges:
// 16 Mi edges, 512 MiB of Edge values on one worker.
const DefaultMaxComponentEdges = 1 << 24

// KeepOptions configures Keep. The zero value is the default.
type KeepOptions struct {
	Components ComponentOptions
	// MaxComponentEdges bounds the verified edges of one component,
	// which one worker holds and sorts (32 bytes each); 0 means
	// DefaultMaxComponentEdges. A larger component fails the pipeline
	// with an error naming it rather than exhausting the worker.
	//
	// Candidates keeps components small in edges even when they are
	// large in documents: a bucket of copies becomes a star, so
	// 100,000 copies of a licence make one component of 99,999 edges
	// (3.2 MB), whose first document is kept and the others removed.
	MaxComponentEdges int
}

func init() {
	register.Function2x0(canonicalEdge)
	register.Function2x0(edgeEnds2)
	register.Function1x2(edgeByA)
	register.Function4x1(componentOfEdge)
	register.DoFn4x1[context.Context, int64, func(*Edge) bool, func(Removal), error](&keepFn{})
	register.Emitter2[int64, Edge]()
	register.Emitter1[Removal]()
	register.Emitter1[Edge]()
	register.Iter1[Edge]()
}

var componentEdges = beam.NewDistribution("dedupe", "component_edges")

// Keep applies the keep rule of dedupe clean to verified near-duplicate
// edges (PCollection<Edge>, in either order of A and B) and returns the removals (PCollection<Removal>).
// The rule: documents are visited in ordinal order; a document is removed
// if it has a verified edge to an earlier document that was kept, and is
// then logged against the most similar such document (the first on ties);
// otherwise it is kept. A document whose only partners were removed stays.
//
// The rule is sequential, but only inside a connected component of the
// verified edges: Keep runs ConnectedComponents, sends every edge to its
// component (a CoGroupByKey on the edge's first document), and applies the
// rule to each component's edges on one worker (a GroupByKey on component;
// see KeepOptions.MaxComponentEdges for the bound). Documents without an
// edge are kept and do not appear.
func Keep(s beam.Scope, edges beam.PCollection, opts KeepOptions) beam.PCollection {
	s = s.Scope("Keep")
	maxEdges := opts.MaxComponentEdges
	if maxEdges <= 0 {
		maxEdges = DefaultMaxComponentEdges
	}
	edges = beam.ParDo(s, canonicalEdge, edges)
	comps := ConnectedComponents(s, beam.ParDo(s, edgeEnds2, edges), opts.Components)
	byA := beam.ParDo(s, edgeByA, edges)
	byComp := beam.ParDo(s, componentOfEdge, beam.CoGroupByKey(s, comps, byA))
	return beam.ParDo(s, &keepFn{MaxEdges: maxEdges}, beam.GroupByKey(s, byComp))
}

// canonicalEdge puts the smaller document of an edge first and drops
// self-loops.
func canonicalEdge(e Edge, emit func(Edge)) {
	if e.A > e.B {
		e.A, e.B = e.B, e.A
		e.IDA, e.IDB = e.IDB, e.IDA
	}
	if e.A != e.B {
		emit(e)
	}
}

// edgeEnds2 emits the two documents of an edge.
func edgeEnds2(e Edge, emit func(int64, int64)) { emit(e.A, e.B) }

// edgeByA keys an edge by its first document.
func edgeByA(e Edge) (int64, Edge) { return e.A, e }

// componentOfEdge keys the edges whose first document is node by node's
// component.
func componentOfEdge(node int64, comps func(*int64) bool, edges func(*Edge) bool, emit func(int64, Edge)) error {
	var comp int64
	if !comps(&comp) {
		return fmt.Errorf("pipeline: document %d has edges but no component", node)
	}
	var e Edge
	for edges(&e) {
		emit(comp, e)
	}
	return nil
}

// keepFn applies the keep rule to the edges of one component.
type keepFn struct {
	MaxEdges int `json:"maxEdges"`
	edges    []Edge
	removed  map[int64]bool
}

func (f *keepFn) ProcessElement(ctx context.Context, comp int64, edges func(*Edge) bool, emit func(Removal)) error {
	f.edges = f.edges[:0]
	var e Edge
	for edges(&e) {
		if len(f.edges) == f.MaxEdges {
			return fmt.Errorf("pipeline: the near-duplicate component of document %d (its ordinal: the input's documents counted from 0 in input order) has more than %d verified edges; raise the limit (dedupe-beam -max-component-edges, KeepOptions.MaxComponentEdges) if workers have the memory (32 bytes an edge)", comp, f.MaxEdges)
		}
		f.edges = append(f.edges, e)
	}
	componentEdges.Update(ctx, int64(len(f.edges)))
	if f.removed == nil {
		f.removed = map[int64]bool{}
	}
	clear(f.removed)
	keepRule(f.edges, f.removed, emit)
	return nil
}

// keepRule applies the keep rule to the edges of a component, sorting
// them by (B, A): a document's edges to earlier documents then come
// together, after those of every earlier document, whose fate is known.
// removed must be empty; keepRule records the removed documents in it.
func keepRule(edges []Edge, removed map[int64]bool, emit func(Removal)) {
	slices.SortFunc(edges, func(x, y Edge) int {
		return cmp.Or(cmp.Compare(x.B, y.B), cmp.Compare(x.A, y.A))
	})
	for i := 0; i < len(edges); {
		doc, best := edges[i].B, -1
		for ; i < len(edges) && edges[i].B == doc; i++ {
			if removed[edges[i].A] {
				continue
			}
			if best < 0 || edges[i].Similarity > edges[best].Similarity {
				best = i
			}
		}
		if best >= 0 {
			removed[doc] = true
			b := &edges[best]
			emit(Removal{Doc: doc, Kept: b.A, Similarity: b.Similarity, Estimate: b.Estimate, DocID: b.IDB, KeptID: b.IDA})
		}
	}
}
