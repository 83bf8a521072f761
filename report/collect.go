package report

import (
	"cmp"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
)

// A Removal is one record of a removal log (the format of dedupe clean, in
// cmd/dedupe/doc.go): a document, a paragraph of one, or a malformed input
// record, removed for a reason. Decoding a log line into a Removal keeps the
// fields a report uses and ignores the others.
type Removal struct {
	ID         string  `json:"id"`
	What       string  `json:"what"` // "document", "paragraph", "line" (of a kept paragraph) or "record"
	Why        string  `json:"why"`  // "near-duplicate", "repeat", "boilerplate", "empty", "malformed", "too-large"
	Similarity float64 `json:"similarity,omitempty"`
	Kept       string  `json:"kept,omitempty"`   // near-duplicate: the id of the kept document
	Reason     string  `json:"reason,omitempty"` // the classifier's cue, "identical text", ...
	Site       string  `json:"site,omitempty"`   // the document's site ("" when unknown)
	Text       string  `json:"text,omitempty"`   // paragraph: the removed text
	// Size is the length of the text of a document removed whole, when
	// known (the log does not record it). It is ignored for "empty"
	// documents, whose paragraphs are removal records of their own.
	Size int64 `json:"size,omitempty"`
	// File and Line place the document, and KeptFile and KeptLine the kept
	// one, when the log gives them: for ids that are not unique.
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	KeptFile string `json:"kept_file,omitempty"`
	KeptLine int    `json:"kept_line,omitempty"`
}

// docKey names a document for the clusters and pairs: its id, and where it
// is when the log says (an id that is not unique). keyID gives the id back.
func docKey(id, file string, line int) string {
	if file == "" {
		return id
	}
	return id + "\x00" + file + ":" + strconv.Itoa(line)
}

func keyID(key string) string {
	id, _, _ := strings.Cut(key, "\x00")
	return id
}

// A Collector builds the Data of a report from the stream of a run: the
// input documents (Input), the removal records (Remove, or ReadLog for a
// whole log) and the verified candidate pairs (Candidate). It keeps bounded
// samples (pairs, fragments), so its memory grows with the number of sites,
// of near-duplicate documents and of distinct boilerplate fragments (8 bytes
// each), not with the size of the text.
//
// The records of one document must be consecutive, as they are in a removal
// log. Results are deterministic: the same stream gives the same Data.
// Create one with NewCollector; a Collector is not safe for concurrent use.
type Collector struct {
	lim      Limits
	docsIn   int64
	bytesIn  int64
	inputs   bool // Input was called
	fromLog  bool // ReadLog was called
	siteless bool // a removal record had no site

	docsRemoved  int64 // input documents removed whole
	bytesRemoved int64
	sizeUnknown  bool // a document removed whole had no size

	steps    map[string]*stepAcc
	sites    map[string]*siteAcc
	lastSite string
	lastID   string
	started  bool // lastSite and lastID are set

	frags    fragCounter
	clusters clusterSet
	pairs    pairSampler
	cand     Histogram // verified candidate pairs
	removed  Histogram // similarities of removed near-duplicates
}

type stepAcc struct {
	docs, paras, bytes int64
	unknown            bool
	reasons            map[string]*reasonAcc
}

type reasonAcc struct {
	docs, paras, bytes int64
	unknown            bool
}

type siteAcc struct {
	pages, bytes       int64
	affected, docs     int64
	removed, fragments int64
}

// NewCollector returns an empty Collector that keeps what lim allows.
func NewCollector(lim Limits) *Collector {
	lim = lim.withDefaults()
	return &Collector{
		lim:      lim,
		steps:    map[string]*stepAcc{},
		sites:    map[string]*siteAcc{},
		frags:    newFragCounter(),
		clusters: clusterSet{root: map[string]string{}, byKept: map[string]*clusterAcc{}, members: lim.Members},
		pairs:    pairSampler{k: lim.Pairs},
	}
}

// Input counts one input document of the given site and size (bytes of
// text), for the totals and the sites' pages. Calling it is optional.
func (c *Collector) Input(site string, size int) {
	c.inputs = true
	c.docsIn++
	c.bytesIn += int64(size)
	s := c.site(site)
	s.pages++
	s.bytes += int64(size)
}

