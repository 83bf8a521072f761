package unionfind

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// components is the reference: connected components of the graph of edges
// over n vertices by flood fill, two or more vertices each, sorted, ordered
// by first vertex.
func components(n int, edges [][2]int) [][]int {
	adj := make([][]int, n)
	for _, e := range edges {
		adj[e[0]] = append(adj[e[0]], e[1])
		adj[e[1]] = append(adj[e[1]], e[0])
	}
	seen := make([]bool, n)
	var out [][]int
	for v := range n {
		if seen[v] {
			continue
		}
		seen[v] = true
		comp, stack := []int{}, []int{v}
		for len(stack) > 0 {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			comp = append(comp, x)
			for _, y := range adj[x] {
				if !seen[y] {
					seen[y] = true
					stack = append(stack, y)
				}
			}
		}
		if len(comp) > 1 {
			slices.Sort(comp)
			out = append(out, comp)
		}
	}
	return out
}

func TestForestReference(t *testing.T) {
	var f Forest // the zero value, reused across sizes
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 3))
		n := 1 + rng.IntN(300)
		edges := make([][2]int, rng.IntN(n))
		for i := range edges {
			edges[i] = [2]int{rng.IntN(n), rng.IntN(n)}
		}
		f.Reset(n)
		require.Equal(t, n, f.Len())
		for _, e := range edges {
			before := f.Find(e[0]) != f.Find(e[1])
			require.Equal(t, before, f.Union(e[0], e[1]), "seed %d: Union%v", seed, e)
		}
		want := components(n, edges)
		require.Equal(t, want, f.Groups(), "seed %d", seed)
		for _, g := range want {
			for _, v := range g {
				require.Equal(t, f.Find(g[0]), f.Find(v))
				require.Equal(t, len(g), f.Size(v))
			}
		}
	}
}

func TestForestSingletons(t *testing.T) {
	f := New(4)
	require.Nil(t, f.Groups())
	require.Equal(t, 1, f.Size(3))
	require.True(t, f.Union(3, 1))
	require.False(t, f.Union(1, 3))
	require.Equal(t, [][]int{{1, 3}}, f.Groups())
	f.Reset(2)
	require.Nil(t, f.Groups())
	require.Equal(t, 2, f.Len())
	require.Panics(t, func() { New(-1) })
}
