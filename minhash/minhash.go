package minhash

import (
	"fmt"
	"math"
	"slices"
)

// Signature is a MinHash signature: K 32-bit values, one per position.
// Two signatures made by the same [Hasher] are compared with [Similarity].
// A signature made from no shingles is the empty-set signature, whose every
// value is [EmptyValue]; see [IsEmpty].
//
// A Signature is a plain slice: its zero value (nil) is not a signature of
// anything, and it is as safe for concurrent use as any slice (concurrent
// reads are fine).
type Signature []uint32

// EmptyValue is the value at every position of the empty-set signature.
// No signature of a non-empty input holds it at any position: a computed
// value equal to EmptyValue is replaced by EmptyValue-1, which changes the
// collision probability of a position by at most 2^-32.
const EmptyValue uint32 = math.MaxUint32

// Family selects the sketching algorithm of a [Hasher].
type Family uint8

const (
	// OnePermutation is the default family: one hash per shingle into K bins
	// (one-permutation hashing), with the empty bins filled by the further
	// rounds of Fast Similarity Sketching (Dahlgaard, Knudsen and Thorup
	// 2017), in expected O(n + K log K) time. See the package documentation
	// for the algorithm and its measured accuracy and speed.
	OnePermutation Family = iota
	// Classic is the k-permutation form: K independent multiply-shift
	// permutations (a·x + b mod 2^64) of each pre-mixed shingle hash, the
	// minimum kept per permutation, in O(n·K) time. It is the reference the
	// default family is measured against.
	Classic
)

// String returns "onepermutation", "classic" or "Family(n)".
func (f Family) String() string {
	switch f {
	case OnePermutation:
		return "onepermutation"
	case Classic:
		return "classic"
	}
	return fmt.Sprintf("Family(%d)", uint8(f))
}

// DefaultK is the number of values per signature when Options.K is 0.
const DefaultK = 128

// MaxK is the largest accepted Options.K.
const MaxK = 1 << 16

// Options configures a [Hasher]. The zero value is the default:
// the OnePermutation family, K = 128, seed 0.
type Options struct {
	// K is the number of values per signature; 0 means DefaultK (128).
	// K must be in [0, MaxK]. Above K = 1024, Append allocates its scratch
	// on every call.
	K int
	// Seed selects the hash functions. Signatures are comparable only when
	// made with the same Family, K and Seed.
	Seed uint64
	// Family selects the algorithm; the zero value is OnePermutation.
	Family Family
}

// Hasher computes MinHash signatures of shingle-hash sets.
// Make one with [New]; the zero value is not usable.
// A Hasher is immutable after New and safe for concurrent use: scratch
// state lives on the caller's stack and in dst.
type Hasher struct {
	k      int
	seed   uint64
	family Family
	key    uint64   // seed-derived key xored into every shingle before mixing
	a, b   []uint64 // Classic: the K multiply-shift permutations
}

// New returns a Hasher for opts. It panics if opts.K is negative or above
// MaxK, or if opts.Family is unknown: these are programming errors.
func New(opts Options) *Hasher {
	if opts.K < 0 || opts.K > MaxK {
		panic(fmt.Sprintf("minhash: Options.K = %d out of range [0, %d]", opts.K, MaxK))
	}
	k := opts.K
	if k == 0 {
		k = DefaultK
	}
	h := &Hasher{k: k, seed: opts.Seed, family: opts.Family}
	sm := splitMix{state: opts.Seed}
	switch opts.Family {
	case OnePermutation:
		h.key = sm.next()
	case Classic:
		sm.state ^= classicTag
		h.key = sm.next()
		h.a = make([]uint64, k)
		h.b = make([]uint64, k)
		for i := range h.a {
			h.a[i] = sm.next() | 1
			h.b[i] = sm.next()
		}
	default:
		panic(fmt.Sprintf("minhash: unknown %v", opts.Family))
	}
	return h
}

