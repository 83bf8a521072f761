package lsh

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/neardup/dedupe/minhash"
	"github.com/neardup/dedupe/shingle"
)

// randomSets returns n random sets over a small universe, with some sets
// derived from earlier ones so that all similarities occur.
func randomSets(rng *rand.Rand, n int) [][]uint64 {
	sets := make([][]uint64, n)
	for i := range sets {
		var s []uint64
		if i > 0 && rng.IntN(2) == 0 {
			base := sets[rng.IntN(i)]
			for _, v := range base {
				if rng.IntN(8) != 0 {
					s = append(s, v)
				}
			}
			for range rng.IntN(4) {
				s = append(s, rng.Uint64N(400))
			}
		} else {
			for range 1 + rng.IntN(40) {
				s = append(s, rng.Uint64N(400))
			}
		}
		if len(s) == 0 {
			s = append(s, rng.Uint64N(400))
		}
		sets[i] = shingle.Set(s)
	}
	return sets
}

func signatures(k int, sets [][]uint64) [][]uint32 {
	h := minhash.New(minhash.Options{K: k, Seed: 7})
	sigs := make([][]uint32, len(sets))
	for i, s := range sets {
		sigs[i] = h.Append(nil, s)
	}
	return sigs
}

// collide is the brute-force reference: do a and b agree on a whole band?
func collide(p Params, a, b []uint32) bool {
	for j := range p.Bands {
		if slices.Equal(a[j*p.Rows:(j+1)*p.Rows], b[j*p.Rows:(j+1)*p.Rows]) {
			return true
		}
	}
	return false
}

// bruteCase is an index of random sets with a third of its documents
// removed and a few re-added, and the reference data to check it against.
type bruteCase struct {
	x         *Index
	p         Params
	threshold float64
	sets      [][]uint64
	sigs      [][]uint32
	live      []bool
}

// bruteVariants are the indexes the brute-force tests build: with and
// without signatures, merging their buffers at the default size (never,
// at 300 documents) and after a few documents (mergeMin), so that main
// parts are built, deepened and merged into with removed documents.
var bruteVariants = []struct {
	name     string
	noSigs   bool
	mergeMin int
}{
	{"buffer only", false, 0},
	{"merges", false, 5},
	{"merges at 37", false, 37},
	{"no signatures, buffer only", true, 0},
	{"no signatures, merges", true, 5},
	{"no signatures, merges at 37", true, 37},
}

func newBruteCase(t *testing.T, seed uint64, noSigs bool, mergeMin int) *bruteCase {
	rng := rand.New(rand.NewPCG(seed, 1))
	k := []int{8, 16, 32}[seed%3]
	p := Params{Bands: k / 4, Rows: 2 + int(seed%3)}
	if p.Bands*p.Rows > k {
		p.Bands = k / p.Rows
	}
	c := &bruteCase{p: p, threshold: 0.5, sets: randomSets(rng, 300)}
	c.sigs = signatures(k, c.sets)
	var err error
	c.x, err = New(k, Options{Params: p, Threshold: c.threshold, NoSignatures: noSigs})
	require.NoError(t, err)
	if mergeMin > 0 {
		c.x.mergeMin = mergeMin
	}
	c.live = make([]bool, len(c.sigs))
	for i, s := range c.sigs {
		require.NoError(t, c.x.Add(uint32(i), s))
		c.live[i] = true
		if i%50 == 0 {
			require.NoError(t, c.x.Check())
		}
	}
	require.NoError(t, c.x.Check())
	for i := range c.sigs {
		if rng.IntN(3) == 0 {
			require.True(t, c.x.Remove(uint32(i)))
			c.live[i] = false
		}
	}
	require.NoError(t, c.x.Check())
	for i := range c.sigs {
		if !c.live[i] && rng.IntN(4) == 0 {
			require.NoError(t, c.x.Add(uint32(i), c.sigs[i]))
			c.live[i] = true
		}
	}
	require.NoError(t, c.x.Check())
	if mergeMin > 0 {
		require.NotNil(t, c.x.tables[0].dir, "no main part")
	}
	return c
}

