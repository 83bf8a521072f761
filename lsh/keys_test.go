package lsh

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestBandKeys checks that two signatures share the key of a band exactly
// when they agree on that band, and that keys of different bands differ,
// on random signatures over small alphabets (many agreeing bands) and over
// all 32-bit values, for bands of 1 to 7 rows.
func TestBandKeys(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	for _, rows := range []int{1, 2, 3, 4, 7} {
		for _, alphabet := range []uint32{2, 3, 1 << 16, 0} { // 0: any uint32
			p := Params{Bands: 64 / rows, Rows: rows}
			sigs := make([][]uint32, 300)
			keys := make([][]uint64, len(sigs))
			for i := range sigs {
				sigs[i] = make([]uint32, 64)
				for j := range sigs[i] {
					sigs[i][j] = rng.Uint32()
					if alphabet > 0 {
						sigs[i][j] %= alphabet
					}
				}
				keys[i] = p.AppendBandKeys(nil, sigs[i])
				require.Len(t, keys[i], p.Bands)
			}
			owner := map[uint64]int{} // key → band
			for a := range sigs {
				for j, k := range keys[a] {
					if b, ok := owner[k]; ok && b != j {
						t.Fatalf("rows %d alphabet %d: key %x of bands %d and %d", rows, alphabet, k, b, j)
					}
					owner[k] = j
					for b := range a {
						band := func(s []uint32) []uint32 { return s[j*rows : (j+1)*rows] }
						if same := slices.Equal(band(sigs[a]), band(sigs[b])); same != (k == keys[b][j]) {
							t.Fatalf("rows %d alphabet %d: signatures %d and %d, band %d: values equal %v, keys %x %x",
								rows, alphabet, a, b, j, same, k, keys[b][j])
						}
					}
				}
			}
		}
	}
}

// TestBandKeysGolden pins the keys: they are shared by every process of a
// distributed run, so a change of the hash must be deliberate.
func TestBandKeysGolden(t *testing.T) {
	sig := []uint32{0, 1, 2, 3, 4, 5, 6, 7, 0xffffffff}
	tests := []struct {
		p    Params
		want string
	}{
		{Params{Bands: 4, Rows: 2}, "[a26abd16718f9760 29e034fe8bb32b08 5e3971271ed27f09 83508abc26a72a8f]"},
		{Params{Bands: 3, Rows: 3}, "[4d6965b0f3eef925 2d37f99b178376a fb91461280cb3939]"},
		{Params{Bands: 2, Rows: 1}, "[f307151e11a526ec e2d6a2c34dfc360a]"},
	}
	for _, tt := range tests {
		got := fmt.Sprintf("%x", tt.p.AppendBandKeys(nil, sig))
		if got != tt.want {
			t.Errorf("%v.AppendBandKeys(%v) = %s, want %s", tt.p, sig, got, tt.want)
		}
	}
	// Appends, and a zero Params has no band.
	require.Equal(t, []uint64{42}, Params{}.AppendBandKeys([]uint64{42}, sig))
	require.Panics(t, func() { Params{Bands: 5, Rows: 2}.AppendBandKeys(nil, sig) })
	require.PanicsWithValue(t, "lsh: AppendBandKeys: signature shorter than Bands×Rows", func() { Params{Bands: 1 << 62, Rows: 4}.AppendBandKeys(nil, sig) })
}
