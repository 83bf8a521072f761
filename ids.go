package dedupe

import (
	"slices"

	"github.com/zeebo/xxh3"
)

// Duplicate ids. Document ids are the caller's and need not be unique; the
// removal log names documents by id, so a removed document whose id
// another document has (or a kept one) is also named by its FILE:LINE.
// Ids are known by their 64-bit hashes: 8 bytes per document while a pass
// collects them.

// idSet collects the ids of a corpus and tells which occur more than once.
// It is not safe for concurrent use.
type idSet struct {
	hashes []uint64        // collected, in input order
	dups   map[uint64]bool // hashes of ids that occur more than once
	seen   map[uint64]bool // incremental: the ids so far (see addSeen)
	// complete says that every id has been seen (freeze was called).
	complete bool
	count    int64 // documents whose id an earlier document has
}

func newIDSet() *idSet { return &idSet{dups: map[uint64]bool{}} }

// collect records the id of the next document.
func (s *idSet) collect(id string) {
	s.hashes = append(s.hashes, xxh3.HashString(id))
}

// freeze finds the ids collected more than once.
func (s *idSet) freeze() {
	if s.complete {
		return
	}
	h := s.hashes
	s.hashes = nil
	slices.Sort(h)
	for i := 1; i < len(h); i++ {
		if h[i] == h[i-1] {
			s.dups[h[i]] = true
			s.count++
		}
	}
	s.complete = true
}

// addSeen records the id of the next document when the ids are seen in one
// pass with the log (no complete set): a later occurrence is known as a
// duplicate, the first is not.
func (s *idSet) addSeen(id string) {
	if s.complete {
		return
	}
	if s.seen == nil {
		s.seen = map[uint64]bool{}
	}
	h := xxh3.HashString(id)
	if s.seen[h] {
		s.dups[h] = true
		s.count++
	}
	s.seen[h] = true
}

// done marks the ids as all seen, after the pass that added them with
// addSeen.
func (s *idSet) done() {
	s.seen = nil
	s.complete = true
}

// duplicated reports whether another document has id.
func (s *idSet) duplicated(id string) bool {
	return len(s.dups) > 0 && s.dups[xxh3.HashString(id)]
}

// repeatedIDs returns how many of the index's ids from the n-th on (the
// batch of an Add) an earlier id has already: idSet's count for a
// corpus, but of the batch only, against the ids indexed before it. The
// batch's hashes are sorted (8 bytes an id) and each indexed id is
// looked up among them, so that adding a batch to a large index takes
// memory for the batch only.
func (x *Index) repeatedIDs(n int) int64 {
	added := make([]uint64, 0, len(x.ids)-n)
	for _, id := range x.ids[n:] {
		added = append(added, xxh3.HashString(id))
	}
	if len(added) == 0 {
		return 0
	}
	slices.Sort(added)
	indexed := make([]bool, len(added)) // at the first of each run of equal hashes
	for _, id := range x.ids[:n] {
		if k, ok := slices.BinarySearch(added, xxh3.HashString(id)); ok {
			indexed[k] = true
		}
	}
	var r int64
	for i, h := range added {
		if indexed[i] || i > 0 && added[i-1] == h {
			r++
		}
	}
	return r
}

// A docRef names a document for the log: its id, and where it was read.
type docRef struct {
	id   string
	file string
	line int
}

// name sets the file and line of lr's document, and of its kept document,
// when their ids are not unique.
func (s *idSet) name(lr *LogRecord, self docRef, kept *docRef) {
	if self.file != "" && s.duplicated(self.id) {
		lr.File, lr.Line = self.file, self.line
	}
	if kept != nil && kept.file != "" && s.duplicated(kept.id) {
		lr.KeptFile, lr.KeptLine = kept.file, kept.line
	}
}

// positions names the input position of documents compactly: a file
// number and a line in one uint64. It is not safe for concurrent use.
type positions struct {
	files map[string]uint32
	names []string
}

// of returns the position of d.
func (p *positions) of(file string, line int) uint64 {
	if p.files == nil {
		p.files = map[string]uint32{}
	}
	f, ok := p.files[file]
	if !ok {
		f = uint32(len(p.names))
		p.files[file] = f
		p.names = append(p.names, file)
	}
	return uint64(f)<<32 | uint64(uint32(line))
}

// ref returns the docRef of id at position pos.
func (p *positions) ref(id string, pos uint64) docRef {
	return docRef{id: id, file: p.names[pos>>32], line: int(uint32(pos))}
}