// mayMatch is a reference for the records of an index without
// signatures: it reports whether the record of document id in band j
// holds key, or, in a main part, agrees with it on the cell and on the
// bits its fingerprint knows. It finds the record by a scan.
func mayMatch(x *Index, j int, id uint32, key uint64) bool {
	t := &x.tables[j]
	for i, b := range x.bufIDs {
		if b == id {
			return t.keys[i] == key
		}
	}
	for c := 0; c+1 < len(t.dir); c++ {
		for i := t.dir[c]; i < t.dir[c+1]; i++ {
			if t.ids[i] != id {
				continue
			}
			if t.depth > 0 && key>>(64-t.depth) != uint64(c) {
				return false
			}
			fp := t.fps[i]
			known := 15
			for fp&(1<<(15-known)) == 0 {
				known--
			}
			after := key << t.depth // the key bits after the cell
			return uint64(fp)>>(16-known) == after>>(64-known)
		}
	}
	panic(fmt.Sprintf("no record of %d in band %d", id, j))
}

// checkSuperset checks the answer got of an index without signatures
// against the reference want: got holds every document of want, and each
// other one is a document whose records only agree with the query sig on
// the bits they know, in at least one band (mayMatch). It returns the
// number of those.
func (c *bruteCase) checkSuperset(t *testing.T, want, got []uint32, sig []uint32) int {
	t.Helper()
	extra := 0
	for _, id := range got {
		if slices.Contains(want, id) {
			continue
		}
		extra++
		keys := c.p.appendTableKeys(nil, sig)
		require.True(t, slices.ContainsFunc(keys, func(k uint64) bool {
			return mayMatch(c.x, slices.Index(keys, k), id, k)
		}), "candidate %d shares no band and no fingerprint", id)
	}
	for _, id := range want {
		require.Contains(t, got, id)
	}
	return extra
}

func (c *bruteCase) exact(a, b uint32) float64 { return shingle.Jaccard(c.sets[a], c.sets[b]) }

// candidates is the reference for Candidates: the live documents that
// agree with sig on a whole band.
func (c *bruteCase) candidates(sig []uint32) []uint32 {
	var want []uint32
	for b := range c.sigs {
		if c.live[b] && collide(c.p, sig, c.sigs[b]) {
			want = append(want, uint32(b))
		}
	}
	return want
}

// pairs is the reference for Pairs with exact verification.
func (c *bruteCase) pairs() []Pair {
	var want []Pair
	for a := range c.sigs {
		if !c.live[a] {
			continue
		}
		for _, b := range c.candidates(c.sigs[a]) {
			if s := c.exact(uint32(a), b); b > uint32(a) && s >= c.threshold {
				want = append(want, Pair{A: uint32(a), B: b, Similarity: s})
			}
		}
	}
	slices.SortFunc(want, func(p, q Pair) int {
		if p.A != q.A {
			return cmp.Compare(p.A, q.A)
		}
		return cmp.Compare(p.B, q.B)
	})
	return want
}

// query is the reference for Query: the candidates of document a at or
// above the threshold t, by exact similarity or by estimate.
func (c *bruteCase) query(a int, t float64, exact bool) []Match {
	var want []Match
	for _, b := range c.candidates(c.sigs[a]) {
		s := minhash.Similarity(c.sigs[a], c.sigs[b])
		if exact {
			s = c.exact(uint32(a), b)
		}
		if s >= t {
			want = append(want, Match{ID: b, Similarity: s})
		}
	}
	return want
}

