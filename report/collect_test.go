package report

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// testLog is a removal log in the format of dedupe clean, written by hand.
const testLog = `{"id":"a1","what":"paragraph","why":"repeat","similarity":1,"paragraph":3,"kept_paragraph":1,"text":"Same paragraph twice here."}
{"id":"a1","what":"paragraph","why":"boilerplate","paragraph":0,"score":0,"reason":"site 12/40 pages","text":"Subscribe now"}
{"id":"a1","what":"paragraph","why":"boilerplate","paragraph":5,"score":0.1,"reason":"short","text":"Apr"}

{"id":"a2","what":"paragraph","why":"boilerplate","paragraph":0,"score":0,"reason":"site 11/40 pages","text":"Subscribe now"}
{"id":"a3","what":"paragraph","why":"boilerplate","paragraph":0,"reason":"site 11/40 pages","text":"Subscribe now"}
{"id":"a3","what":"document","why":"empty","reason":"every paragraph was removed"}
{"id":"b2","what":"document","why":"near-duplicate","similarity":0.9,"estimate":0.88,"kept":"b1"}
{"id":"b3","what":"document","why":"near-duplicate","similarity":1,"estimate":1,"kept":"b1","reason":"identical text"}
{"id":"c2","what":"document","why":"near-duplicate","similarity":0.85,"kept":"c1"}
{"id":"x.jsonl:9","what":"record","why":"malformed","reason":"invalid JSON","file":"x.jsonl","line":9}
{"id":"x.jsonl:12","what":"record","why":"too-large","reason":"too large: line of 5023 bytes (the limit is 1000)","file":"x.jsonl","line":12}
`

func TestFromLog(t *testing.T) {
	d, err := FromLog(strings.NewReader(testLog))
	if err != nil {
		t.Fatal(err)
	}
	wantSteps := []Step{
		{Name: "repeated paragraphs", Paragraphs: 1, Bytes: 26, Reasons: []Reason{{Name: "similar paragraph", Paragraphs: 1, Bytes: 26}}},
		{Name: "boilerplate", Paragraphs: 4, Bytes: 42, Reasons: []Reason{
			{Name: "site N/M pages", Paragraphs: 3, Bytes: 39}, {Name: "short", Paragraphs: 1, Bytes: 3}}},
		{Name: "left empty", Docs: 1, Note: "their paragraphs are counted above", Reasons: []Reason{{Name: "every paragraph was removed", Docs: 1}}},
		{Name: "near-duplicates", Docs: 3, Bytes: -1, Reasons: []Reason{
			{Name: "similar text", Docs: 2, Bytes: -1}, {Name: "identical text", Docs: 1, Bytes: -1}}},
		{Name: "malformed records", Docs: 1, Reasons: []Reason{{Name: "invalid JSON", Docs: 1}}},
		{Name: "records too large", Docs: 1, Reasons: []Reason{{Name: "too large: line of N bytes (the limit is M)", Docs: 1}}},
	}
	if !reflect.DeepEqual(d.Steps, wantSteps) {
		t.Errorf("steps:\n got %+v\nwant %+v", d.Steps, wantSteps)
	}
	if want := (Totals{}); d.Totals != want {
		t.Errorf("totals %+v, want none (a log does not give them)", d.Totals)
	}
	wantSites := []Site{{PagesAffected: 6, DocsRemoved: 4, BytesRemoved: 26 + 13 + 3 + 13 + 13, Fragments: 2}}
	if !reflect.DeepEqual(d.Sites, wantSites) {
		t.Errorf("sites %+v, want %+v", d.Sites, wantSites)
	}
	wantFrags := []Fragment{{Text: "Subscribe now", Reason: "site N/M pages", Pages: 3, Bytes: 39}, {Text: "Apr", Reason: "short", Pages: 1, Bytes: 3}}
	if !reflect.DeepEqual(d.Fragments, wantFrags) || d.MoreFragments != 0 {
		t.Errorf("fragments %+v (%d more), want %+v", d.Fragments, d.MoreFragments, wantFrags)
	}
	wantClusters := Clusters{Sizes: []SizeCount{{2, 1}, {3, 1}}, Largest: []Cluster{
		{Kept: "b1", Size: 3, Members: []Member{{"b2", 0.9}, {"b3", 1}}}, {Kept: "c1", Size: 2, Members: []Member{{"c2", 0.85}}}}}
	if !reflect.DeepEqual(d.Clusters, wantClusters) {
		t.Errorf("clusters %+v, want %+v", d.Clusters, wantClusters)
	}
	wantPairs := []Pair{{Kept: "c1", Removed: "c2", Similarity: 0.85}, {Kept: "b1", Removed: "b2", Similarity: 0.9},
		{Kept: "b1", Removed: "b3", Similarity: 1, Reason: "identical text"}}
	if !reflect.DeepEqual(d.Pairs, wantPairs) || d.MorePairs != 0 {
		t.Errorf("pairs %+v (%d more), want %+v", d.Pairs, d.MorePairs, wantPairs)
	}
	h := d.NearDup.Histogram
	if h.Of != "removed near-duplicates" || h.Total() != 3 || h.Counts[85] != 1 || h.Counts[90] != 1 || h.Counts[99] != 1 {
		t.Errorf("histogram %q with %d pairs, want the 3 removed near-duplicates", h.Of, h.Total())
	}
	if len(d.Notes) != 2 {
		t.Errorf("notes %q, want 2 (from a log; no sites)", d.Notes)
	}
	if got, want := d.TextIDs(), []string{"b1", "b2", "b3", "c1", "c2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("TextIDs() = %q, want %q", got, want)
	}
	d.FillTexts(func(id string) (string, bool) { return "text of " + id, id != "c1" })
	if p := d.Pairs[0]; p.KeptText != "" || p.RemovedText != "text of c2" {
		t.Errorf("after FillTexts, pair %+v", p)
	}
	if got, want := d.TextIDs(), []string{"c1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("after FillTexts, TextIDs() = %q, want %q", got, want)
	}
}

