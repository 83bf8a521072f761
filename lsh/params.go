package lsh

import (
	"fmt"
	"math"
)

// Params are the banding parameters of an index: a signature's first
// Bands×Rows values are cut into Bands bands of Rows values each, and two
// documents are candidates when all the values of at least one band agree.
//
// The zero value means "choose for me": Options.Params left zero makes New
// call ParamsFor.
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
	if p.Bands*p.Rows > k {
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
	return 1 - math.Pow(1-math.Pow(s, float64(p.Rows)), float64(p.Bands))
}

// Default weights of ParamsFor, those of datasketch's MinHashLSH.
const (
	DefaultFalsePositiveWeight = 0.5
	DefaultFalseNegativeWeight = 0.5
)

// ParamsFor returns the banding parameters for signatures of k values and a
// Jaccard threshold, with equal weights on false positives and false
// negatives, as datasketch's MinHashLSH: at k=128 and threshold 0.8, 9
// bands of 13 rows, which make a pair at similarity 0.85 a candidate only
// 69% of the time. See ParamsForWeights, and DefaultParams for the banding
// an Index uses by default.
func ParamsFor(k int, threshold float64) Params {
	return ParamsForWeights(k, threshold, DefaultFalsePositiveWeight, DefaultFalseNegativeWeight)
}

// Weights of DefaultParams.
const (
	IndexFalsePositiveWeight = 0.3
	IndexFalseNegativeWeight = 0.7
)

// DefaultParams returns the banding New uses when Options.Params is zero:
// ParamsForWeights(k, threshold, IndexFalsePositiveWeight,
// IndexFalseNegativeWeight). Candidates are always verified, so extra ones
// cost time, not precision, and the weights favour recall more than
// datasketch's equal ones (ParamsFor), as far as the memory target of the
// index allows (at most 150 bytes per document excluding signatures, at
// k=128 and threshold 0.8, where memory grows with the number of bands).
// Measured with BenchmarkAdd1M (1M synthetic documents, k=128, threshold
// 0.8):
//
//	banding                            bands×rows  P(0.8)  P(0.85)  bytes/doc
//	ParamsFor (datasketch)             9×13        0.40    0.69     116
//	DefaultParams                      11×11       0.63    0.87     142
//	ParamsForRecall(128, 0.8, 0.95)    13×7        0.95    0.99     178
//	ParamsForRecall(128, 0.8, 0.99)    16×6        0.99    1.00     220
//
// Callers who need a pair at the threshold found with high probability
// should use ParamsForRecall, and pay its memory.
//
// It panics if k < 1 or if the threshold is outside (0, 1).
func DefaultParams(k int, threshold float64) Params {
	return ParamsForWeights(k, threshold, IndexFalsePositiveWeight, IndexFalseNegativeWeight)
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
//
// It panics if k < 1, if the threshold is outside (0, 1) or if a weight is
// negative or both are zero.
func ParamsForWeights(k int, threshold, fpWeight, fnWeight float64) Params {
	if k < 1 {
		panic("lsh: ParamsForWeights: k < 1")
	}
	if !(threshold > 0 && threshold < 1) {
		panic("lsh: ParamsForWeights: threshold outside (0, 1)")
	}
	if fpWeight < 0 || fnWeight < 0 || fpWeight+fnWeight == 0 {
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
// returns the one with the highest probability at the threshold.
//
// It panics if k < 1, or if the threshold or recall is outside (0, 1).
func ParamsForRecall(k int, threshold, recall float64) Params {
	if k < 1 {
		panic("lsh: ParamsForRecall: k < 1")
	}
	if !(threshold > 0 && threshold < 1) || !(recall > 0 && recall < 1) {
		panic("lsh: ParamsForRecall: threshold or recall outside (0, 1)")
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
