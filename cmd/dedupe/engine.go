package main

import (
	"flag"
	"fmt"

	"github.com/neardup/dedupe/lsh"
	"github.com/neardup/dedupe/minhash"
	"github.com/neardup/dedupe/shingle"
)

// simFlags are the flags of the near-duplicate detector.
type simFlags struct {
	threshold float64
	k         int
	numPerm   int
	normalize string
	fnWeight  float64
}

func (f *simFlags) register(fs *flag.FlagSet) {
	fs.Float64Var(&f.threshold, "threshold", lsh.DefaultThreshold, "Jaccard similarity `J` of near-duplicates")
	fs.IntVar(&f.k, "k", shingle.DefaultK, "shingle size in words (`K`)")
	fs.IntVar(&f.numPerm, "num-perm", 128, "MinHash signature length `N`")
	fs.StringVar(&f.normalize, "normalize", "fold", "text normalisation `MODE`: fold or whitespace")
	fs.Float64Var(&f.fnWeight, "fn-weight", defaultFNWeight, "weight `W` of missed pairs against extra candidates when choosing LSH bands")
}

// defaultFNWeight weighs false negatives over false positives when choosing
// the bands: every candidate is verified, so a false positive costs only a
// signature comparison, while a false negative is a duplicate left in. At
// threshold 0.8 with 128 values it gives 14 bands of 9 rows, which finds a
// pair of similarity 0.85 with probability 0.97 (the equal weights of
// datasketch give 9 bands of 13 rows and 0.69).
const defaultFNWeight = 0.9

// options checks the flags and returns the library options they select.
func (f *simFlags) options() (shingle.Options, minhash.Options, error) {
	var so shingle.Options
	switch f.normalize {
	case "fold":
		so.Normalization = shingle.Fold
	case "whitespace":
		so.Normalization = shingle.Whitespace
	default:
		return so, minhash.Options{}, usagef("-normalize must be fold or whitespace, not %q", f.normalize)
	}
	if f.threshold <= 0 || f.threshold > 1 {
		return so, minhash.Options{}, usagef("-threshold must be in (0, 1], not %v", f.threshold)
	}
	if f.fnWeight == 0 {
		f.fnWeight = defaultFNWeight
	}
	if f.fnWeight <= 0 || f.fnWeight >= 1 {
		return so, minhash.Options{}, usagef("-fn-weight must be in (0, 1), not %v", f.fnWeight)
	}
	if f.k < 1 || f.k > 64 {
		return so, minhash.Options{}, usagef("-k must be in [1, 64], not %d", f.k)
	}
	if f.numPerm < 8 || f.numPerm > 1024 {
		return so, minhash.Options{}, usagef("-num-perm must be in [8, 1024], not %d", f.numPerm)
	}
	so.K = f.k
	return so, minhash.Options{K: f.numPerm}, nil
}

// A signer turns texts into MinHash signatures. It is not safe for
// concurrent use: each worker has its own.
type signer struct {
	sh     *shingle.Shingler
	h      *minhash.Hasher
	hashes []uint64
}

func newSigner(so shingle.Options, mo minhash.Options) *signer {
	return &signer{sh: shingle.New(so), h: minhash.New(mo)}
}

// sign returns the signature of text (newly allocated) and whether the text
// had any shingle.
func (s *signer) sign(text []byte) (minhash.Signature, bool) {
	s.hashes = s.sh.Append(s.hashes[:0], text)
	if len(s.hashes) == 0 {
		return nil, false
	}
	return s.h.Append(make(minhash.Signature, 0, s.h.K()), s.hashes), true
}

// shingleSet returns the sorted, deduplicated shingle set of text.
func (s *signer) shingleSet(text []byte) []uint64 {
	set := s.sh.Append(nil, text)
	return shingle.Set(set)
}

func newIndex(sf *simFlags, mo minhash.Options) (*lsh.Index, error) {
	p := lsh.ParamsForWeights(mo.K, sf.threshold, 1-sf.fnWeight, sf.fnWeight)
	x, err := lsh.New(mo.K, lsh.Options{Threshold: sf.threshold, Params: p})
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	return x, nil
}
