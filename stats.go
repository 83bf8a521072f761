package dedupe

import (
	"time"

	"github.com/neardup/dedupe/lsh"
)

// Stats count what a clean run read, removed and wrote, and how long its
// passes took.
type Stats struct {
	DocsIn, DocsOut int64 // input documents (malformed records included), documents written
	BytesIn         int64 // input bytes
	Bad             int64 // malformed records skipped (records.Files.SkipBad)
	// DuplicateIDs counts the documents whose id an earlier document has.
	// The log names the documents of such ids by FILE:LINE too.
	DuplicateIDs int64
	Empty        int64 // documents removed because every paragraph was removed
	// KeptBack counts the documents that boilerplate removal would have
	// left empty and that were kept with the paragraphs labelled on page
	// cues alone (see Result.Empty); KeptBackBytes the bytes of those
	// paragraphs, which are not in the removal log.
	KeptBack, KeptBackBytes int64

	RepeatBytes, BoilerBytes int64 // bytes of the paragraphs removed by each step
	// RepeatsCapped counts the documents with too many paragraphs alike for
	// the search of near repeats to be finished (Result.RepeatsCapped).
	RepeatsCapped  int64
	Duplicates     int64 // documents removed as near-duplicates
	DuplicateBytes int64 // their cleaned bytes

	// Params are the LSH bands and rows the run used.
	Params     lsh.Params
	Indexed    int   // documents in the LSH index (exact: distinct cleaned texts with shingles)
	Candidates int   // exact verification: candidate pairs
	Compared   int   // exact verification: pairs compared (both documents still kept)
	SpoolBytes int64 // exact verification: size of the spool
	// Copies counts the documents with the site and text of an earlier
	// document, given its outcome rather than cleaned again (exact
	// verification, after a learning pass).
	Copies int64
	// CappedCandidates counts the documents with more than MaxCandidates
	// candidates (compared with the earliest only); SetsDropped and
	// SetsReloaded the shingle sets dropped for the memory budget of exact
	// verification and computed again.
	CappedCandidates, SetsDropped, SetsReloaded int
	// Similarities counts the candidate pairs compared (exact
	// verification) by their Jaccard similarity, in 100 buckets of [0, 1]
	// (the last holds 1): the histogram of a report.
	Similarities []int64

	// Passes are the wall times of the passes run, in order: learn (if
	// boilerplate was learned), clean, verify (with exact verification).
	Passes []PassTime
	// Step times of the parallel stage, summed over the workers (CPU-like
	// time), and of the ordered de-duplication.
	RepeatTime, BoilerTime, SignTime, DedupTime time.Duration
}

// PassTime is the wall time of one pass over the input.
type PassTime struct {
	Name string // "learn", "clean" or "verify"
	Time time.Duration
}

// add counts the steps of one cleaned document.
func (s *Stats) add(r *cleanResult) {
	s.RepeatBytes += r.RepeatBytes
	s.BoilerBytes += r.BoilerBytes
	s.RepeatsCapped += int64(b2i(r.RepeatsCapped))
	if r.KeptBack > 0 {
		s.KeptBack++
		s.KeptBackBytes += r.KeptBackBytes
	}
	s.RepeatTime += r.t.repeat
	s.BoilerTime += r.t.boiler
	s.SignTime += r.t.sign
}

func (s *Stats) pass(name string, since time.Time) {
	s.Passes = append(s.Passes, PassTime{name, time.Since(since)})
}