// K returns the number of values per signature.
func (h *Hasher) K() int { return h.k }

// Options returns the options of h, with K resolved (never 0). Persist them
// beside stored signatures: a signature's encoding records its length only.
func (h *Hasher) Options() Options {
	return Options{K: h.k, Seed: h.seed, Family: h.family}
}

// Append appends the K values of the signature of the set of shingles to dst
// and returns the extended slice. shingles holds 64-bit shingle hashes in any
// order; duplicates are fine (the signature is that of the set). No shingles
// append the empty-set signature (K copies of EmptyValue).
//
// Append does not allocate when dst has room for K more values (and
// K <= 1024).
func (h *Hasher) Append(dst Signature, shingles []uint64) Signature {
	n0 := len(dst)
	dst = slices.Grow(dst, h.k)[:n0+h.k]
	s := dst[n0:]
	if len(shingles) > 0 && h.k == 128 && h.family == OnePermutation && useAVX512 {
		onePermutation128((*[128]uint32)(s), shingles, h.key)
		return dst
	}
	for i := range s {
		s[i] = EmptyValue
	}
	if len(shingles) == 0 {
		return dst
	}
	if h.family == Classic {
		h.classic(s, shingles)
	} else {
		h.onePermutation(s, shingles)
	}
	return dst
}

// IsEmpty reports whether sig is the empty-set signature, the signature of
// no shingles. A signature of a non-empty set never holds EmptyValue, so the
// first value decides; a zero-length sig is not empty.
func IsEmpty(sig Signature) bool {
	return len(sig) > 0 && sig[0] == EmptyValue
}

// Similarity returns the estimated Jaccard similarity of the sets behind a
// and b: the fraction of positions where they hold the same value, which is
// the unbiased estimator for both families. It returns 0 if either is the
// empty-set signature (also when both are: two empty documents share nothing)
// and 0 for two zero-length signatures.
//
// a and b must come from Hashers with equal Options; Similarity panics if
// their lengths differ.
func Similarity(a, b Signature) float64 {
	if len(a) != len(b) {
		panic(fmt.Sprintf("minhash: Similarity of signatures of lengths %d and %d", len(a), len(b)))
	}
	if len(a) == 0 || IsEmpty(a) || IsEmpty(b) {
		return 0
	}
	return float64(Matches(a, b)) / float64(len(a))
}

// Matches returns the number of positions where a and b hold the same value.
// It panics if their lengths differ.
func Matches(a, b Signature) int {
	if len(a) != len(b) {
		panic(fmt.Sprintf("minhash: Matches of signatures of lengths %d and %d", len(a), len(b)))
	}
	n := 0
	b = b[:len(a)]
	i := 0
	for ; i+4 <= len(a); i += 4 {
		n += eq(a[i], b[i]) + eq(a[i+1], b[i+1]) + eq(a[i+2], b[i+2]) + eq(a[i+3], b[i+3])
	}
	for ; i < len(a); i++ {
		n += eq(a[i], b[i])
	}
	return n
}

func eq(x, y uint32) int {
	if x == y {
		return 1
	}
	return 0
}

const (
	golden     = 0x9e3779b97f4a7c15 // 2^64 / φ, odd: the round and splitmix increment
	classicTag = 0x636c6173736963   // "classic": separates the families' keys
)

// mix is the 64-bit finalizer of MurmurHash3 (Appleby): a bijection with full
// avalanche, so distinct shingles keep distinct mixed hashes.
func mix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// splitMix is the SplitMix64 generator (Steele, Lea and Flood 2014), used to
// derive keys and permutations from the seed.
type splitMix struct{ state uint64 }

func (s *splitMix) next() uint64 {
	s.state += golden
	z := s.state
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// rank32 returns the low 32 bits of z, kept off EmptyValue.
func rank32(z uint64) uint32 {
	r := uint32(z)
	if r == EmptyValue {
		r--
	}
	return r
}
