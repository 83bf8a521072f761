package minhash

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func pcg(a, b uint64) *rand.Rand { return rand.New(rand.NewPCG(a, b)) }

// pair returns two sets whose exact Jaccard similarity is known: A has n
// random elements, B drops d of them and adds e new ones, with d and e chosen
// so that (n-d)/(n+e) is as near the target as integers allow (exact for most
// targets; 10/11 for n = 10 and 50/53 for n = 50 at J = 0.95).
func pair(r *rand.Rand, n int, target float64) (a, b []uint64, jaccard float64) {
	d, e := nearest(n, target)
	u := randomSet(r, n+e)
	return u[:n], u[d:], float64(n-d) / float64(n+e)
}

// nearest returns the d and e of pair.
func nearest(n int, target float64) (d, e int) {
	best := math.Inf(1)
	for dd := 0; dd < n; dd++ {
		ideal := float64(n-dd)/target - float64(n)
		for _, ee := range []int{int(math.Floor(ideal)), int(math.Ceil(ideal))} {
			if ee < 0 {
				continue
			}
			if diff := math.Abs(float64(n-dd)/float64(n+ee) - target); diff < best-1e-12 {
				best, d, e = diff, dd, ee
			}
		}
	}
	return d, e
}

// errorStats accumulates estimation errors.
type errorStats struct{ n, sum, sumSq float64 }

func (s *errorStats) add(err float64) { s.n++; s.sum += err; s.sumSq += err * err }
func (s *errorStats) mean() float64   { return s.sum / s.n }
func (s *errorStats) rmse() float64   { return math.Sqrt(s.sumSq / s.n) }

// stdErr is the standard error of the mean error.
func (s *errorStats) stdErr() float64 {
	v := s.sumSq/s.n - s.mean()*s.mean()
	return math.Sqrt(max(v, 0) / s.n)
}

// trialsFor returns the number of seeded trials of each family for one set
// size: the classic form costs O(n·K) per signature, so it gets fewer trials
// on the largest sets (its RMSE is also checked against the exact binomial
// value sqrt(J(1-J)/K), which needs no trials). With -short or -race the
// counts are divided by 3; the assertions stay the same.
func trialsFor(n int) (onePerm, classic int) {
	onePerm, classic = 1500, 1500
	if n >= 3000 {
		classic = 300
	}
	if testing.Short() || raceEnabled {
		onePerm, classic = onePerm/3, classic/3
	}
	return onePerm, classic
}

// TestAccuracy is the accuracy requirement: for set sizes 10, 50, 300 and
// 3000 and Jaccard 0.5, 0.8 and 0.95, the RMSE of Similarity for the default
// family over seeded trials is at most 1.1 times that of the Classic form at
// K = 128 (both as measured and as the exact binomial value for ideal
// permutations), and the mean error of both is within 4 standard errors of 0.
// It also checks that the 32-bit values never made two different winners
// look equal (see TestTruncation for the count).
func TestAccuracy(t *testing.T) {
	const k = 128
	for _, n := range []int{10, 50, 300, 3000} {
		for _, target := range []float64{0.5, 0.8, 0.95} {
			t.Run(fmt.Sprintf("n=%d/J=%.2f", n, target), func(t *testing.T) {
				t.Parallel()
				r := pcg(uint64(n), math.Float64bits(target))
				tOne, tClassic := trialsFor(n)
				var one, classic errorStats
				var jaccard float64
				var sa, sb Signature
				for i := 0; i < max(tOne, tClassic); i++ {
					a, b, j := pair(r, n, target)
					jaccard = j
					seed := r.Uint64()
					if i < tOne {
						h := New(Options{K: k, Seed: seed})
						sa, sb = h.Append(sa[:0], a), h.Append(sb[:0], b)
						one.add(Similarity(sa, sb) - j)
					}
					if i < tClassic {
						h := New(Options{K: k, Seed: seed, Family: Classic})
						sa, sb = h.Append(sa[:0], a), h.Append(sb[:0], b)
						classic.add(Similarity(sa, sb) - j)
					}
				}
				ideal := math.Sqrt(jaccard * (1 - jaccard) / k)
				t.Logf("n=%d J=%.4f onepermutation rmse=%.4f mean=%+.4f (%d trials); classic rmse=%.4f mean=%+.4f (%d trials); ideal %.4f; ratio %.3f (ideal %.3f)",
					n, jaccard, one.rmse(), one.mean(), tOne, classic.rmse(), classic.mean(), tClassic, ideal,
					one.rmse()/classic.rmse(), one.rmse()/ideal)
				if one.rmse() > 1.1*classic.rmse() {
					t.Errorf("onepermutation RMSE %.4f > 1.1 × classic RMSE %.4f", one.rmse(), classic.rmse())
				}
				if one.rmse() > 1.1*ideal {
					t.Errorf("onepermutation RMSE %.4f > 1.1 × ideal classic RMSE %.4f", one.rmse(), ideal)
				}
				if math.Abs(one.mean()) > 4*one.stdErr() {
					t.Errorf("onepermutation mean error %+.4f beyond 4 standard errors (%.4f)", one.mean(), one.stdErr())
				}
				if math.Abs(classic.mean()) > 4*classic.stdErr() {
					t.Errorf("classic mean error %+.4f beyond 4 standard errors (%.4f)", classic.mean(), classic.stdErr())
				}
				// The classic form must itself behave like ideal permutations,
				// or the comparison above would be against a straw man.
				// The relative standard error of an RMSE over T trials is
				// about 1/sqrt(2T); allow 4 of them.
				tol := 4 / math.Sqrt(2*float64(tClassic))
				if c := classic.rmse() / ideal; math.Abs(c-1) > tol {
					t.Errorf("classic RMSE %.4f is %.2f × the ideal %.4f (tolerance ±%.2f)", classic.rmse(), c, ideal, tol)
				}
			})
		}
	}
}

// TestTruncation measures the effect of keeping 32 bits per value: over
// random pairs of overlapping sets, it counts positions whose winners (the
// element and round that decided them) differ while the 32-bit values are
// equal. Such a false match has probability about (1 + n/K)·2^-32 per
// position, so none is expected here, and disjoint sets must estimate 0.
func TestTruncation(t *testing.T) {
	pairs := 300
	if testing.Short() || raceEnabled {
		pairs = 100
	}
	for _, fam := range []Family{OnePermutation, Classic} {
		r := pcg(7, uint64(fam))
		false_, compared := 0, 0
		for i := 0; i < pairs; i++ {
			n := []int{5, 40, 300}[i%3]
			a, b, _ := pair(r, n, 0.5)
			h := New(Options{Seed: r.Uint64(), Family: fam})
			sa, wa := reference(h, a)
			sb, wb := reference(h, b)
			for j := range sa {
				same := wa[j] == wb[j]
				if !same && sa[j] == sb[j] {
					false_++
				}
				compared++
			}
			if s := Similarity(h.Append(nil, a[:n/5+1]), h.Append(nil, b[len(b)-n/5-1:])); s != 0 {
				t.Errorf("%v: Similarity of disjoint sets = %v, want 0", fam, s)
			}
		}
		t.Logf("%v: %d false 32-bit matches in %d positions", fam, false_, compared)
		if false_ != 0 {
			t.Errorf("%v: %d false 32-bit matches in %d positions, want 0", fam, false_, compared)
		}
	}
}
