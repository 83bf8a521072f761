package lsh

import (
	"errors"
	"fmt"
	"math/bits"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
)

// Errors returned by the package. Returned errors wrap them with details.
var (
	ErrParams          = errors.New("lsh: invalid parameters")
	ErrSignatureLength = errors.New("lsh: signature length differs from the index's k")
	ErrID              = errors.New("lsh: document id out of range")
	ErrDuplicate       = errors.New("lsh: document id already in the index")
	ErrFormat          = errors.New("lsh: invalid index encoding")
	ErrCorrupt         = errors.New("lsh: index invariant violated")
)

// MaxID is the largest document id an Index accepts.
const MaxID = 1<<31 - 1

// Default option values, used when the Options field is zero.
const (
	DefaultThreshold = 0.8
	DefaultRecall    = 0.999
)

// Options configure New. The zero value is the default: threshold 0.8 and
// the cheapest banding that makes a pair at the threshold a candidate with
// probability 0.999, ParamsForRecall(k, 0.8, 0.999) (18 bands of 5 rows at
// k=128), the banding of the dedupe command.
type Options struct {
	// Threshold is the similarity at or above which verified results are
	// reported, in (0, 1]. 0 means DefaultThreshold.
	Threshold float64
	// Recall is the probability, in (0, 1), that a pair of documents whose
	// similarity is exactly the threshold becomes a candidate (pairs above
	// it are more likely to); New chooses the banding from it when Params
	// is zero: ParamsForRecall(k, Threshold, Recall). 0 means DefaultRecall.
	// A lower recall takes fewer bands (less memory) and gives fewer
	// candidates (less verification).
	Recall float64
	// Params are the banding parameters; the zero value means
	// ParamsForRecall(k, Threshold, Recall). Set them to choose the banding
	// another way, for example ParamsFor(k, Threshold), datasketch's.
	Params Params
	// SizeHint is the expected number of documents; it presizes the band
	// tables. 0 means grow as needed.
	SizeHint int
}

// Index is a banded MinHash LSH index (Indyk and Motwani 1998; Broder 1997;
// Leskovec, Rajaraman and Ullman, Mining of Massive Datasets, 3.4) over
// documents identified by dense uint32 ids, holding one signature of k
// values per document.
//
// Each band has an open-addressing table whose slots hold a document id, not
// the band key: a probe compares the band's values with those of the slot's
// document, so band keys match exactly (no hash collisions reach the
// candidates) and a slot costs 4 bytes plus a 1-byte tag. A band value shared
// by several documents points to a bucket: a small slice, or a roaring bitmap
// once it holds more than 32 documents.
//
// Memory grows with the largest id (signatures are stored at id·k), so ids
// should be dense: 0, 1, 2, ...
//
// The zero value is not usable, except as the receiver of ReadFrom; call New.
// An Index is safe for concurrent use: queries (Candidates, Query, Pairs,
// WriteTo, Check) share a read lock and run in parallel, Add and Remove take
// the write lock.
type Index struct {
	mu        sync.RWMutex
	k         int
	params    Params
	threshold float64
	sigs      [][]uint32 // signature of id in page id/pageDocs, at (id%pageDocs)*k
	live      []uint64   // bit set of the ids in the index
	n         int        // number of documents
	tables    []table    // one per band
	buckets   []bucket
	free      []uint32 // unused entries of buckets
}

// New returns an empty index for signatures of k values, 1 to 65536 (the
// limit of the encoding). It returns an error wrapping ErrParams if k or
// an option is out of range, or if the Params do not fit k.
func New(k int, opts Options) (*Index, error) {
	if k < 1 || k > maxK {
		return nil, fmt.Errorf("%w: k=%d outside [1, %d]", ErrParams, k, maxK)
	}
	t := opts.Threshold
	if t == 0 {
		t = DefaultThreshold
	}
	if !(t > 0 && t <= 1) {
		return nil, fmt.Errorf("%w: threshold %v outside (0, 1]", ErrParams, opts.Threshold)
	}
	recall := opts.Recall
	if recall == 0 {
		recall = DefaultRecall
	}
	if !(recall > 0 && recall < 1) {
		return nil, fmt.Errorf("%w: recall %v outside (0, 1)", ErrParams, opts.Recall)
	}
	p := opts.Params
	if p == (Params{}) {
		p = ParamsForRecall(k, t, recall)
	}
	if err := p.validate(k); err != nil {
		return nil, err
	}
	x := &Index{k: k, params: p, threshold: t}
	x.tables = make([]table, p.Bands)
	if opts.SizeHint > 0 {
		c := tableCap(opts.SizeHint)
		for j := range x.tables {
			x.tables[j].init(c)
		}
	}
	return x, nil
}

// K returns the number of values in a signature.
func (x *Index) K() int { return x.k }

// Params returns the banding parameters.
func (x *Index) Params() Params { return x.params }

// Threshold returns the verification threshold.
func (x *Index) Threshold() float64 { return x.threshold }

// Len returns the number of documents in the index.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.n
}

// Contains reports whether id is in the index.
func (x *Index) Contains(id uint32) bool {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.has(id)
}

func (x *Index) has(id uint32) bool {
	w := int(id / 64)
	return w < len(x.live) && x.live[w]&(1<<(id%64)) != 0
}

// AppendSignature appends the stored signature of id to dst; ok is false
// when id is not in the index.
func (x *Index) AppendSignature(dst []uint32, id uint32) (_ []uint32, ok bool) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if !x.has(id) {
		return dst, false
	}
	return append(dst, x.sig(id)...), true
}

// pageDocs is the number of signatures per page of the signature store.
// Pages, rather than one growing slice, spare the copies of growth: adding
// 1M documents took 11.8 s with one slice, most of it in copying and page
// faults, against 5.1 s with pages (BenchmarkAdd1M, on a loaded 2-core
// machine).
const pageDocs = 4096

