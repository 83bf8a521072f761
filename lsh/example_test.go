package lsh_test

import (
	"fmt"

	"github.com/neardup/dedupe/lsh"
	"github.com/neardup/dedupe/minhash"
	"github.com/neardup/dedupe/shingle"
)

func ExampleParamsFor() {
	p := lsh.ParamsFor(128, 0.8)
	fmt.Println(p, fmt.Sprintf("%.3f %.3f", p.Probability(0.8), p.Probability(0.95)))
	// Output: b=9 r=13 0.399 0.998
}

func ExampleIndex_Query() {
	docs := []string{
		"the quick brown fox jumps over the lazy dog by the river",
		"an entirely different text about cooking rice and beans",
		"the quick brown fox jumps over the lazy dog by the river bank",
	}
	sh := shingle.New(shingle.Options{})
	h := minhash.New(minhash.Options{})
	x, _ := lsh.New(h.K(), lsh.Options{Threshold: 0.7})
	sets := make([][]uint64, len(docs))
	for i, d := range docs {
		sets[i] = shingle.Set(sh.AppendString(nil, d))
		sig := h.Append(nil, sets[i])
		// Streaming de-duplication: query, then add the documents kept.
		exact := func(id uint32) float64 { return shingle.Jaccard(sets[i], sets[id]) }
		if m := x.Query(nil, sig, 0, exact); len(m) > 0 {
			fmt.Printf("doc %d duplicates doc %d (J=%.2f)\n", i, m[0].ID, m[0].Similarity)
			continue
		}
		x.Add(uint32(i), sig)
	}
	// Output: doc 2 duplicates doc 0 (J=0.89)
}

func ExampleClusters() {
	pairs := []lsh.Pair{{A: 4, B: 7}, {A: 1, B: 9}, {A: 7, B: 9}, {A: 2, B: 3}}
	fmt.Println(lsh.Clusters(pairs))
	// Output: [[1 4 7 9] [2 3]]
}
