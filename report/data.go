package report

import (
	"math"
	"unicode/utf8"

	"github.com/neardup/dedupe/records"
)

// Data is what a report shows. Its zero value is an empty report; every
// field is optional, and a section without data says so. Lists are rendered
// in the order given (the Collector sorts them: largest first), at most as
// many items as the Limits allow.
//
// Sizes are in bytes of text. A count that is unknown is 0 unless its
// field says otherwise.
type Data struct {
	Title   string   `json:"title,omitempty"`   // "" means "dedupe clean"
	Created string   `json:"created,omitempty"` // free text (a date, say); the package never reads the clock
	Inputs  []string `json:"inputs,omitempty"`  // the input files
	Notes   []string `json:"notes,omitempty"`   // caveats shown under the title

	Totals  Totals  `json:"totals"`
	Steps   []Step  `json:"steps,omitempty"`
	NearDup NearDup `json:"near_duplicates"`

	Clusters Clusters `json:"clusters"`

	// Pairs is a sample of near-duplicate pairs, with their texts.
	Pairs     []Pair `json:"pairs,omitempty"`
	MorePairs int64  `json:"more_pairs,omitempty"` // near-duplicate pairs not in the sample

	Sites     []Site `json:"sites,omitempty"`
	MoreSites int64  `json:"more_sites,omitempty"` // sites not listed

	Fragments     []Fragment `json:"fragments,omitempty"`
	MoreFragments int64      `json:"more_fragments,omitempty"` // fragments not listed
}

// Totals are the figures of the whole run. DocsOut and BytesOut are shown
// only when DocsIn and BytesIn are known.
type Totals struct {
	DocsIn   int64   `json:"docs_in,omitempty"`
	DocsOut  int64   `json:"docs_out,omitempty"`
	BytesIn  int64   `json:"bytes_in,omitempty"`
	BytesOut int64   `json:"bytes_out,omitempty"`
	Seconds  float64 `json:"seconds,omitempty"` // wall time of the run
}

// A Step is one row of the summary: what one step of the run removed.
type Step struct {
	Name       string `json:"name"`                 // "repeated paragraphs", "boilerplate", "near-duplicates", ...
	Docs       int64  `json:"docs,omitempty"`       // documents removed whole
	Paragraphs int64  `json:"paragraphs,omitempty"` // paragraphs removed
	// Bytes is the text removed; -1 when unknown (a removal log does not
	// give the size of the documents it removes whole).
	Bytes   int64    `json:"bytes"`
	Seconds float64  `json:"seconds,omitempty"` // time spent in the step (0: not measured)
	Note    string   `json:"note,omitempty"`    // shown after the name, e.g. "bytes counted above"
	Reasons []Reason `json:"reasons,omitempty"` // the step's rows by reason or cue
}

// A Reason is one row of a step: what it removed for one reason (a
// boilerplate cue, "identical text", ...). Bytes is -1 when unknown.
type Reason struct {
	Name       string `json:"name"`
	Docs       int64  `json:"docs,omitempty"`
	Paragraphs int64  `json:"paragraphs,omitempty"`
	Bytes      int64  `json:"bytes"`
}

// NearDup holds the settings and the measurements of near-duplicate
// detection. The S-curve is drawn when Bands and Rows are set.
type NearDup struct {
	Threshold  float64   `json:"threshold,omitempty"`  // Jaccard similarity of near-duplicates
	Bands      int       `json:"bands,omitempty"`      // LSH bands b
	Rows       int       `json:"rows,omitempty"`       // rows per band r
	K          int       `json:"k,omitempty"`          // shingle size in words
	NumPerm    int       `json:"num_perm,omitempty"`   // signature length
	Normalize  string    `json:"normalize,omitempty"`  // "fold" or "whitespace"
	Verify     string    `json:"verify,omitempty"`     // "exact" or "estimate"
	Candidates int64     `json:"candidates,omitempty"` // candidate pairs found by LSH
	Histogram  Histogram `json:"histogram"`
}

// A Histogram counts similarities in len(Counts) equal buckets of [0, 1]:
// Counts[i] is the number of pairs with i/n <= s < (i+1)/n, and the last
// bucket also holds s = 1. Its zero value is empty; Add makes 100 buckets.
type Histogram struct {
	Of     string  `json:"of,omitempty"` // what was counted, e.g. "verified candidate pairs"
	Counts []int64 `json:"counts,omitempty"`
}

// DefaultBuckets is the number of buckets Add gives an empty Histogram.
const DefaultBuckets = 100

// Add counts one similarity; values outside [0, 1] count in the first or
// last bucket, NaN is ignored.
func (h *Histogram) Add(s float64) {
	if math.IsNaN(s) {
		return
	}
	if len(h.Counts) == 0 {
		h.Counts = make([]int64, DefaultBuckets)
	}
	h.Counts[bucket(s, len(h.Counts))]++
}

func bucket(s float64, n int) int {
	i := int(math.Floor(s * float64(n)))
	return max(0, min(i, n-1))
}

// Total is the number of pairs counted.
func (h *Histogram) Total() int64 {
	var t int64
	for _, c := range h.Counts {
		t += c
	}
	return t
}

// Clusters describes the clusters of near-duplicates (a kept document and
// the documents removed as its copies).
type Clusters struct {
	Sizes   []SizeCount `json:"sizes,omitempty"`   // ascending by size
	Largest []Cluster   `json:"largest,omitempty"` // largest first
	More    int64       `json:"more,omitempty"`    // clusters not in Largest
}

// SizeCount says that Count clusters have Size documents.
type SizeCount struct {
	Size  int64 `json:"size"`
	Count int64 `json:"count"`
}

