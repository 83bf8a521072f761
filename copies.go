package dedupe

import (
	"slices"
	"sync"

	"github.com/neardup/dedupe/records"
	"github.com/zeebo/xxh3"
)

// Exact copies cleaned once.
//
// A document with the same site and the same text as an earlier one is
// cleaned exactly as that one was: every per-document step (repeats,
// boilerplate, signature) is a function of the text and of the site's
// model. The learning pass, which reads every document in order, finds
// these copies by a 128-bit hash of site and text (copyPlan). With exact
// verification, the clean pass then skips their cleaning on the workers,
// and its ordered stage gives each the outcome of its source, the first
// document with its site and text, which it keeps until the last copy is
// through (copySource; when it could not keep it, it cleans the copy
// itself): the same text length, signature, text hash, byte
// counts and emptiness, and the same fate, the source's or the one the
// source shares. A copy of a kept document is removed as identical text,
// as it was when cleaned; its paragraph records, which the verification
// pass drops for every removed copy, are not spooled. The documentation
// corpus of the README holds 3,378 such copies (41 MB, 4% of its text).

// The learning pass does not analyse a copy either, once the workers know
// that an earlier page with its site and text has a signature (seenTexts):
// the copy, with the same signature, is then a near-duplicate of an
// indexed page (of that page if it was kept, else of the page that page
// duplicates, still indexed), so it is not learned, and with exact
// verification nothing else of its learning outcome is used. Which copies
// the workers catch depends on their timing (a copy met before its source
// is signed is analysed); what is learned does not.

// maxCopySources bounds the documents with copies that the clean pass
// keeps outcomes of (about 600 bytes each): copies of documents beyond
// it are cleaned as any other. A variable for the tests.
var maxCopySources = 1 << 16

// copyKey is the 128-bit hash of a document's site and text.
func copyKey(d *records.Record) xxh3.Uint128 {
	return xxh3.Hash128Seed(d.Text, xxh3.HashString(d.Site))
}

// copyPlan is what the learning pass found of exact copies, among the
// first maxSeenTexts texts of the input.
type copyPlan struct {
	first  map[xxh3.Uint128]int // key → Ord of its first document (while learning)
	of     map[int]int          // Ord of a copy → Ord of its source
	copies map[int]int          // Ord of a source → its copies
}

func newCopyPlan() *copyPlan {
	return &copyPlan{first: map[xxh3.Uint128]int{}, of: map[int]int{}, copies: map[int]int{}}
}

// add notes document ord (not malformed, size bytes, key k), in input
// order.
func (p *copyPlan) add(ord, size int, k xxh3.Uint128) {
	src, seen := p.first[k]
	switch {
	case !seen:
		// The outcome of an emptied source holds its paragraph records:
		// none for documents of bigDoc bytes or more.
		if size < bigDoc && len(p.first) < maxSeenTexts {
			p.first[k] = ord
		}
	case p.copies[src] > 0 || len(p.copies) < maxCopySources:
		p.of[ord] = src
		p.copies[src]++
	}
}

// done drops what only finding the copies needed.
func (p *copyPlan) done() { p.first = nil }

// seenTexts is what the workers of the learning pass have met of each
// site and text: the earliest document (in input order) that a worker
// has met with it, and whether that one has a signature. It holds at most
// maxSeenTexts texts.
type seenTexts struct {
	mu sync.Mutex
	m  map[xxh3.Uint128]*seenText
}

type seenText struct {
	ord    int
	signed int8 // 1: it has a signature, -1: it has none, 0: not known yet
}

// maxSeenTexts bounds seenTexts and the texts of copyPlan (some 40 to 60
// bytes a text in each). A variable for the tests.
var maxSeenTexts = 1 << 20

func newSeenTexts() *seenTexts { return &seenTexts{m: map[xxh3.Uint128]*seenText{}} }

// met reports whether document d, of key k, is a copy of an earlier
// document that has a signature, and otherwise notes it.
func (s *seenTexts) met(k xxh3.Uint128, d *records.Record) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch e := s.m[k]; {
	case e == nil:
		if len(s.m) < maxSeenTexts {
			s.m[k] = &seenText{ord: d.Ord}
		}
	case d.Ord < e.ord: // met after a copy of it
		e.ord, e.signed = d.Ord, 0
	default:
		return e.signed > 0
	}
	return false
}

// signed notes whether document ord, of key k, has a signature.
func (s *seenTexts) signed(k xxh3.Uint128, ord int, has bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.m[k]; e != nil && e.ord == ord {
		e.signed = 1
		if !has {
			e.signed = -1
		}
	}
}

// copySource is the outcome of a source for its copies still to come.
type copySource struct {
	left   int    // copies still to come
	res    Result // the source's, without its text and records
	tlen   int    // the length of its cleaned text
	hash   uint64
	lsh    uint32 // the lsh id whose fate it shares (with a signature)
	parlog []byte // spooled paragraph records, of an emptied source
}

// copySources holds the outcomes of the sources of the clean pass's
// ordered stage.
type copySources struct {
	plan     *copyPlan
	m        map[int]*copySource
	filled   int64 // copies given their source's outcome
	logBytes int   // of the paragraph records held (emptied sources)
}

// maxCopyLogs bounds the bytes of paragraph records that copySources holds
// for the copies of emptied documents. A variable for the tests.
var maxCopyLogs = 64 << 20

// skip reports whether the cleaning of document ord is skipped: it is a
// copy whose source's outcome it will be given.
func (s *copySources) skip(ord int) bool {
	if s.plan == nil {
		return false
	}
	_, ok := s.plan.of[ord]
	return ok
}

// fill gives res, the result of skipped copy d, the outcome of its source,
// and reports whether it could: not when the outcome was not kept (see
// keep; or the source was malformed in this pass and not in the first),
// and the copy must be cleaned after all.
func (s *copySources) fill(d *records.Record, res *cleanResult) bool {
	src := s.plan.of[d.Ord]
	o := s.m[src]
	if o == nil {
		return false
	}
	res.src = o
	s.filled++
	res.Result, res.hash = o.res, o.hash
	res.parlog = slices.Clip(o.parlog) // appended to: never into o's array
	if o.left--; o.left == 0 {
		delete(s.m, src)
		s.logBytes -= len(o.parlog)
	}
	return true
}

// keep records the outcome of document ord, just spooled as res, if it
// is a source: unless it is an emptied document whose paragraph records
// would take the records held past maxCopyLogs; its copies are then
// cleaned on the ordered stage.
func (s *copySources) keep(ord int, res *cleanResult) {
	n := 0
	if s.plan != nil {
		n = s.plan.copies[ord]
	}
	if n == 0 {
		return
	}
	o := &copySource{left: n, res: res.Result, tlen: len(res.Text), hash: res.hash, lsh: res.lsh}
	o.res.Text, o.res.Removed = nil, nil // the source's text is not kept
	if res.Empty {
		if s.logBytes+len(res.parlog) > maxCopyLogs {
			return
		}
		o.parlog = slices.Clone(res.parlog)
		s.logBytes += len(o.parlog)
	}
	s.m[ord] = o
}
