package lsh

import (
	"fmt"
	"math"
)

// Params are the banding parameters of an index: a signature's first
// Bands×Rows values are cut into Bands bands of Rows values each, and two
// documents are candidates when all the values of at least one band agree.
//
// The zero value means "choose for me": New then uses
// ParamsForRecall(k, Options.Threshold, Options.Recall).
type Params struct {
	Bands int
	Rows  int
}

// String returns "b=9 r=13".
func (p Params) String() string { return fmt.Sprintf("b=%d r=%d", p.Bands, p.Rows) }

// validate reports whether p fits signatures of k values.
func (p Params) validate(k int) error {
	if p.Bands <= 0 || p.Rows <= 0 {
		return fmt.Errorf("%w: bands and rows must be positive, got %v", ErrParams, p)
	}
	if p.Rows > k/p.Bands { // Bands*Rows > k, without overflow
		if p.Bands > k || p.Rows > k {
			return fmt.Errorf("%w: %v needs more than k=%d signature values", ErrParams, p, k)
		}
		return fmt.Errorf("%w: %v needs %d signature values, have k=%d", ErrParams, p, p.Bands*p.Rows, k)
	}
	return nil
}

// Probability returns the probability that two documents whose Jaccard
// similarity is s become candidates: 1 - (1 - s^Rows)^Bands, the S-curve of
// banded LSH (Leskovec, Rajaraman and Ullman, Mining of Massive Datasets,
// section 3.4).
func (p Params) Probability(s float64) float64 {
	if s <= 0 {
		return 0
	}
	if s >= 1 {
		return 1
	}
	// 1-(1-s^r)^b, in a form that keeps its precision when s^r is tiny
	// (1-s^r rounds to 1 below about 1e-16, which made every band count
	// alike for such thresholds)
	return -math.Expm1(float64(p.Bands) * math.Log1p(-math.Pow(s, float64(p.Rows))))
}

// ParamsFor returns the banding parameters for signatures of k values and a
// Jaccard threshold with equal weights on false positives and false
// negatives, as datasketch's MinHashLSH: ParamsForWeights(k, threshold,
// 0.5, 0.5). At k=128 and threshold 0.8 it gives 9 bands of 13 rows, which
// make a pair at similarity 0.8 a candidate only 40% of the time, and one
// at 0.85 69%: the banding of a memory budget. The zero Options of New
// choose by recall instead (ParamsForRecall).
//
// It panics if k < 1 or if the threshold is outside (0, 1].
func ParamsFor(k int, threshold float64) Params {
	return ParamsForWeights(k, threshold, 0.5, 0.5)
}

// maxBandingThreshold is the highest threshold the params functions band
// for: at threshold 1 they return the banding of 0.99.
//
// A threshold of 1 reports exact copies only. Equal sets have equal
// signatures, which every banding makes candidates, so any banding finds
// all of them, and the integrals the functions minimise degenerate (the
// false-negative side has no width; the cheapest banding is one band of k
// rows, whose candidates are exactly the equal signatures). The banding of
// 0.99 is chosen instead so that the bands are continuous in the threshold:
// an index built at 1 and queried at a lower threshold (Index.Query) still
// finds the pairs near 1 (one band of 128 rows would find a pair at 0.99
// with probability 0.99^128 = 0.28).
const maxBandingThreshold = 0.99

// checkThreshold panics, naming fn, if t is outside (0, 1], and returns
// the threshold to band for.
func checkThreshold(fn string, t float64) float64 {
	if !(t > 0 && t <= 1) {
		panic(fmt.Sprintf("lsh: %s: threshold %v outside (0, 1]", fn, t))
	}
	return min(t, maxBandingThreshold)
}

