package pipeline

import (
	"fmt"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
)

// Components of a small graph; each node maps to the smallest node of its
// component.
func ExampleConnectedComponents() {
	p, s := beam.NewPipelineWithRoot()
	edges := beam.ParDo(s, parseEdge, beam.Create(s, "1 2", "3 2", "9 4", "4 7"))
	comps := ConnectedComponents(s, edges, ComponentOptions{})
	collect(s, "ExampleConnectedComponents", beam.ParDo(s, formatNodeComp, comps))
	_, out, err := runCollect(p, "ExampleConnectedComponents")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Join(out[0], " "))
	// Output: 1->1 2->1 3->1 4->4 7->4 9->4
}

// The keep rule on a chain of near-duplicates 1-2-3-4: 2 goes as a copy
// of 1; 3 stays, since its only earlier partner, 2, was removed; 4 goes as
// a copy of 3.
func ExampleKeep() {
	p, s := beam.NewPipelineWithRoot()
	edges := beam.Create(s,
		Edge{A: 1, B: 2, Similarity: 0.9},
		Edge{A: 2, B: 3, Similarity: 0.85},
		Edge{A: 3, B: 4, Similarity: 1})
	collect(s, "ExampleKeep", beam.ParDo(s, formatRemoval, Keep(s, edges, KeepOptions{})))
	_, out, err := runCollect(p, "ExampleKeep")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Join(out[0], "\n"))
	// Output:
	// 2<-1@0.9/0
	// 4<-3@1/0
}
