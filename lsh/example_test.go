package lsh_test

import (
	"bytes"
	"fmt"

	"github.com/neardup/dedupe/lsh"
	"github.com/neardup/dedupe/minhash"
	"github.com/neardup/dedupe/shingle"
)

func ExampleParamsForRecall() {
	// The banding of the zero Options: a pair at the threshold is a
	// candidate with probability at least 0.999.
	p := lsh.ParamsForRecall(128, 0.8, 0.999)
	x, _ := lsh.New(128, lsh.Options{})
	fmt.Println(p, x.Params() == p, fmt.Sprintf("%.4f %.3f", p.Probability(0.8), p.Probability(0.5)))
	// Output: b=18 r=5 true 0.9992 0.435
}

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

func ExampleIndex_Pairs() {
	docs := []string{
		"the quick brown fox jumps over the lazy dog by the river",
		"an entirely different text about cooking rice and beans",
		"the quick brown fox jumps over the lazy dog by the river bank",
		"an entirely different text about cooking rice and beans tonight",
		"the quick brown fox jumps over the lazy dog by the river",
	}
	sh := shingle.New(shingle.Options{})
	h := minhash.New(minhash.Options{})
	x, _ := lsh.New(h.K(), lsh.Options{Threshold: 0.7})
	sets := make([][]uint64, len(docs))
	for i, d := range docs {
		sets[i] = shingle.Set(sh.AppendString(nil, d))
		x.Add(uint32(i), h.Append(nil, sets[i]))
	}
	pairs, _ := x.Pairs(func(a, b uint32) float64 { return shingle.Jaccard(sets[a], sets[b]) })
	for _, p := range pairs {
		fmt.Printf("%d-%d J=%.2f\n", p.A, p.B, p.Similarity)
	}
	fmt.Println(lsh.Clusters(pairs))
	// Output:
	// 0-2 J=0.89
	// 0-4 J=1.00
	// 1-3 J=0.83
	// 2-4 J=0.89
	// [[0 2 4] [1 3]]
}

func ExampleClusters() {
	pairs := []lsh.Pair{{A: 4, B: 7}, {A: 1, B: 9}, {A: 7, B: 9}, {A: 2, B: 3}}
	fmt.Println(lsh.Clusters(pairs))
	// Output: [[1 4 7 9] [2 3]]
}

func ExampleParams_AppendBandKeys() {
	// Documents that agree on a band share its key: grouping by key, as a
	// distributed pipeline would, gives the candidate pairs.
	p := lsh.Params{Bands: 2, Rows: 2}
	sigs := [][]uint32{{1, 2, 3, 4}, {1, 2, 9, 9}, {5, 6, 3, 4}, {7, 7, 7, 7}}
	byKey := map[uint64][]int{}
	var order []uint64
	for i, sig := range sigs {
		for _, k := range p.AppendBandKeys(nil, sig) {
			if byKey[k] == nil {
				order = append(order, k)
			}
			byKey[k] = append(byKey[k], i)
		}
	}
	for _, k := range order {
		if len(byKey[k]) > 1 {
			fmt.Println(byKey[k])
		}
	}
	// Output:
	// [0 1]
	// [0 2]
}

func ExampleIndex_WriteTo() {
	x, _ := lsh.New(4, lsh.Options{Params: lsh.Params{Bands: 2, Rows: 2}})
	x.Add(0, []uint32{1, 2, 3, 4})
	x.Add(1, []uint32{1, 2, 5, 6})
	var buf bytes.Buffer
	x.WriteTo(&buf)
	var y lsh.Index
	if _, err := y.ReadFrom(&buf); err != nil {
		fmt.Println(err)
	}
	fmt.Println(y.Len(), y.Params(), y.Candidates(nil, []uint32{1, 2, 0, 0}))
	// Output: 2 b=2 r=2 [0 1]
}
