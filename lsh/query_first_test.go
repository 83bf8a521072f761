package lsh

import (
	"bytes"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCandidatesFirst: CandidatesFirst is Candidates cut to its n smallest
// ids, with more set when Candidates has more, on indexes whose documents
// come in increasing id order (read up to n+1 records of a key) and on
// others (cut from Candidates): with and without signatures, through
// many merges (mergeMin 8), with giant buckets (most documents copies of
// a few, some values changed), removals, and ids added out of order.
func TestCandidatesFirst(t *testing.T) {
	for _, noSigs := range []bool{false, true} {
		for _, order := range []string{"increasing", "gaps", "shuffled"} {
			rng := rand.New(rand.NewPCG(uint64(len(order)), 9))
			x, err := New(16, Options{Params: Params{Bands: 4, Rows: 4}, NoSignatures: noSigs})
			require.NoError(t, err)
			x.mergeMin = 8
			bases := make([][]uint32, 3)
			for i := range bases {
				bases[i] = make([]uint32, 16)
				for j := range bases[i] {
					bases[i][j] = rng.Uint32N(1000)
				}
			}
			sigOf := func() []uint32 {
				s := slices.Clone(bases[rng.IntN(len(bases))])
				for range rng.IntN(4) {
					s[rng.IntN(16)] = rng.Uint32N(1000)
				}
				return s
			}
			ids := make([]uint32, 600)
			for i := range ids {
				ids[i] = uint32(i)
				if order == "gaps" {
					ids[i] = uint32(3*i + rng.IntN(3))
				}
			}
			if order == "shuffled" {
				rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
			}
			for i, id := range ids {
				sig := sigOf()
				for _, n := range []int{1, 5, 40, 1000} {
					all := x.Candidates(nil, sig)
					got, more := x.CandidatesFirst([]uint32{7}, sig, n)
					want := all[:min(n, len(all))]
					require.Equal(t, append([]uint32{7}, want...), got, "%s noSigs=%v doc %d n %d", order, noSigs, i, n)
					require.Equal(t, len(all) > n, more)
				}
				require.NoError(t, x.Add(id, sig))
				if i%97 == 50 {
					x.Remove(ids[rng.IntN(i)])
				}
			}
			require.Equal(t, order == "shuffled", x.unordered, order)
		}
	}
}

// TestCandidatesFirstRead: an index read back (ReadFrom) is in no known
// id order, also when extended with smaller ids after (it was taken as
// ordered: the records of 10 to 40 were returned before 1 and 2); and n
// may be as large as an int goes.
func TestCandidatesFirstRead(t *testing.T) {
	sig := []uint32{1, 2, 3, 4}
	for _, noSigs := range []bool{false, true} {
		x, err := New(4, Options{Params: Params{Bands: 2, Rows: 2}, NoSignatures: noSigs})
		require.NoError(t, err)
		for _, id := range []uint32{10, 20, 30, 40} {
			require.NoError(t, x.Add(id, sig))
		}
		got, more := x.CandidatesFirst(nil, sig, math.MaxInt)
		require.Equal(t, []uint32{10, 20, 30, 40}, got)
		require.False(t, more)
		var b bytes.Buffer
		_, err = x.WriteTo(&b)
		require.NoError(t, err)
		var y Index
		_, err = y.ReadFrom(&b)
		require.NoError(t, err)
		for _, id := range []uint32{1, 2, 3} {
			require.NoError(t, y.Add(id, sig))
		}
		got, more = y.CandidatesFirst(nil, sig, 2)
		require.Equal(t, []uint32{1, 2}, got, "noSigs=%v", noSigs)
		require.True(t, more)
	}
}