// TestCollectorSites checks the per-site counts with Input and a site on
// each record.
func TestCollectorSites(t *testing.T) {
	c := NewCollector(Limits{})
	for i := range 10 {
		c.Input("a.example", 100)
		c.Input("b.example", 50+i)
	}
	c.Input("c.example", 10)
	for i := range 4 {
		id := fmt.Sprint("a", i)
		c.Remove(&Removal{ID: id, What: "paragraph", Why: "boilerplate", Reason: "site 4/10 pages", Site: "a.example", Text: "Menu Home"})
		c.Remove(&Removal{ID: id, What: "paragraph", Why: "boilerplate", Reason: "short", Site: "a.example", Text: "Apr"})
	}
	c.Remove(&Removal{ID: "b9", What: "document", Why: "near-duplicate", Site: "b.example", Kept: "b0", Similarity: 0.9, Size: 59})
	c.Candidate(0.9)
	c.Candidate(0.5)
	d := c.Data()
	want := []Site{
		{Name: "b.example", Pages: 10, Bytes: 545, PagesAffected: 1, DocsRemoved: 1, BytesRemoved: 59},
		{Name: "a.example", Pages: 10, Bytes: 1000, PagesAffected: 4, BytesRemoved: 48, Fragments: 2},
		{Name: "c.example", Pages: 1, Bytes: 10},
	}
	if !reflect.DeepEqual(d.Sites, want) {
		t.Errorf("sites:\n got %+v\nwant %+v", d.Sites, want)
	}
	if want := (Totals{DocsIn: 21, DocsOut: 20, BytesIn: 1555, BytesOut: 1555 - 48 - 59}); d.Totals != want {
		t.Errorf("totals %+v, want %+v", d.Totals, want)
	}
	if h := d.NearDup.Histogram; h.Of != "verified candidate pairs" || h.Total() != 2 {
		t.Errorf("histogram of %q, %d pairs; want the 2 candidates", h.Of, h.Total())
	}
	if len(d.Notes) != 0 {
		t.Errorf("notes %q, want none", d.Notes)
	}
	if d.Fragments[0].Site != "a.example" || d.Fragments[0].Pages != 4 {
		t.Errorf("first fragment %+v, want a.example's on 4 pages", d.Fragments[0])
	}
}

func TestReadLogErrors(t *testing.T) {
	for _, c := range []struct {
		log, want string
		line      int
	}{
		{`{"id":"a","what":"document","why":"empty"}` + "\n" + `{"id":"b","what":`, "line 2: unexpected end of JSON input", 2},
		{"\n\n" + `{"what":"document","why":"empty"}`, `line 3: missing field "id"`, 3},
		{`{"id":"a","what":"page","why":"empty"}`, `line 1: field "what" is "page"`, 1},
		{`{"id":"a","what":"document"}`, `line 1: missing field "why"`, 1},
		{`{"id":"a","what":"document","why":"near-duplicate","similarity":1.5}`, `line 1: field "similarity" is 1.5`, 1},
		{`[1,2]`, "line 1: json: cannot unmarshal array", 1},
	} {
		_, err := FromLog(strings.NewReader(c.log))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("FromLog(%q) = %v, want an error with %q", c.log, err, c.want)
		}
		var le *LogError
		if !errors.As(err, &le) || le.Line != c.line {
			t.Errorf("FromLog(%q) = %#v, want a *LogError of line %d", c.log, err, c.line)
		}
	}
}