// ParamsForWeights returns the bands b and rows r, b·r <= k, that minimise
//
//	fpWeight·∫₀ᵗ P(s) ds + fnWeight·∫ₜ¹ (1 - P(s)) ds
//
// where P is the S-curve (Params.Probability) and t the threshold: the
// weighted areas of false positives (similarity below t, yet candidates) and
// false negatives (similarity at or above t, missed). This is the method of
// datasketch's MinHashLSH (Zhu, datasketch, lsh.py _optimal_param), here with
// Simpson's rule instead of adaptive quadrature. A larger fnWeight buys recall
// with more candidates; exact verification removes the extra candidates.
// A threshold of 1 is banded as 0.99 (see maxBandingThreshold).
//
// It panics if k < 1, if the threshold is outside (0, 1] or if a weight is
// negative or both are zero.
func ParamsForWeights(k int, threshold, fpWeight, fnWeight float64) Params {
	if k < 1 {
		panic("lsh: ParamsForWeights: k < 1")
	}
	threshold = checkThreshold("ParamsForWeights", threshold)
	if !(fpWeight >= 0 && fnWeight >= 0 && fpWeight+fnWeight > 0) {
		panic("lsh: ParamsForWeights: invalid weights")
	}
	return optimalParams(k, threshold, fpWeight, fnWeight, 256)
}

// optimalParams is ParamsForWeights with n Simpson intervals.
func optimalParams(k int, threshold, fpWeight, fnWeight float64, n int) Params {
	best, bestErr := Params{Bands: 1, Rows: 1}, math.Inf(1)
	for b := 1; b <= k; b++ {
		for r := 1; b*r <= k; r++ {
			p := Params{Bands: b, Rows: r}
			fp := integrateN(p.Probability, 0, threshold, n)
			fn := integrateN(func(s float64) float64 { return 1 - p.Probability(s) }, threshold, 1, n)
			if e := fpWeight*fp + fnWeight*fn; e < bestErr {
				best, bestErr = p, e
			}
		}
	}
	return best
}

// integrateN is Simpson's rule with n intervals (n even). ParamsForWeights
// uses 256, enough for these smooth curves: its choice agrees with that of
// 1024 intervals for k of 16, 64 and 128, thresholds 0.3 to 0.9 and two
// weightings (TestParamsForStable).
func integrateN(f func(float64) float64, a, b float64, n int) float64 {
	h := (b - a) / float64(n)
	sum := f(a) + f(b)
	for i := 1; i < n; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		sum += w * f(a+float64(i)*h)
	}
	return sum * h / 3
}

// ParamsForRecall returns the bands and rows, b·r <= k, whose S-curve
// reaches recall at the threshold (Probability(threshold) >= recall) with
// the least false-positive area ∫₀ᵗ P(s) ds: the cheapest banding that
// misses at most a 1-recall share of the pairs at the threshold, and fewer
// above it. Use it when candidates are verified exactly, so that extra
// candidates cost time but not precision. When no banding reaches recall, it
// returns the one with the highest probability at the threshold. A
// threshold of 1 is banded as 0.99 (see maxBandingThreshold).
//
// New uses it when Options.Params is zero, with Options.Recall
// (DefaultRecall, 0.999, by default): at k=128 and threshold 0.8, 18 bands
// of 5 rows.
//
// It panics if k < 1, if the threshold is outside (0, 1] or the recall
// outside (0, 1).
func ParamsForRecall(k int, threshold, recall float64) Params {
	if k < 1 {
		panic("lsh: ParamsForRecall: k < 1")
	}
	threshold = checkThreshold("ParamsForRecall", threshold)
	if !(recall > 0 && recall < 1) {
		panic(fmt.Sprintf("lsh: ParamsForRecall: recall %v outside (0, 1)", recall))
	}
	best, bestFP := Params{}, math.Inf(1)
	top, topP := Params{Bands: k, Rows: 1}, -1.0
	for b := 1; b <= k; b++ {
		for r := 1; b*r <= k; r++ {
			p := Params{Bands: b, Rows: r}
			pt := p.Probability(threshold)
			if pt > topP {
				top, topP = p, pt
			}
			if pt < recall {
				continue
			}
			if fp := integrateN(p.Probability, 0, threshold, 256); fp < bestFP {
				best, bestFP = p, fp
			}
		}
	}
	if best == (Params{}) {
		return top
	}
	return best
}
