package lsh

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestClusters(t *testing.T) {
	tests := []struct {
		pairs []Pair
		want  [][]uint32
	}{
		{nil, nil},
		{[]Pair{{A: 5, B: 3}}, [][]uint32{{3, 5}}},
		{[]Pair{{A: 1, B: 2}, {A: 3, B: 4}, {A: 2, B: 3}}, [][]uint32{{1, 2, 3, 4}}},
		{[]Pair{{A: 10, B: 11}, {A: 0, B: 20}, {A: 11, B: 20}, {A: 7, B: 8}}, [][]uint32{{0, 10, 11, 20}, {7, 8}}},
		{[]Pair{{A: 1 << 30, B: 2}, {A: 2, B: 2}}, [][]uint32{{2, 1 << 30}}},
	}
	for _, tt := range tests {
		got := Clusters(tt.pairs)
		require.Equal(t, tt.want, got, "Clusters(%v)", tt.pairs)
	}
}

// TestClustersReference compares with a naive flood fill and checks that
// the output does not depend on the order of the pairs.
func TestClustersReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var pairs []Pair
	for range 300 {
		pairs = append(pairs, Pair{A: rng.Uint32N(400), B: rng.Uint32N(400)})
	}
	got := Clusters(pairs)
	adj := map[uint32][]uint32{}
	for _, p := range pairs {
		adj[p.A] = append(adj[p.A], p.B)
		adj[p.B] = append(adj[p.B], p.A)
	}
	seen := map[uint32]bool{}
	var want [][]uint32
	for id := range uint32(400) {
		if seen[id] || len(adj[id]) == 0 {
			continue
		}
		var comp []uint32
		stack := []uint32{id}
		seen[id] = true
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			comp = append(comp, v)
			for _, w := range adj[v] {
				if !seen[w] {
					seen[w] = true
					stack = append(stack, w)
				}
			}
		}
		if len(comp) < 2 {
			continue
		}
		slices.Sort(comp)
		want = append(want, comp)
	}
	require.Equal(t, want, got)
	rng.Shuffle(len(pairs), func(i, j int) { pairs[i], pairs[j] = pairs[j], pairs[i] })
	require.Equal(t, want, Clusters(pairs))
}
