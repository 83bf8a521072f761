package lsh

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestProbability(t *testing.T) {
	tests := []struct {
		p    Params
		s    float64
		want float64
	}{
		{Params{1, 1}, 0.3, 0.3},
		{Params{2, 2}, 0.5, 0.4375},          // 1 - (1 - 1/4)^2 = 7/16
		{Params{3, 1}, 0.5, 0.875},           // 1 - (1/2)^3
		{Params{1, 3}, 0.5, 0.125},           // 1/8
		{Params{4, 2}, 0.5, 1 - 81.0/256},    // 1 - (3/4)^4
		{Params{2, 3}, 0.9, 1 - 0.271*0.271}, // 1 - (1 - 0.729)^2
		{Params{9, 13}, 0, 0},                //
		{Params{9, 13}, 1, 1},                //
		{Params{20, 5}, 0.8, 0.99964394211},  // 1 - 0.67232^20 = 1 - e^(20·ln 0.67232)
	}
	for _, tt := range tests {
		if got := tt.p.Probability(tt.s); math.Abs(got-tt.want) > 1e-10 {
			t.Errorf("%v.Probability(%v) = %v, want %v", tt.p, tt.s, got, tt.want)
		}
	}
}

// TestProbabilityTiny: for a threshold so small that 1-s^r rounds to 1,
// the probability still grows with the bands (it was 0 for every banding,
// and ParamsForRecall then kept its first, one band of one row, the
// fewest candidates, where 0.001 takes 128 bands).
func TestProbabilityTiny(t *testing.T) {
	for _, s := range []float64{1e-17, 1e-300} {
		require.InEpsilon(t, 128*s, Params{128, 1}.Probability(s), 1e-9)
		require.Equal(t, Params{128, 1}, ParamsForRecall(128, s, 0.999), "threshold %v", s)
	}
}

func TestParamsFor(t *testing.T) {
	tests := []struct {
		k      int
		t      float64
		fp, fn float64
		want   Params
	}{
		// datasketch MinHashLSH(threshold=0.8, num_perm=128) picks b=9, r=13.
		{128, 0.8, 0.5, 0.5, Params{9, 13}},
		{128, 0.5, 0.5, 0.5, Params{25, 5}},
		{128, 0.9, 0.5, 0.5, Params{5, 25}},
		{64, 0.8, 0.5, 0.5, Params{5, 11}},
		// Weighting false negatives buys recall at the threshold.
		{128, 0.8, 0.1, 0.9, Params{14, 9}},
		{128, 0.5, 0.1, 0.9, Params{32, 4}},
		// One value: one band of one row.
		{1, 0.5, 0.5, 0.5, Params{1, 1}},
		// Only false negatives count: the loosest banding, k bands of 1 row.
		{16, 0.5, 0, 1, Params{16, 1}},
	}
	for _, tt := range tests {
		got := ParamsForWeights(tt.k, tt.t, tt.fp, tt.fn)
		if got != tt.want {
			t.Errorf("ParamsForWeights(%d, %v, %v, %v) = %v, want %v", tt.k, tt.t, tt.fp, tt.fn, got, tt.want)
		}
		if got.Bands*got.Rows > tt.k {
			t.Errorf("%v exceeds k=%d", got, tt.k)
		}
	}
}

// TestParamsForStable checks that 256 Simpson intervals choose as 1024 do.
func TestParamsForStable(t *testing.T) {
	ks := []int{16, 64, 128}
	if testing.Short() {
		ks = ks[:2]
	}
	for _, k := range ks {
		for _, th := range []float64{0.3, 0.5, 0.8, 0.9} {
			for _, w := range [][2]float64{{0.5, 0.5}, {0.1, 0.9}} {
				a := optimalParams(k, th, w[0], w[1], 256)
				b := optimalParams(k, th, w[0], w[1], 1024)
				if a != b {
					t.Errorf("k=%d t=%v w=%v: 256 intervals give %v, 1024 give %v", k, th, w, a, b)
				}
			}
		}
	}
}

func TestParamsForRecall(t *testing.T) {
	tests := []struct {
		k         int
		threshold float64
		recall    float64
		want      Params
	}{
		{128, 0.8, 0.99, Params{16, 6}},
		{128, 0.8, 0.95, Params{13, 7}},
		{128, 0.8, 0.999, Params{18, 5}}, // the default of New and of the command
		{128, 0.5, 0.99, Params{35, 3}},
		{8, 0.9, 1 - 1e-11, Params{8, 1}}, // out of reach: the most probable banding
	}
	for _, tt := range tests {
		got := ParamsForRecall(tt.k, tt.threshold, tt.recall)
		if got != tt.want {
			t.Errorf("ParamsForRecall(%d, %v, %v) = %v, want %v", tt.k, tt.threshold, tt.recall, got, tt.want)
		}
		// Below the recall only when out of reach, with k bands of 1 row.
		if p := got.Probability(tt.threshold); p < tt.recall && got != (Params{tt.k, 1}) {
			t.Errorf("ParamsForRecall(%d, %v, %v) = %v: P = %v", tt.k, tt.threshold, tt.recall, got, p)
		}
	}
}

// TestThresholdOne checks that a threshold of 1 is banded as 0.99, by every
// params function and by New.
func TestThresholdOne(t *testing.T) {
	for _, k := range []int{16, 128} {
		require.Equal(t, ParamsFor(k, 0.99), ParamsFor(k, 1))
		require.Equal(t, ParamsForWeights(k, 0.99, 0.3, 0.7), ParamsForWeights(k, 1, 0.3, 0.7))
		require.Equal(t, ParamsForRecall(k, 0.99, 0.9), ParamsForRecall(k, 1, 0.9))
		x, err := New(k, Options{Threshold: 1})
		require.NoError(t, err)
		require.Equal(t, ParamsForRecall(k, 0.99, DefaultRecall), x.Params())
		require.Equal(t, 1.0, x.Threshold())
	}
}

func TestParamsForPanics(t *testing.T) {
	for _, f := range []func(){
		func() { ParamsFor(0, 0.5) },
		func() { ParamsFor(8, 0) },
		func() { ParamsFor(8, 1.01) },
		func() { ParamsFor(8, math.NaN()) },
		func() { ParamsForWeights(8, 0.5, -1, 1) },
		func() { ParamsForWeights(8, 0.5, 0, 0) },
		func() { ParamsForWeights(8, 0.5, math.NaN(), 1) },
		func() { ParamsForRecall(0, 0.5, 0.9) },
		func() { ParamsForRecall(8, -0.5, 0.9) },
		func() { ParamsForRecall(8, 0.5, 1) },
		func() { ParamsForRecall(8, 0.5, 0) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			f()
		}()
	}
}

// TestParamsDefault checks the banding that ParamsForRecall's doc gives
// for New's defaults at k=128 and threshold 0.8 (it said 16 bands of 6,
// that of a recall of 0.99, after the default became 0.999).
func TestParamsDefault(t *testing.T) {
	want := Params{Bands: 18, Rows: 5}
	if got := ParamsForRecall(128, 0.8, DefaultRecall); got != want {
		t.Errorf("ParamsForRecall(128, 0.8, DefaultRecall) = %v, want %v", got, want)
	}
	x, err := New(128, Options{Threshold: 0.8})
	if err != nil {
		t.Fatal(err)
	}
	if got := x.Params(); got != want {
		t.Errorf("New(128, Options{Threshold: 0.8}).Params() = %v, want %v", got, want)
	}
}