// A line over Limits.LineBytes is a *LogError naming it, and is not read
// into memory whole; one of exactly LineBytes is read.
func TestReadLogLineLimit(t *testing.T) {
	rec := `{"id":"a","what":"document","why":"empty"}` + "\n"
	long := `{"id":"b","what":"paragraph","why":"boilerplate","text":"` + strings.Repeat("x", 200) + `"}` + "\n"
	c := NewCollector(Limits{LineBytes: len(rec)})
	if err := c.ReadLog(strings.NewReader(rec + rec)); err != nil {
		t.Fatalf("lines of exactly LineBytes: %v", err)
	}
	c = NewCollector(Limits{LineBytes: len(rec)})
	err := c.ReadLog(io.MultiReader(strings.NewReader(rec+long), notLog()))
	var le *LogError
	if !errors.As(err, &le) || le.Line != 2 || !strings.Contains(err.Error(), "line 2: line too long: more than 43 bytes") {
		t.Fatalf("ReadLog of a long line: %v, want a *LogError of line 2", err)
	}
	// not read whole: the bufio.Reader's buffer, and no more, past the limit
	var n countReader
	n.r = io.MultiReader(strings.NewReader(rec), notLog())
	lr := &logReader{lines: logLines{br: bufio.NewReaderSize(&n, 4096), max: len(rec)}}
	if err := lr.next(); err != nil || !lr.ok {
		t.Fatalf("logReader's first line: %v", err)
	}
	if err := lr.next(); !errors.As(err, &le) || le.Line != 2 {
		t.Fatalf("logReader's long line: %v, want a *LogError of line 2", err)
	}
	if n.n > 3*4096 {
		t.Errorf("%d bytes read for lines of at most %d", n.n, len(rec))
	}
	// no limit, and the limit of a run's records
	c = NewCollector(Limits{LineBytes: -1})
	if err := c.ReadLog(strings.NewReader(rec + long)); err != nil {
		t.Errorf("no limit: %v", err)
	}
	if got := LineBytesFor(64 << 20); got != 6*64<<20+1<<20 || got > DefaultLineBytes || LineBytesFor(0) != got {
		t.Errorf("LineBytesFor(64 MiB) = %d, want 6 times and 1 MiB, under DefaultLineBytes, and the same for 0", got)
	}
	if LineBytesFor(-1) != -1 || LineBytesFor(math.MaxInt) != -1 {
		t.Error("LineBytesFor of no limit, or of one too large to multiply, is not -1")
	}
}

// countReader counts the bytes read from r.
type countReader struct {
	r io.Reader
	n int
}

func (c *countReader) Read(p []byte) (int, error) {
	k, err := c.r.Read(p)
	c.n += k
	return k, err
}

// notLog returns a reader of 16 MB of x without a line break: a file
// that is not a log.
func notLog() io.Reader {
	return io.LimitReader(xs{}, 16<<20)
}

type xs struct{}

func (xs) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

func TestReadLogLongLine(t *testing.T) {
	text := strings.Repeat("long paragraph ", 100_000)
	log := fmt.Sprintf(`{"id":"a","what":"paragraph","why":"boilerplate","text":%q}`, text)
	d, err := FromLog(strings.NewReader(log)) // no final newline
	if err != nil {
		t.Fatal(err)
	}
	if d.Steps[0].Bytes != int64(len(text)) {
		t.Errorf("bytes %d, want %d", d.Steps[0].Bytes, len(text))
	}
	if n := len(d.Fragments[0].Text); n > 240 {
		t.Errorf("fragment text of %d bytes kept, want at most 240", n)
	}
}

func TestClusterChains(t *testing.T) {
	c := NewCollector(Limits{})
	nd := func(id, kept string) {
		c.Remove(&Removal{ID: id, What: "document", Why: "near-duplicate", Kept: kept, Similarity: 0.9})
	}
	nd("b", "a")
	nd("c", "b") // b was removed for a: c joins a's cluster
	nd("a", "z") // a kept b and c, then was removed for z: one cluster z
	nd("z", "c") // would close a cycle: ignored
	nd("c", "q") // c was already removed: ignored
	nd("y", "x")
	got := c.Data().Clusters
	want := Clusters{Sizes: []SizeCount{{2, 1}, {4, 1}}, Largest: []Cluster{
		{Kept: "z", Size: 4, Members: []Member{{"a", 0.9}, {"b", 0.9}, {"c", 0.9}}},
		{Kept: "x", Size: 2, Members: []Member{{"y", 0.9}}}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("clusters:\n got %+v\nwant %+v", got, want)
	}
}

// TestPairSample checks that the sample depends on the set of pairs, not on
// their order, and spreads over the similarity range.
func TestPairSample(t *testing.T) {
	var pairs []Pair
	for i := range 1000 {
		pairs = append(pairs, Pair{Kept: fmt.Sprint("k", i), Removed: fmt.Sprint("r", i), Similarity: 0.5 + float64(i%51)/100})
	}
	sample := func(ps []Pair) ([]Pair, int64) {
		s := pairSampler{k: 10}
		for _, p := range ps {
			s.add(p)
		}
		return s.result()
	}
	a, more := sample(pairs)
	r := rand.New(rand.NewPCG(3, 4))
	r.Shuffle(len(pairs), func(i, j int) { pairs[i], pairs[j] = pairs[j], pairs[i] })
	b, _ := sample(pairs)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("the sample depends on the order of the pairs:\n%+v\n%+v", a, b)
	}
	if len(a) != 10 || more != 990 {
		t.Fatalf("%d pairs sampled, %d more; want 10 and 990", len(a), more)
	}
	strata := map[int]int{}
	for _, p := range a {
		strata[stratum(p.Similarity)]++
	}
	// Pairs fill strata 5 to 9 and 10 (identical): 10 pairs over 6 strata.
	if len(strata) != 6 || strata[10] != 1 {
		t.Errorf("sample strata %v, want all 6 filled, one identical pair", strata)
	}
}