// A Cluster is a kept document and its removed copies.
type Cluster struct {
	Kept        string   `json:"kept"`
	Size        int64    `json:"size"` // documents, the kept one included
	Members     []Member `json:"members,omitempty"`
	MoreMembers int64    `json:"more_members,omitempty"` // members not listed
}

// A Member is a removed document of a cluster and its similarity to the
// document it was removed in favour of.
type Member struct {
	ID         string  `json:"id"`
	Similarity float64 `json:"similarity"`
}

// A Pair is a near-duplicate pair: Removed was removed as a copy of Kept.
// The texts may be empty (unknown), and are clipped to Limits.TextBytes.
type Pair struct {
	Kept        string  `json:"kept"`
	Removed     string  `json:"removed"`
	Similarity  float64 `json:"similarity"`
	Reason      string  `json:"reason,omitempty"`
	KeptText    string  `json:"kept_text,omitempty"`
	RemovedText string  `json:"removed_text,omitempty"`
	// Where the documents are, when the log says (ids not unique).
	KeptFile    string `json:"kept_file,omitempty"`
	KeptLine    int    `json:"kept_line,omitempty"`
	RemovedFile string `json:"removed_file,omitempty"`
	RemovedLine int    `json:"removed_line,omitempty"`
}

// A Site is what was removed from the pages of one site. Name is "" when
// the source gives no sites: the row then stands for all of them.
type Site struct {
	Name          string `json:"name"`
	Pages         int64  `json:"pages,omitempty"` // pages in the input (0: unknown)
	Bytes         int64  `json:"bytes,omitempty"` // text of its pages in the input (0: unknown)
	PagesAffected int64  `json:"pages_affected"`  // pages with text removed, or removed whole
	DocsRemoved   int64  `json:"docs_removed,omitempty"`
	// BytesRemoved is the text removed: paragraphs, and whole pages when
	// their size is known (so a lower bound when it is not).
	BytesRemoved int64 `json:"bytes_removed"`
	Fragments    int64 `json:"fragments,omitempty"` // distinct boilerplate fragments removed
}

// A Fragment is a boilerplate paragraph removed from the pages of a site.
type Fragment struct {
	Site   string `json:"site"`
	Text   string `json:"text"` // clipped to Limits.FragmentBytes
	Reason string `json:"reason,omitempty"`
	Pages  int64  `json:"pages"` // pages it was removed from
	Bytes  int64  `json:"bytes"` // text removed in all
}

// Limits bound what a report holds. The zero value of a field means its
// default. Write cuts the escaped HTML of a pair's text (highlights
// included) to 1.5×TextBytes and that of a fragment to 1.5×FragmentBytes,
// since escaping can make a text up to five times longer.
type Limits struct {
	Pairs         int // pairs of texts (default 50)
	TextBytes     int // bytes of each text of a pair (default 4096)
	Clusters      int // largest clusters listed (default 20)
	Members       int // members listed per cluster (default 20)
	ClusterSizes  int // distinct cluster sizes (default 1000; larger sizes are merged into the last)
	Sites         int // sites listed (default 500)
	Fragments     int // fragments listed (default 500)
	FragmentBytes int // bytes of each fragment's text (default 240)
	Reasons       int // reasons per step (default 30; the rest are merged into "other reasons")
	// LineBytes is the longest line of a removal log read, with its
	// newline: 0 means DefaultLineBytes, a negative value no limit. A
	// longer one is a *LogError, not a line held in memory whole, however
	// large (a file that is not a log, say). See LineBytesFor.
	LineBytes int
}

// DefaultLineBytes is the default Limits.LineBytes: 512 MiB,
// LineBytesFor(records.DefaultMaxBytes) and more.
const DefaultLineBytes = 512 << 20

// LineBytesFor returns the Limits.LineBytes for the log of a run that read
// records of at most maxBytes, as records.Files.MaxBytes says it (0:
// records.DefaultMaxBytes; negative: no limit, and no limit returned):
// room for a paragraph of that size with every byte escaped in JSON
// (\u00XX, six bytes for one) and the record's other fields.
func LineBytesFor(maxBytes int) int {
	if maxBytes == 0 {
		maxBytes = records.DefaultMaxBytes
	}
	if maxBytes < 0 || maxBytes > (math.MaxInt-1<<20)/6 {
		return -1
	}
	return 6*maxBytes + 1<<20
}

func (l Limits) withDefaults() Limits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.Pairs, 50)
	def(&l.TextBytes, 4096)
	def(&l.Clusters, 20)
	def(&l.Members, 20)
	def(&l.ClusterSizes, 1000)
	def(&l.Sites, 500)
	def(&l.Fragments, 500)
	def(&l.FragmentBytes, 240)
	def(&l.Reasons, 30)
	if l.LineBytes == 0 {
		l.LineBytes = DefaultLineBytes
	} else if l.LineBytes < 0 {
		l.LineBytes = math.MaxInt // no limit
	}
	return l
}

// maxNameHTML bounds the HTML of every other string of a report (ids,
// names, reasons), escaped.
const maxNameHTML = 160

// maxBuckets bounds the buckets of a histogram that Write draws; a finer one
// is merged down.
const maxBuckets = 1000

// clip returns s cut to at most n bytes at a rune boundary, preferring a
// space in the last tenth, and whether it cut.
func clip(s string, n int) (string, bool) {
	if len(s) <= n {
		return s, false
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	for j := i; j > i-n/10 && j > 0; j-- {
		if s[j] == ' ' || s[j] == '\n' {
			i = j
			break
		}
	}
	return s[:i], true
}