func (x *Index) sig(id uint32) []uint32 {
	off := int(id%pageDocs) * x.k
	return x.sigs[id/pageDocs][off : off+x.k : off+x.k]
}

// band returns band j of the stored signature of id.
func (x *Index) band(id uint32, j int) []uint32 {
	off := int(id%pageDocs)*x.k + j*x.params.Rows
	return x.sigs[id/pageDocs][off : off+x.params.Rows]
}

// Add inserts document id with its signature (copied). It returns an error
// wrapping ErrSignatureLength, ErrID or ErrDuplicate, and then leaves the
// index unchanged. Add after Remove of the same id is allowed.
func (x *Index) Add(id uint32, sig []uint32) error {
	if len(sig) != x.k {
		return fmt.Errorf("%w: got %d values, want %d", ErrSignatureLength, len(sig), x.k)
	}
	if id > MaxID {
		return fmt.Errorf("%w: %d > %d", ErrID, id, MaxID)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.has(id) {
		return fmt.Errorf("%w: %d", ErrDuplicate, id)
	}
	x.add(id, sig)
	return nil
}

func (x *Index) add(id uint32, sig []uint32) {
	for int(id/pageDocs) >= len(x.sigs) {
		x.sigs = append(x.sigs, nil)
	}
	if p := &x.sigs[id/pageDocs]; *p == nil {
		*p = make([]uint32, pageDocs*x.k)
	}
	if w := int(id/64) + 1; w > len(x.live) {
		x.live = append(x.live, make([]uint64, w-len(x.live))...)
	}
	copy(x.sig(id), sig)
	x.live[id/64] |= 1 << (id % 64)
	x.n++
	for j := range x.tables {
		key := x.band(id, j)
		x.insert(j, bandHash(key), key, id)
	}
}

// Grow makes room for n more documents, so that adding them does not
// rebuild the band tables as they fill. Rebuilding rehashes every entry
// from its stored signature, a cache miss per entry: growing by doubling
// cost dedupe clean 1.7 s of CPU time per GB of corpus (288k documents,
// go tool pprof). Grow with n <= 0 does nothing.
func (x *Index) Grow(n int) {
	if n <= 0 {
		return
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	for j := range x.tables {
		t := &x.tables[j]
		if c := tableCap(t.used + n); c > len(t.tags) {
			x.rehash(j, c)
		}
	}
}

// Remove deletes document id and reports whether it was in the index.
func (x *Index) Remove(id uint32) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.has(id) {
		return false
	}
	for j := range x.tables {
		key := x.band(id, j)
		x.delete(j, bandHash(key), key, id)
	}
	x.live[id/64] &^= 1 << (id % 64)
	x.n--
	return true
}

// bandHash hashes a band's values to 64 bits (multiply-xorshift rounds over
// pairs of values, then the splitmix64 finaliser).
func bandHash(v []uint32) uint64 {
	h := uint64(len(v)) * 0x9e3779b97f4a7c15
	i := 0
	for ; i+1 < len(v); i += 2 {
		h ^= uint64(v[i]) | uint64(v[i+1])<<32
		h *= 0xbf58476d1ce4e5b9
		h ^= h >> 29
	}
	if i < len(v) {
		h ^= uint64(v[i])
		h *= 0xbf58476d1ce4e5b9
		h ^= h >> 29
	}
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}

// tableCap returns the power-of-two table size for n entries at a load
// factor of at most 3/4.
func tableCap(n int) int {
	c := 16
	for c*3 < n*4 {
		c *= 2
	}
	return c
}

func log2(c int) uint { return uint(bits.TrailingZeros(uint(c))) }

// bucket holds the documents of one band value shared by two or more
// documents. rep is one of them: the band's values are read from its
// signature.
type bucket struct {
	rep uint32
	ids []uint32        // when bm == nil, unordered
	bm  *roaring.Bitmap // when the bucket outgrew smallBucket
}

// smallBucket is the largest bucket kept as a slice. A roaring bitmap costs
// about 50 bytes plus 2 bytes per member in one container; a slice 4 bytes
// per member, so the bitmap only pays for large buckets, whose queries it
// also walks faster.
const smallBucket = 32

func (b *bucket) size() int {
	if b.bm != nil {
		return int(b.bm.GetCardinality())
	}
	return len(b.ids)
}

func (b *bucket) add(id uint32) {
	if b.bm != nil {
		b.bm.Add(id)
		return
	}
	b.ids = append(b.ids, id)
	if len(b.ids) > smallBucket {
		b.bm = roaring.BitmapOf(b.ids...)
		b.ids = nil
	}
}

func (b *bucket) remove(id uint32) {
	if b.bm != nil {
		b.bm.Remove(id)
		if b.bm.GetCardinality() <= smallBucket/2 {
			b.ids = b.bm.ToArray()
			b.bm = nil
		}
	} else {
		for i, v := range b.ids {
			if v == id {
				last := len(b.ids) - 1
				b.ids[i] = b.ids[last]
				b.ids = b.ids[:last]
				break
			}
		}
	}
	if b.rep == id && b.size() > 0 {
		b.rep = b.min()
	}
}

func (b *bucket) min() uint32 {
	if b.bm != nil {
		return b.bm.Minimum()
	}
	m := b.ids[0]
	for _, v := range b.ids[1:] {
		m = min(m, v)
	}
	return m
}

func (b *bucket) appendTo(dst []uint32) []uint32 {
	if b.bm == nil {
		return append(dst, b.ids...)
	}
	it := b.bm.Iterator()
	for it.HasNext() {
		dst = append(dst, it.Next())
	}
	return dst
}
