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
	recall    float64
}

func (f *simFlags) register(fs *flag.FlagSet) {
	fs.Float64Var(&f.threshold, "threshold", lsh.DefaultThreshold, "Jaccard similarity `J` of near-duplicates")
	fs.IntVar(&f.k, "k", shingle.DefaultK, "shingle size in words (`K`)")
	fs.IntVar(&f.numPerm, "num-perm", 128, "MinHash signature length `N`")
	fs.StringVar(&f.normalize, "normalize", "fold", "text normalisation `MODE`: fold or whitespace")
	fs.Float64Var(&f.recall, "recall", defaultRecall, "choose the LSH bands so that a pair at the threshold is a candidate with probability `R`")
}

// defaultRecall is the probability that a pair at the threshold becomes a
// candidate: the bands are lsh.ParamsForRecall(k, threshold, 0.99), those
// of the zero lsh.Options. Every
// candidate is verified (exactly by default), so an extra candidate costs a
// comparison, not precision, while a missed one is a duplicate left in.
const defaultRecall = 0.99

// verifyFlag is the -verify flag of clean and find.
type verifyFlag string

func (v *verifyFlag) register(fs *flag.FlagSet) {
	*v = "exact"
	fs.Func("verify", "verify candidate pairs by `METHOD`: exact (Jaccard of the shingle sets, from a second reading) or estimate (MinHash signatures only) (default exact)", func(s string) error {
		if s != "exact" && s != "estimate" {
			return fmt.Errorf("must be exact or estimate, not %q", s)
		}
		*v = verifyFlag(s)
		return nil
	})
}

func (v verifyFlag) exact() bool { return v != "estimate" }

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
	if f.recall == 0 {
		f.recall = defaultRecall
	}
	if f.recall <= 0 || f.recall >= 1 {
		return so, minhash.Options{}, usagef("-recall must be in (0, 1), not %v", f.recall)
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
	toks   []uint64 // token hashes of the paragraphs signTokens joins
}

func newSigner(so shingle.Options, mo minhash.Options) *signer {
	return &signer{sh: shingle.New(so), h: minhash.New(mo)}
}

// sign returns the signature of text (newly allocated) and whether the text
// had any shingle.
func (s *signer) sign(text []byte) (minhash.Signature, bool) {
	s.hashes = s.sh.Append(s.hashes[:0], text)
	return s.signHashes()
}

// joinsTokens reports whether the token hashes of paragraphs, concatenated,
// are the token hashes of the paragraphs joined by the separators between
// them (joinKept), so that signTokens of the one is sign of the other: in
// the Words unit no token crosses the line break that every separator
// holds (shingle.Shingler.AppendShingles). Not in the Runes unit, whose
// tokens include a space between words. FuzzTokenSignature checks both
// normalisations.
func (s *signer) joinsTokens() bool {
	return s.sh.Options().Unit == shingle.Words
}

// signTokens returns what sign returns for the text whose token hashes
// (shingle.Shingler.AppendTokens) are s.toks, without tokenising the text
// again: clean has the tokens of every paragraph from the repeat finder.
func (s *signer) signTokens() (minhash.Signature, bool) {
	s.hashes = s.sh.AppendShingles(s.hashes[:0], s.toks)
	return s.signHashes()
}

func (s *signer) signHashes() (minhash.Signature, bool) {
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
	x, err := lsh.New(mo.K, lsh.Options{Threshold: sf.threshold, Recall: sf.recall})
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	return x, nil
}
