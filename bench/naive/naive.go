// Package naive is the baseline the benchmarks compare the minhash package
// with: the legacy k-permutation MinHash of datasketch, computed the slow
// way. It is not a sketch to use.
package naive

import (
	"math/bits"

	"github.com/neardup/dedupe/bench/internal/rng"
)

// Hasher is the legacy k-permutation MinHash of datasketch (Broder, "On the
// resemblance and containment of documents", 1997, with the universal hash
// family of Carter and Wegman): for every shingle and every row i, the value
// ((a_i·h + b_i) mod (2^61 − 1)) & (2^32 − 1) of the shingle's 32-bit hash h,
// minimised over the shingles. The arithmetic is datasketch's: a_i·h + b_i
// in wrapping 64-bit integers (as numpy's uint64 arrays), then the modulus.
//
// It costs k multiply-mod operations per shingle. A Hasher is immutable
// after New and safe for concurrent use; its zero value is an empty sketch
// of k = 0.
type Hasher struct {
	a, b []uint64
}

// mersenne61 is the prime 2^61 − 1 of datasketch's permutations.
const mersenne61 = 1<<61 - 1

// New returns the k permutations drawn from seed: a_i in [1, p),
// b_i in [0, p).
func New(k int, seed uint64) *Hasher {
	r := rng.New(seed, 0x6e61697665, 0) // "naive"
	n := &Hasher{a: make([]uint64, k), b: make([]uint64, k)}
	for i := range k {
		hi, _ := bits.Mul64(r.Next(), mersenne61-1)
		n.a[i] = hi + 1
		hi, _ = bits.Mul64(r.Next(), mersenne61)
		n.b[i] = hi
	}
	return n
}

// K returns the number of values of a signature.
func (n *Hasher) K() int { return len(n.a) }

// Append appends the k values of the signature of the shingle hashes to dst
// (all 2^32 − 1 for no shingle) and returns the extended slice.
func (n *Hasher) Append(dst []uint32, shingles []uint64) []uint32 {
	start := len(dst)
	for range n.a {
		dst = append(dst, ^uint32(0))
	}
	sig := dst[start:]
	for _, s := range shingles {
		h := uint64(uint32(s)) // datasketch hashes a shingle to 32 bits
		for i, a := range n.a {
			v := uint32((a*h + n.b[i]) % mersenne61)
			if v < sig[i] {
				sig[i] = v
			}
		}
	}
	return dst
}

// Similarity returns the fraction of equal values of two signatures of
// the same length: the estimated Jaccard similarity.
func Similarity(a, b []uint32) float64 {
	if len(a) == 0 || len(a) != len(b) {
		return 0
	}
	eq := 0
	for i := range a {
		if a[i] == b[i] {
			eq++
		}
	}
	return float64(eq) / float64(len(a))
}