func TestCandidatesBruteForce(t *testing.T) {
	for _, v := range bruteVariants {
		extra, queries := 0, 0
		for seed := range uint64(6) {
			c := newBruteCase(t, seed, v.noSigs, v.mergeMin)
			for a, sig := range c.sigs {
				want, got := c.candidates(sig), c.x.Candidates(nil, sig)
				if v.noSigs {
					extra += c.checkSuperset(t, want, got, sig)
				} else {
					require.Equal(t, want, got, "%s, seed %d: Candidates(%d)", v.name, seed, a)
				}
				queries++
			}
			got, st := c.x.Pairs(c.exact)
			require.Equal(t, len(got), st.Verified)
			require.GreaterOrEqual(t, st.Candidates, len(got))
			if v.noSigs {
				require.Subset(t, got, c.pairs(), "%s, seed %d: Pairs", v.name, seed)
				require.Panics(t, func() { c.x.Pairs(nil) })
				continue
			}
			require.Equal(t, c.pairs(), got, "%s, seed %d: Pairs", v.name, seed)
			// Estimate verification: nothing below the threshold comes back.
			est, _ := c.x.Pairs(nil)
			for _, pr := range est {
				require.GreaterOrEqual(t, pr.Similarity, c.threshold)
				require.Equal(t, minhash.Similarity(c.sigs[pr.A], c.sigs[pr.B]), pr.Similarity)
			}
		}
		// 15 known bits of a fingerprint and cells of about 8 records: a
		// wrong candidate per band lookup is rare.
		require.Less(t, float64(extra)/float64(queries), 0.01, "%s: %d wrong candidates in %d queries", v.name, extra, queries)
		t.Logf("%s: %d wrong candidates in %d queries", v.name, extra, queries)
	}
}

// TestQueryBruteForce checks Query, with exact and estimate verification,
// at the index's threshold (0) and at others, indexed documents or not.
func TestQueryBruteForce(t *testing.T) {
	for _, v := range bruteVariants {
		for seed := range uint64(3) {
			c := newBruteCase(t, seed, v.noSigs, v.mergeMin)
			for _, th := range []float64{0, 0.2, 0.5, 0.9, 1} {
				want := th
				if th == 0 {
					want = c.threshold
				}
				for a := range c.sigs {
					exact := func(id uint32) float64 { return c.exact(uint32(a), id) }
					got := c.x.Query(nil, c.sigs[a], th, exact)
					if v.noSigs {
						ref := c.query(a, want, true)
						require.Subset(t, got, ref, "%s, seed %d: Query(%d, %v)", v.name, seed, a, th)
						for _, m := range got {
							require.GreaterOrEqual(t, m.Similarity, want)
						}
						continue
					}
					require.Equal(t, c.query(a, want, true), got, "%s, seed %d: Query(%d, %v, exact)", v.name, seed, a, th)
					require.Equal(t, c.query(a, want, false), c.x.Query(nil, c.sigs[a], th, nil), "%s, seed %d: Query(%d, %v, nil)", v.name, seed, a, th)
				}
			}
			if v.noSigs {
				require.Panics(t, func() { c.x.Query(nil, c.sigs[0], 0, nil) })
				_, ok := c.x.AppendSignature(nil, 0)
				require.False(t, ok)
			}
		}
	}
}

