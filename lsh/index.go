package lsh

import (
	"errors"
	"fmt"
	"slices"
	"sync"
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
	// SizeHint is the expected number of documents; it presizes the
	// buffers of the band tables (Grow). 0 means grow as needed.
	SizeHint int
	// NoSignatures makes an index that keeps no signatures: about 130
	// bytes per document at 18 bands instead of 130 + 4·k. Query and Pairs
	// must then be given an exact similarity, AppendSignature returns
	// nothing, and Candidates may return, rarely, a document that agrees
	// with the query on no band (see the package documentation).
	NoSignatures bool
}

// Index is a banded MinHash LSH index (Indyk and Motwani 1998; Broder 1997;
// Leskovec, Rajaraman and Ullman, Mining of Massive Datasets, 3.4) over
// documents identified by dense uint32 ids.
//
// Each band has a table from the hash of its values to the
// documents that have them, one 6-byte record per document once merged
// (see table): a lookup hashes the band once and reads one cell. By
// default the index also keeps each signature (4·k bytes per document), so
// that candidates are verified by their signature estimate when no exact
// similarity is given, and so that a candidate's band values are compared
// with the query's: candidates are then exactly the documents that agree
// with the query on a whole band. With Options.NoSignatures it keeps none:
// about 130 bytes per document at 18 bands, the caller verifies
// candidates, and a candidate may, rarely, agree with the query on no band
// (see the package documentation for the rate).
//
// Memory grows with the largest id (the live set and the signatures are
// indexed by id), so ids should be dense: 0, 1, 2, ...
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
	noSigs    bool
	sigs      [][]uint32 // signature of id in page id/pageDocs, at (id%pageDocs)*k
	live      []uint64   // bit set of the ids in the index
	n         int        // number of documents
	tables    []table    // one per band
	bufIDs    []uint32   // the documents of the buffer records of every table
	// removed is the bit set of the documents removed whose records the
	// tables still hold (they are dropped at the next merge); nremoved
	// counts them.
	removed  []uint64
	nremoved int
	// mergeMin is the least number of buffer records merged into an
	// empty main part: minMain, lowered by tests to exercise merges.
	mergeMin int
	// unordered is set once a document was added with an id not above
	// every id added before it, and for a decoded index: the records of a
	// key are then in no known id order (see CandidatesFirst). top is the
	// largest id added.
	unordered bool
	top       uint32
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
	if opts.SizeHint < 0 {
		return nil, fmt.Errorf("%w: size hint %d is negative", ErrParams, opts.SizeHint)
	}
	p := opts.Params
	if p == (Params{}) {
		p = ParamsForRecall(k, t, recall)
	}
	if err := p.validate(k); err != nil {
		return nil, err
	}
	x := &Index{k: k, params: p, threshold: t, noSigs: opts.NoSignatures, mergeMin: minMain}
	x.tables = make([]table, p.Bands)
	x.grow(opts.SizeHint)
	return x, nil
}

// K returns the number of values in a signature.
func (x *Index) K() int { return x.k }

// Params returns the banding parameters.
func (x *Index) Params() Params { return x.params }

// Threshold returns the verification threshold.
func (x *Index) Threshold() float64 { return x.threshold }

// Signatures reports whether the index keeps the signatures of its
// documents (Options.NoSignatures is false).
func (x *Index) Signatures() bool { return !x.noSigs }

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
	return has(x.live, id)
}

func (x *Index) has(id uint32) bool { return has(x.live, id) }