// Candidate counts the similarity of one verified candidate pair, for the
// histogram. Without candidates, the histogram shows the similarities of
// the removed near-duplicates.
func (c *Collector) Candidate(similarity float64) { c.cand.Add(similarity) }

// Remove counts one removal record.
func (c *Collector) Remove(r *Removal) {
	doc := !r.part()
	var n int64
	unknown := false
	switch {
	case !doc:
		n = int64(len(r.Text))
	case r.What == "document" && r.Why != "empty":
		n = r.Size
		unknown = r.Size <= 0
	}
	c.step(r, n, unknown)
	if r.What == "record" {
		return // not an input document: no site, no page
	}
	if r.What == "document" {
		c.docsRemoved++
		c.sizeUnknown = c.sizeUnknown || unknown
	}
	c.bytesRemoved += n
	c.siteless = c.siteless || r.Site == ""
	s := c.site(r.Site)
	if !c.started || r.ID != c.lastID || r.Site != c.lastSite {
		s.affected++
		c.started, c.lastID, c.lastSite = true, r.ID, r.Site
	}
	s.removed += n
	if doc {
		s.docs++
	}
	if !doc && r.Why == "boilerplate" {
		if c.frags.add(r, reasonName(r.Why, r.Reason), c.lim.FragmentBytes) {
			s.fragments++
		}
	}
	if r.What == "document" && r.Why == "near-duplicate" && r.Kept != "" {
		c.removed.Add(r.Similarity)
		c.clusters.add(docKey(r.Kept, r.KeptFile, r.KeptLine), docKey(r.ID, r.File, r.Line), r.Similarity)
		c.pairs.add(Pair{Kept: r.Kept, Removed: r.ID, Similarity: r.Similarity, Reason: r.Reason,
			KeptFile: r.KeptFile, KeptLine: r.KeptLine, RemovedFile: r.File, RemovedLine: r.Line})
	}
}

// part tells a removal of part of a document (a paragraph, or a line of a
// kept paragraph) from the removal of a whole document or record.
func (r *Removal) part() bool { return r.What == "paragraph" || r.What == "line" }

func (c *Collector) site(name string) *siteAcc {
	s := c.sites[name]
	if s == nil {
		s = &siteAcc{}
		c.sites[name] = s
	}
	return s
}

func (c *Collector) step(r *Removal, n int64, unknown bool) {
	st := c.steps[r.Why]
	if st == nil {
		st = &stepAcc{reasons: map[string]*reasonAcc{}}
		c.steps[r.Why] = st
	}
	name := reasonName(r.Why, r.Reason)
	ra := st.reasons[name]
	if ra == nil {
		ra = &reasonAcc{}
		st.reasons[name] = ra
	}
	if r.part() {
		st.paras++
		ra.paras++
	} else {
		st.docs++
		ra.docs++
	}
	st.bytes += n
	ra.bytes += n
	st.unknown = st.unknown || unknown
	ra.unknown = ra.unknown || unknown
}

// reasonName groups the reasons of a step: the numbers of a cue ("site
// 12/40 pages") are replaced by letters ("site N/M pages").
func reasonName(why, reason string) string {
	if reason == "" {
		switch why {
		case "near-duplicate":
			return "similar text"
		case "repeat":
			return "similar paragraph"
		}
		return "unspecified"
	}
	var b strings.Builder
	digits := false
	letter := 0
	for _, r := range reason {
		if r >= '0' && r <= '9' {
			if !digits {
				b.WriteByte("NMK"[min(letter, 2)])
				letter++
			}
			digits = true
			continue
		}
		digits = false
		b.WriteRune(r)
	}
	return b.String()
}

// stepOrder is the order of the summary: the order of the steps of a run.
var stepOrder = []struct{ why, name, note string }{
	{"repeat", "repeated paragraphs", ""},
	{"boilerplate", "boilerplate", ""},
	{"empty", "left empty", "their paragraphs are counted above"},
	{"near-duplicate", "near-duplicates", ""},
	{"malformed", "malformed records", ""},
	{"too-large", "records too large", ""},
}

// Data returns the report's data so far. The Collector may go on counting
// afterwards.
func (c *Collector) Data() *Data {
	d := &Data{}
	c.totals(d)
	d.Steps = c.summary()
	d.NearDup.Histogram = c.histogram()
	d.Clusters = c.clusters.result(c.lim)
	d.Pairs, d.MorePairs = c.pairs.result()
	d.Sites, d.MoreSites = c.siteRows()
	d.Fragments, d.MoreFragments = c.frags.result(c.lim.Fragments)
	d.Notes = c.notes()
	return d
}