func TestAddErrors(t *testing.T) {
	x, err := New(4, Options{Params: Params{Bands: 2, Rows: 2}})
	require.NoError(t, err)
	sig := []uint32{1, 2, 3, 4}
	require.NoError(t, x.Add(3, sig))
	tests := []struct {
		id   uint32
		sig  []uint32
		want error
	}{
		{3, sig, ErrDuplicate},
		{4, sig[:3], ErrSignatureLength},
		{MaxID + 1, sig, ErrID},
	}
	for _, tt := range tests {
		err := x.Add(tt.id, tt.sig)
		if !errors.Is(err, tt.want) {
			t.Errorf("Add(%d, %v) = %v, want %v", tt.id, tt.sig, err, tt.want)
		}
	}
	require.Equal(t, 1, x.Len())
	require.NoError(t, x.Check())
	require.False(t, x.Remove(5))
	require.True(t, x.Remove(3))
	require.False(t, x.Contains(3))
	require.Equal(t, 0, x.Len())
	require.NoError(t, x.Check())
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		k    int
		opts Options
	}{
		{0, Options{}},
		{8, Options{Threshold: 1.5}},
		{8, Options{Threshold: -0.1}},
		{8, Options{Params: Params{Bands: 3, Rows: 3}}},
		{8, Options{Params: Params{Bands: 0, Rows: 3}}},
		{8, Options{Threshold: math.NaN()}},
		{8, Options{Recall: 1}},
		{8, Options{Recall: -0.5}},
		{8, Options{Recall: math.NaN()}},
		{maxK + 1, Options{}},
		// Bands×Rows overflowed to pass, and make panicked
		{128, Options{Params: Params{Bands: 1 << 62, Rows: 4}}},
		{128, Options{Params: Params{Bands: 4, Rows: 1 << 62}}},
		{128, Options{SizeHint: -1}},
	}
	for _, tt := range tests {
		if _, err := New(tt.k, tt.opts); !errors.Is(err, ErrParams) {
			t.Errorf("New(%d, %+v) = %v, want ErrParams", tt.k, tt.opts, err)
		}
	}
	x, err := New(128, Options{})
	require.NoError(t, err)
	// The zero Options find 99.9% of the pairs at the threshold, as the
	// command does.
	require.Equal(t, ParamsForRecall(128, 0.8, 0.999), x.Params())
	require.Equal(t, Params{Bands: 18, Rows: 5}, x.Params())
	require.GreaterOrEqual(t, x.Params().Probability(0.8), 0.999)
	require.Equal(t, 0.8, x.Threshold())
}

// TestBigGroup adds many documents that share the values of one band, in
// the buffer and through merges, then removes all but one.
func TestBigGroup(t *testing.T) {
	for _, v := range bruteVariants {
		x, err := New(4, Options{Params: Params{Bands: 2, Rows: 2}, Threshold: 0.5, NoSignatures: v.noSigs})
		require.NoError(t, err)
		if v.mergeMin > 0 {
			x.mergeMin = v.mergeMin
		}
		n := 96
		for i := range n {
			require.NoError(t, x.Add(uint32(i), []uint32{7, 7, uint32(i), 1}))
		}
		require.NoError(t, x.Check())
		got := x.Candidates(nil, []uint32{7, 7, 0, 0})
		require.Len(t, got, n, v.name)
		if !v.noSigs {
			ms := x.Query(nil, []uint32{7, 7, 5, 1}, 0, nil)
			require.Len(t, ms, n) // all agree on 3 of 4 values, or 4
		}
		for i := range n - 1 {
			require.True(t, x.Remove(uint32(i)))
			if i%7 == 0 {
				require.NoError(t, x.Check())
			}
		}
		require.NoError(t, x.Check())
		require.Equal(t, []uint32{uint32(n - 1)}, x.Candidates(nil, []uint32{7, 7, 0, 0}), v.name)
	}
}

// TestDeepMain grows a main part from a first merge of 1 record until its
// depth reaches the cap of 15 levels below it, where fingerprints know no
// bit: no candidate is ever missed, and the cells grow past the cap.
func TestDeepMain(t *testing.T) {
	if testing.Short() {
		t.Skip("adds 600k documents")
	}
	x, err := New(1, Options{Params: Params{Bands: 1, Rows: 1}, NoSignatures: true})
	require.NoError(t, err)
	x.mergeMin = 1
	const n = 600_000 // depthFor(n) = 16, past the cap
	for i := range uint32(n) {
		require.NoError(t, x.Add(i, []uint32{i * 2654435761}))
	}
	tb := &x.tables[0]
	require.Equal(t, tb.first+fpBits, tb.depth)
	require.NoError(t, x.Check())
	for i := uint32(0); i < n; i += 997 {
		require.Contains(t, x.Candidates(nil, []uint32{i * 2654435761}), i)
	}
}