// AppendSignature appends the stored signature of id to dst; ok is false
// when id is not in the index, or when the index keeps no signatures.
func (x *Index) AppendSignature(dst []uint32, id uint32) (_ []uint32, ok bool) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.noSigs || !x.has(id) {
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

// maxStackBands is the number of band keys computed on the stack.
const maxStackBands = 32

// Add inserts document id with its signature (copied, unless the index
// keeps no signatures). It returns an error wrapping ErrSignatureLength,
// ErrID or ErrDuplicate, and then leaves the index unchanged. Add after
// Remove of the same id is allowed; the first such Add after removals
// drops the removed documents' records from every table (a pass over the
// index).
func (x *Index) Add(id uint32, sig []uint32) error {
	if len(sig) != x.k {
		return fmt.Errorf("%w: got %d values, want %d", ErrSignatureLength, len(sig), x.k)
	}
	if id > MaxID {
		return fmt.Errorf("%w: %d > %d", ErrID, id, MaxID)
	}
	var kb [maxStackBands]uint64
	keys := x.params.appendTableKeys(kb[:0], sig)
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.has(id) {
		return fmt.Errorf("%w: %d", ErrDuplicate, id)
	}
	if has(x.removed, id) {
		x.purge()
	}
	x.add(id, sig, keys)
	return nil
}

func (x *Index) add(id uint32, sig []uint32, keys []uint64) {
	if x.n > 0 && id <= x.top {
		x.unordered = true
	}
	x.top = max(x.top, id)
	if !x.noSigs {
		for int(id/pageDocs) >= len(x.sigs) {
			x.sigs = append(x.sigs, nil)
		}
		if p := &x.sigs[id/pageDocs]; *p == nil {
			*p = make([]uint32, pageDocs*x.k)
		}
		copy(x.sig(id), sig)
	}
	x.live = setBit(x.live, id)
	x.n++
	for j, k := range keys {
		x.tables[j].push(k)
	}
	x.bufIDs = append(x.bufIDs, id)
	if len(x.bufIDs) >= x.mergeAt(x.tables[0].mainLen()) {
		x.mergeAll()
	}
}

// rlock takes the read lock of x with every buffer record in the slots of
// its table. Add only appends the keys of a document to the buffers;
// the records are entered in the slots before the next lookup, in one
// pass over the documents added since, so that a run of Adds (building
// an index) makes no random access into the slots, which were a third of
// its time (BenchmarkAdd1M).
func (x *Index) rlock() {
	x.mu.RLock()
	for len(x.tables) > 0 && !x.tables[0].hashed() {
		x.mu.RUnlock()
		x.mu.Lock()
		x.hashBuffers()
		x.mu.Unlock()
		x.mu.RLock()
	}
}

// hashBuffers enters the buffer records added since the last lookup in
// the slots, document by document as Add did before (the slots are the
// same). For each document it first reads the home slot of its key in
// every band (touchSlots), so that the cache misses of the bands overlap
// rather than come one after another: that made Add 1.2 times faster at
// 1M documents when it entered each record at once (CPU-time rates of 1M
// adds, three interleaved runs: 360k, 341k, 376k adds/s with it, 291k,
// 285k, 313k without, on a loaded 2-core machine).
func (x *Index) hashBuffers() {
	if len(x.tables) == 0 {
		return
	}
	// Slots for as many records as the buffers will hold at the next
	// merge, as when every record entered them at once and they grew
	// with the buffers: sized for the records of the moment, they were
	// fuller and queries 1.1 times slower (BenchmarkQuery1M).
	if c := slotsFor(x.mergeAt(x.tables[0].mainLen())); c > len(x.tables[0].slots) {
		for j := range x.tables {
			x.tables[j].growSlots(c)
		}
	}
	for i := len(x.tables[0].next); i < len(x.tables[0].keys); i++ {
		x.touchSlots(i)
		for j := range x.tables {
			x.tables[j].hashRecord()
		}
	}
}

// touchSlots reads the home slot of buffer record i in every band.
func (x *Index) touchSlots(i int) {
	var s uint32
	for j := range x.tables {
		if t := &x.tables[j]; len(t.slots) > 0 {
			s += t.slots[t.keys[i]>>t.shift]
		}
	}
	keep(s)
}

// mergeAt returns the number of buffer records at which the buffers are
// merged into main parts of m records.
func (x *Index) mergeAt(m int) int { return max(x.mergeMin, m/bufferShare) }

// setBit sets bit id of set, growing it as needed.
func setBit(set []uint64, id uint32) []uint64 {
	if w := int(id/64) + 1; w > len(set) {
		set = append(set, make([]uint64, w-len(set))...)
	}
	set[id/64] |= 1 << (id % 64)
	return set
}

// mergeAll merges the buffer of every table into its main part, dropping
// the records of removed documents. The tables hold the same number of
// records (one per document), so that they all fill at once.
func (x *Index) mergeAll() {
	var live []uint64
	if x.nremoved > 0 {
		live = x.live
	}
	n := x.tables[0].liveMain(live) + liveBuffer(live, x.bufIDs)
	next := x.mergeAt(n)
	var s mergeScratch
	for j := range x.tables {
		x.tables[j].merge(live, next, &s, x.bufIDs)
	}
	if cap(x.bufIDs) < next || cap(x.bufIDs) > next+next/8 {
		x.bufIDs = make([]uint32, 0, next)
	}
	x.bufIDs = x.bufIDs[:0]
	clear(x.removed)
	x.nremoved = 0
}

// purge drops the records of removed documents from every table: a merge
// where there is a main part, else a rebuild of the buffer.
func (x *Index) purge() {
	if x.tables[0].dir != nil {
		x.mergeAll()
		return
	}
	for j := range x.tables {
		x.tables[j].dropDead(x.live, x.bufIDs)
	}
	x.bufIDs = slices.DeleteFunc(x.bufIDs, func(id uint32) bool { return !x.has(id) })
	clear(x.removed)
	x.nremoved = 0
}

// Grow makes room for n more documents in the buffers of the band tables,
// so that adding them (up to the next merge) does not rebuild their slots.
// Grow with n <= 0 does nothing.
func (x *Index) Grow(n int) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.grow(n)
}

func (x *Index) grow(n int) {
	if n <= 0 {
		return
	}
	m := min(len(x.bufIDs)+n, x.mergeAt(x.tables[0].mainLen()+n))
	x.bufIDs = slices.Grow(x.bufIDs, m-len(x.bufIDs))
	for j := range x.tables {
		t := &x.tables[j]
		if c := slotsFor(m); c > len(t.slots) {
			t.growSlots(c)
		}
		t.keys = slices.Grow(t.keys, m-len(t.keys))
		t.next = slices.Grow(t.next, m-len(t.next))
	}
}

// slotsFor returns the number of buffer slots for n distinct keys at a
// load of at most 3/4.
func slotsFor(n int) int {
	c := 16
	for c*3 < n*4 {
		c *= 2
	}
	return c
}

// Remove deletes document id and reports whether it was in the index. Its
// records stay in the tables, ignored, until the next merge; when removed
// documents reach a quarter of those left, every table is rebuilt without
// them.
func (x *Index) Remove(id uint32) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.has(id) {
		return false
	}
	x.live[id/64] &^= 1 << (id % 64)
	x.n--
	x.removed = setBit(x.removed, id)
	x.nremoved++
	if x.nremoved*4 > x.n {
		x.purge()
	}
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