func (c *Collector) totals(d *Data) {
	if !c.inputs {
		return
	}
	d.Totals.DocsIn = c.docsIn
	d.Totals.BytesIn = c.bytesIn
	d.Totals.DocsOut = c.docsIn - c.docsRemoved
	d.Totals.BytesOut = c.bytesIn - c.bytesRemoved
	if c.sizeUnknown {
		d.Totals.BytesOut = -1
	}
}

func (c *Collector) histogram() Histogram {
	if c.cand.Total() > 0 {
		return Histogram{Of: "verified candidate pairs", Counts: slices.Clone(c.cand.Counts)}
	}
	if c.removed.Total() > 0 {
		return Histogram{Of: "removed near-duplicates", Counts: slices.Clone(c.removed.Counts)}
	}
	return Histogram{}
}

func (c *Collector) notes() []string {
	var n []string
	if c.fromLog {
		n = append(n, "Built from a removal log, which does not record the input's size, the size of documents removed whole, the LSH settings or the candidate pairs; the histogram shows the similarities of the removed near-duplicates.")
	}
	if c.siteless && len(c.sites) == 1 {
		n = append(n, "The removal records name no site: all pages are counted as one site.")
	}
	return n
}

func (c *Collector) summary() []Step {
	var steps []Step
	seen := map[string]bool{}
	for _, o := range stepOrder {
		seen[o.why] = true
		if st := c.steps[o.why]; st != nil {
			steps = append(steps, st.row(o.name, o.note, c.lim.Reasons))
		}
	}
	var rest []string
	for why := range c.steps {
		if !seen[why] {
			rest = append(rest, why)
		}
	}
	slices.Sort(rest)
	for _, why := range rest {
		steps = append(steps, c.steps[why].row(why, "", c.lim.Reasons))
	}
	return steps
}

func (st *stepAcc) row(name, note string, limit int) Step {
	s := Step{Name: name, Docs: st.docs, Paragraphs: st.paras, Bytes: known(st.bytes, st.unknown), Note: note}
	for n, r := range st.reasons {
		s.Reasons = append(s.Reasons, Reason{Name: n, Docs: r.docs, Paragraphs: r.paras, Bytes: known(r.bytes, r.unknown)})
	}
	slices.SortFunc(s.Reasons, func(a, b Reason) int {
		return cmp.Or(cmp.Compare(b.Bytes, a.Bytes), cmp.Compare(b.Docs+b.Paragraphs, a.Docs+a.Paragraphs), strings.Compare(a.Name, b.Name))
	})
	s.Reasons = mergeReasons(s.Reasons, limit)
	return s
}

// mergeReasons keeps the first limit-1 reasons of a longer list and merges
// the rest into one row.
func mergeReasons(rs []Reason, limit int) []Reason {
	if len(rs) <= limit {
		return rs
	}
	other := Reason{Name: "other reasons"}
	for _, r := range rs[limit-1:] {
		other.Docs += r.Docs
		other.Paragraphs += r.Paragraphs
		if other.Bytes >= 0 && r.Bytes >= 0 {
			other.Bytes += r.Bytes
		} else {
			other.Bytes = -1
		}
	}
	return append(rs[:limit-1], other)
}

func known(n int64, unknown bool) int64 {
	if unknown {
		return -1
	}
	return n
}

func (c *Collector) siteRows() ([]Site, int64) {
	rows := make([]Site, 0, len(c.sites))
	for name, s := range c.sites {
		rows = append(rows, Site{Name: name, Pages: s.pages, Bytes: s.bytes, PagesAffected: s.affected,
			DocsRemoved: s.docs, BytesRemoved: s.removed, Fragments: s.fragments})
	}
	slices.SortFunc(rows, func(a, b Site) int {
		return cmp.Or(cmp.Compare(b.BytesRemoved, a.BytesRemoved), cmp.Compare(b.PagesAffected, a.PagesAffected), strings.Compare(a.Name, b.Name))
	})
	if len(rows) > c.lim.Sites {
		return rows[:c.lim.Sites], int64(len(rows) - c.lim.Sites)
	}
	return rows, 0
}

func hashString(parts ...string) uint64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum64()
}
