package dedupe

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestWordShingles(t *testing.T) {
	tests := []struct {
		name  string
		words []uint64
		k     int
		n     int // shingles expected
	}{
		{"empty", nil, 5, 0},
		{"fewer words than k", []uint64{1, 2}, 5, 1},
		{"exactly k", []uint64{1, 2, 3}, 3, 1},
		{"more than k", []uint64{1, 2, 3, 4, 5, 6}, 3, 4},
		{"k of 1", []uint64{7, 8}, 1, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wordShingles(nil, tt.words, tt.k)
			require.Len(t, got, tt.n)
		})
	}
	// a shingle depends on its words and their order
	a := wordShingles(nil, []uint64{1, 2, 3}, 3)
	b := wordShingles(nil, []uint64{3, 2, 1}, 3)
	require.NotEqual(t, a, b)
	// shared runs of words give shared shingles
	c := wordShingles(nil, []uint64{9, 1, 2, 3}, 3)
	require.Equal(t, a[0], c[1])
}
