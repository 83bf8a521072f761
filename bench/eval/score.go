package eval

// pairKey identifies an unordered pair of items (documents, or paragraphs
// coded as doc<<32|index), a < b.
type pairKey struct{ a, b int64 }

func newPairKey(a, b int64) pairKey {
	if a > b {
		a, b = b, a
	}
	return pairKey{a, b}
}

// PairScore is the pair precision, recall and F1 of a set of predicted pairs
// against the truth positives (pairs at or above the threshold).
type PairScore struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
}

// Bucket is the share of the truth pairs with similarity in [Lo, Hi) that
// were predicted (Hi = Lo = 1 for identical sets). Below the threshold,
// Found counts false positives among hard negatives.
type Bucket struct {
	Lo     float64 `json:"lo"`
	Hi     float64 `json:"hi"`
	Truth  int     `json:"truth"`
	Found  int     `json:"found"`
	Recall float64 `json:"recall"`
}

// scorePairs scores predicted pairs against truth (pair → exact similarity;
// unlisted pairs are negatives) at threshold t.
func scorePairs(truth map[pairKey]float64, pred map[pairKey]struct{}, t float64) PairScore {
	var s PairScore
	for k := range pred {
		if sim, ok := truth[k]; ok && sim >= t {
			s.TP++
		} else {
			s.FP++
		}
	}
	for _, sim := range truth {
		if sim >= t {
			s.FN++
		}
	}
	s.FN -= s.TP
	s.Precision, s.Recall, s.F1 = prf(s.TP, s.FP, s.FN)
	return s
}

// prf returns the precision, recall and F1 of tp true positives, fp false
// positives and fn false negatives, by ratio's rule for 0/0: a precision
// of 1 when nothing was predicted, a recall of 1 when there was nothing to
// find. F1 is their harmonic mean, 0 when both are 0. Every score of the
// package (pairs, paragraphs, characters) follows this one rule.
func prf[T int | int64](tp, fp, fn T) (p, r, f float64) {
	p, r = ratio(tp, tp+fp), ratio(tp, tp+fn)
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

// ratio returns a/b, or 1 when b is 0 (nothing to find, nothing wrong).
func ratio[T int | int64](a, b T) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// bucketEdges are the lower edges of the similarity buckets; the last
// bucket holds identical sets.
var bucketEdges = []float64{0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1}

func scoreBuckets(truth map[pairKey]float64, pred map[pairKey]struct{}) []Bucket {
	bs := make([]Bucket, len(bucketEdges))
	for i, lo := range bucketEdges {
		bs[i].Lo, bs[i].Hi = lo, 1
		if i+1 < len(bucketEdges) {
			bs[i].Hi = bucketEdges[i+1]
		}
	}
	for k, sim := range truth {
		i := len(bucketEdges) - 1
		for i > 0 && sim < bucketEdges[i] {
			i--
		}
		bs[i].Truth++
		if _, ok := pred[k]; ok {
			bs[i].Found++
		}
	}
	for i := range bs {
		bs[i].Recall = ratio(bs[i].Found, bs[i].Truth)
	}
	return bs
}
