package minhash

import (
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewOptions(t *testing.T) {
	tests := []struct {
		opts  Options
		wantK int
	}{
		{Options{}, 128},
		{Options{K: 1}, 1},
		{Options{K: 7, Family: Classic}, 7},
		{Options{K: 256, Seed: 9}, 256},
		{Options{K: MaxK}, MaxK},
	}
	for _, tt := range tests {
		h := New(tt.opts)
		if got := h.K(); got != tt.wantK {
			t.Errorf("New(%+v).K() = %d, want %d", tt.opts, got, tt.wantK)
		}
		want := tt.opts
		want.K = tt.wantK
		if got := h.Options(); got != want {
			t.Errorf("New(%+v).Options() = %+v, want %+v", tt.opts, got, want)
		}
		if got := h.Append(nil, []uint64{1, 2, 3}); len(got) != tt.wantK {
			t.Errorf("New(%+v).Append: %d values, want %d", tt.opts, len(got), tt.wantK)
		}
	}
	for _, bad := range []Options{{K: -1}, {K: MaxK + 1}, {Family: 2}} {
		assert.Panics(t, func() { New(bad) }, "New(%+v)", bad)
	}
}

func TestFamilyString(t *testing.T) {
	for f, want := range map[Family]string{OnePermutation: "onepermutation", Classic: "classic", 7: "Family(7)"} {
		if got := f.String(); got != want {
			t.Errorf("Family(%d).String() = %q, want %q", uint8(f), got, want)
		}
	}
}

func TestEmpty(t *testing.T) {
	for _, fam := range []Family{OnePermutation, Classic} {
		h := New(Options{K: 16, Family: fam})
		empty := h.Append(nil, nil)
		require.Len(t, empty, 16)
		for _, v := range empty {
			require.Equal(t, EmptyValue, v)
		}
		assert.True(t, IsEmpty(empty), "%v: IsEmpty(empty)", fam)
		assert.Equal(t, empty, h.Append(nil, []uint64{}), "%v: nil and empty input", fam)
		full := h.Append(nil, []uint64{1})
		assert.False(t, IsEmpty(full), "%v: IsEmpty of one shingle", fam)
		assert.Zero(t, Similarity(empty, empty), "%v: two empty sets share nothing", fam)
		assert.Zero(t, Similarity(empty, full), fam.String())
		assert.Zero(t, Similarity(full, empty), fam.String())
		assert.Equal(t, 1.0, Similarity(full, full), fam.String())
	}
	assert.False(t, IsEmpty(nil))
	assert.False(t, IsEmpty(Signature{}))
	assert.Zero(t, Similarity(nil, nil))
}

func TestSimilarity(t *testing.T) {
	tests := []struct {
		a, b Signature
		want float64
	}{
		{Signature{1, 2, 3, 4}, Signature{1, 2, 3, 4}, 1},
		{Signature{1, 2, 3, 4}, Signature{1, 0, 3, 0}, 0.5},
		{Signature{1, 2, 3, 4, 5}, Signature{0, 2, 0, 0, 5}, 0.4},
		{Signature{1, 2, 3, 4, 5, 6, 7}, Signature{9, 9, 9, 9, 9, 9, 7}, 1.0 / 7},
		{Signature{1}, Signature{2}, 0},
		{Signature{EmptyValue, EmptyValue}, Signature{EmptyValue, EmptyValue}, 0},
	}
	for _, tt := range tests {
		if got := Similarity(tt.a, tt.b); math.Abs(got-tt.want) > 1e-15 {
			t.Errorf("Similarity(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	assert.Panics(t, func() { Similarity(Signature{1, 2}, Signature{1}) })
	assert.Panics(t, func() { Matches(Signature{1, 2}, Signature{1}) })
}

// TestSignatureProperties checks properties shared by both families: no
// value is EmptyValue, order and duplicates do not matter, dst is extended
// and not overwritten, and equal sets estimate 1.
func TestSignatureProperties(t *testing.T) {
	r := pcg(3, 3)
	for _, fam := range []Family{OnePermutation, Classic} {
		for _, n := range []int{1, 2, 10, 100, 1000} {
			h := New(Options{Seed: 5, Family: fam})
			xs := randomSet(r, n)
			sig := h.Append(nil, xs)
			assert.NotContains(t, sig, EmptyValue, "%v n=%d", fam, n)
			shuffled := slices.Clone(xs)
			r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			shuffled = append(shuffled, xs...)
			prefix := Signature{7, 8}
			got := h.Append(prefix, shuffled)
			assert.Equal(t, Signature{7, 8}, got[:2], "%v n=%d: prefix kept", fam, n)
			assert.Equal(t, sig, got[2:], "%v n=%d: order and duplicates", fam, n)
			assert.Equal(t, 1.0, Similarity(sig, got[2:]))
			other := New(Options{Seed: 6, Family: fam}).Append(nil, xs)
			assert.NotEqual(t, sig, other, "%v n=%d: seeds must matter", fam, n)
		}
	}
	// The families are different functions of the same seed.
	xs := randomSet(r, 50)
	assert.Less(t, Similarity(New(Options{}).Append(nil, xs), New(Options{Family: Classic}).Append(nil, xs)), 0.1)
}

func TestAppendAllocs(t *testing.T) {
	xs := randomSet(pcg(4, 4), 500)
	for _, fam := range []Family{OnePermutation, Classic} {
		for _, n := range []int{0, 1, 10, 500} {
			h := New(Options{Family: fam})
			dst := make(Signature, 0, h.K())
			allocs := testing.AllocsPerRun(20, func() { dst = h.Append(dst[:0], xs[:n]) })
			if allocs != 0 {
				t.Errorf("%v n=%d: Append allocates %v times per run, want 0", fam, n, allocs)
			}
		}
	}
	var s Signature
	enc, err := New(Options{}).Append(nil, xs).AppendBinary(nil)
	require.NoError(t, err)
	require.NoError(t, s.UnmarshalBinary(enc))
	buf := make([]byte, 0, len(enc))
	if allocs := testing.AllocsPerRun(20, func() {
		buf, _ = s.AppendBinary(buf[:0])
		_ = s.UnmarshalBinary(buf)
	}); allocs != 0 {
		t.Errorf("AppendBinary+UnmarshalBinary allocate %v times per run, want 0", allocs)
	}
}

// TestConcurrent runs one Hasher from several goroutines (meaningful under
// -race) and checks that the results do not depend on it.
func TestConcurrent(t *testing.T) {
	xs := randomSet(pcg(5, 5), 300)
	for _, fam := range []Family{OnePermutation, Classic} {
		h := New(Options{Family: fam})
		want := h.Append(nil, xs)
		done := make(chan Signature)
		for g := 0; g < 4; g++ {
			go func() {
				var sig Signature
				for i := 0; i < 10; i++ {
					sig = h.Append(sig[:0], xs)
				}
				done <- sig
			}()
		}
		for g := 0; g < 4; g++ {
			assert.Equal(t, want, <-done)
		}
	}
}