// TestConcurrentQueries runs queries while documents are added and removed;
// run with -race.
func TestConcurrentQueries(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	sets := randomSets(rng, 400)
	sigs := signatures(16, sets)
	x, err := New(16, Options{Params: Params{Bands: 8, Rows: 2}, Threshold: 0.5})
	require.NoError(t, err)
	for i := range 200 {
		require.NoError(t, x.Add(uint32(i), sigs[i]))
	}
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var c []uint32
			var m []Match
			for i := range 400 {
				c = x.Candidates(c[:0], sigs[(i+w)%400])
				m = x.Query(m[:0], sigs[(i+w)%400], 0, nil)
			}
			x.Pairs(nil)
		}()
	}
	for i := 200; i < 400; i++ {
		require.NoError(t, x.Add(uint32(i), sigs[i]))
		if i%3 == 0 {
			x.Remove(uint32(i - 100))
		}
	}
	wg.Wait()
	require.NoError(t, x.Check())
}

func TestPairsDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	sets := randomSets(rng, 3000)
	sigs := signatures(32, sets)
	x, err := New(32, Options{Params: Params{Bands: 16, Rows: 2}, Threshold: 0.3})
	require.NoError(t, err)
	for i, s := range sigs {
		require.NoError(t, x.Add(uint32(i), s))
	}
	a, _ := x.Pairs(nil)
	b, _ := x.Pairs(nil)
	require.Equal(t, a, b)
	require.NotEmpty(t, a)
}

// TestGrow checks that Grow leaves the answers unchanged and that the
// documents it made room for are added without rebuilding a table.
func TestGrow(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	sigs := signatures(64, randomSets(rng, 600))
	plain, err := New(64, Options{})
	require.NoError(t, err)
	grown, err := New(64, Options{})
	require.NoError(t, err)
	grown.Grow(0) // no-op
	for i, s := range sigs[:100] {
		require.NoError(t, plain.Add(uint32(i), s))
		require.NoError(t, grown.Add(uint32(i), s))
	}
	grown.Grow(len(sigs) - 100)
	require.NoError(t, grown.Check())
	sizes := make([]int, len(grown.tables))
	for j := range grown.tables {
		sizes[j] = len(grown.tables[j].slots)
	}
	for i, s := range sigs[100:] {
		require.NoError(t, plain.Add(uint32(100+i), s))
		require.NoError(t, grown.Add(uint32(100+i), s))
	}
	for j := range grown.tables {
		require.Equal(t, sizes[j], len(grown.tables[j].slots), "table %d was rebuilt", j)
	}
	require.NoError(t, grown.Check())
	for _, s := range sigs {
		require.Equal(t, plain.Candidates(nil, s), grown.Candidates(nil, s))
	}
	pp, _ := plain.Pairs(nil)
	gp, _ := grown.Pairs(nil)
	require.Equal(t, pp, gp)
}

// TestManyBands checks Candidates and Query on indexes of more bands than
// are looked up on the stack (maxStackBands), whose candidates are checked
// by checkCandidates.
func TestManyBands(t *testing.T) {
	for _, noSigs := range []bool{false, true} {
		rng := rand.New(rand.NewPCG(7, 1))
		k := 64
		p := Params{Bands: maxStackBands + 8, Rows: 1}
		c := &bruteCase{p: p, threshold: 0.5, sets: randomSets(rng, 120)}
		c.sigs = signatures(k, c.sets)
		var err error
		c.x, err = New(k, Options{Params: p, Threshold: c.threshold, NoSignatures: noSigs})
		require.NoError(t, err)
		c.x.mergeMin = 37
		c.live = make([]bool, len(c.sigs))
		for i, s := range c.sigs {
			require.NoError(t, c.x.Add(uint32(i), s))
			c.live[i] = i%5 != 0
		}
		for i := range c.sigs {
			if !c.live[i] {
				require.True(t, c.x.Remove(uint32(i)))
			}
		}
		require.NoError(t, c.x.Check())
		for a, sig := range c.sigs {
			want, got := c.candidates(sig), c.x.Candidates(nil, sig)
			if noSigs {
				c.checkSuperset(t, want, got, sig)
			} else {
				require.Equal(t, want, got, "Candidates(%d)", a)
			}
			exact := func(b uint32) float64 { return c.exact(uint32(a), b) }
			require.Equal(t, c.query(a, c.threshold, true), c.x.Query(nil, sig, 0, exact), "Query(%d)", a)
		}
	}
}