// TestFragCounterPruning checks lossy counting with a small bucket: the
// frequent fragments are kept, with counts short by at most N/w.
func TestFragCounterPruning(t *testing.T) {
	fc := newFragCounter()
	fc.w = 50
	page := 0
	for i := range 2000 {
		page++
		fc.add(&Removal{ID: fmt.Sprint(page), Text: fmt.Sprint("unique ", i)}, "", 240)
		if i%4 == 0 {
			fc.add(&Removal{ID: fmt.Sprint(page), Text: "Menu"}, "", 240)
		}
		if i%10 == 0 {
			fc.add(&Removal{ID: fmt.Sprint(page), Text: "Footer"}, "", 240)
		}
	}
	fs, more := fc.result(2)
	bound := fc.n / fc.w
	if len(fs) != 2 || fs[0].Text != "Menu" || fs[1].Text != "Footer" {
		t.Fatalf("top fragments %+v, want Menu and Footer", fs)
	}
	if fs[0].Pages > 500 || fs[0].Pages < 500-bound || fs[1].Pages > 200 || fs[1].Pages < 200-bound {
		t.Errorf("counts %d and %d, want 500 and 200 less at most %d", fs[0].Pages, fs[1].Pages, bound)
	}
	if more != 2000 {
		t.Errorf("%d more fragments, want 2000", more)
	}
	if len(fc.entries) > 4*int(fc.w) {
		t.Errorf("%d entries tracked, want O(w) = O(%d)", len(fc.entries), fc.w)
	}
}

func TestReasonName(t *testing.T) {
	for _, c := range [][3]string{
		{"boilerplate", "site 12/40 pages", "site N/M pages"},
		{"boilerplate", "on 3 other sites", "on N other sites"},
		{"boilerplate", "a 1 b 2 c 3 d 4", "a N b M c K d K"},
		{"near-duplicate", "", "similar text"},
		{"repeat", "", "similar paragraph"},
		{"boilerplate", "", "unspecified"},
	} {
		if got := reasonName(c[0], c[1]); got != c[2] {
			t.Errorf("reasonName(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}

// TestFromLogLines: a line cut out of a kept paragraph (what "line", the
// sign-offs of issue 11) counts as part of a document, like a paragraph;
// the browser test's run on the boiler pages failed on it before.
func TestFromLogLines(t *testing.T) {
	const log = `{"id":"r1","what":"line","why":"boilerplate","paragraph":2,"line_index":1,"reason":"site 5/9 pages","text":"Reuter"}
{"id":"r2","what":"line","why":"boilerplate","paragraph":4,"line_index":3,"reason":"site 5/9 pages","text":"Reuter"}
`
	d, err := FromLog(strings.NewReader(log))
	if err != nil {
		t.Fatal(err)
	}
	want := []Step{{Name: "boilerplate", Paragraphs: 2, Bytes: 12, Reasons: []Reason{{Name: "site N/M pages", Paragraphs: 2, Bytes: 12}}}}
	if !reflect.DeepEqual(d.Steps, want) {
		t.Errorf("steps:\n got %+v\nwant %+v", d.Steps, want)
	}
	if len(d.Fragments) != 1 || d.Fragments[0].Text != "Reuter" || d.Fragments[0].Pages != 2 {
		t.Errorf("fragments %+v, want Reuter on 2 pages", d.Fragments)
	}
	if len(d.Sites) != 1 || d.Sites[0].DocsRemoved != 0 || d.Sites[0].PagesAffected != 2 {
		t.Errorf("sites %+v, want 2 pages affected, none removed", d.Sites)
	}
}
