package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// sampleData is a small report with every section filled, and hostile text
// in every field that comes from a corpus.
func sampleData() *Data {
	h := Histogram{Of: "verified candidate pairs"}
	for i, n := range []int{3, 1, 0, 7, 12, 40, 2} {
		for range n {
			h.Add(0.5 + 0.08*float64(i))
		}
	}
	h.Add(1)
	return &Data{
		Title:   "clean of news.jsonl",
		Created: "2026-01-02 10:00",
		Inputs:  []string{"news.jsonl", "blogs/<b>x</b>.jsonl"},
		Notes:   []string{"A note <i>with markup</i>."},
		Totals:  Totals{DocsIn: 1000, DocsOut: 930, BytesIn: 3_000_000, BytesOut: 2_400_000, Seconds: 1.5},
		Steps: []Step{
			{Name: "repeated paragraphs", Paragraphs: 40, Bytes: 12_000, Seconds: 0.1,
				Reasons: []Reason{{Name: "similar paragraph", Paragraphs: 40, Bytes: 12_000}}},
			{Name: "boilerplate", Paragraphs: 900, Bytes: 400_000, Seconds: 0.6, Reasons: []Reason{
				{Name: "site N/M pages", Paragraphs: 700, Bytes: 350_000},
				{Name: "short <script>", Paragraphs: 200, Bytes: 50_000}}},
			{Name: "near-duplicates", Docs: 70, Bytes: 188_000, Seconds: 0.3, Reasons: []Reason{
				{Name: "identical text", Docs: 20, Bytes: 60_000}, {Name: "similar text", Docs: 50, Bytes: 128_000}}},
		},
		NearDup: NearDup{Threshold: 0.8, Bands: 9, Rows: 13, K: 5, NumPerm: 128, Normalize: "fold", Verify: "exact",
			Candidates: 120, Histogram: h},
		Clusters: Clusters{
			Sizes:   []SizeCount{{2, 50}, {3, 6}, {5, 1}, {30, 1}},
			Largest: []Cluster{{Kept: "doc-7", Size: 30, Members: []Member{{"doc-8", 0.97}, {"<script>alert(1)</script>", 0.91}}, MoreMembers: 27}},
			More:    57,
		},
		Pairs: []Pair{{
			Kept: "doc-7", Removed: "doc-8", Similarity: 0.85,
			KeptText:    "Markets rose on Monday as oil fell.\n\nThe index gained 2 percent.",
			RemovedText: "Markets rose sharply on Monday as oil fell.\n\nThe index gained 3 percent. <script>alert('x')</script>",
		}, {Kept: "a", Removed: "b", Similarity: 1, Reason: "identical text"}},
		MorePairs: 68,
		Sites: []Site{
			{Name: "news.example", Pages: 600, Bytes: 2_000_000, PagesAffected: 590, BytesRemoved: 300_000, Fragments: 12},
			{Name: "blog.example", Pages: 400, Bytes: 1_000_000, PagesAffected: 40, DocsRemoved: 3, BytesRemoved: 100_000, Fragments: 3},
		},
		Fragments: []Fragment{
			{Site: "news.example", Text: "Subscribe to our newsletter", Reason: "site N/M pages", Pages: 580, Bytes: 16_240},
			{Site: "blog.example", Text: "<img src=x onerror=alert(2)> Related posts", Reason: "link list", Pages: 35, Bytes: 1_400},
		},
		MoreFragments: 13,
	}
}

func render(t testing.TB, d *Data) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, d); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestWriteGolden(t *testing.T) {
	got := render(t, sampleData())
	path := filepath.Join("testdata", "sample.html")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("Write(sampleData()) differs from %s (run go test -update after checking the change)", path)
	}
	if again := render(t, sampleData()); again != got {
		t.Error("Write is not deterministic")
	}
}

// TestWriteEscapes checks that text from the corpus is shown as text.
func TestWriteEscapes(t *testing.T) {
	got := render(t, sampleData())
	for _, bad := range []string{"<script>alert", "<img src=x", "<b>x</b>", "<i>with"} {
		if strings.Contains(got, bad) {
			t.Errorf("the page contains %q unescaped", bad)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;", "short &lt;script&gt;"} {
		if !strings.Contains(got, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if n := strings.Count(got, "<script>"); n != 1 {
		t.Errorf("the page has %d <script> elements, want 1 (its own)", n)
	}
}

// TestWriteSelfContained checks that the page loads nothing: no URL in an
// attribute that fetches.
func TestWriteSelfContained(t *testing.T) {
	got := render(t, sampleData())
	fetch := regexp.MustCompile(`(?i)\b(src|href|xlink:href)\s*=\s*"[^"#]`)
	if m := fetch.FindAllString(got, -1); len(m) > 0 {
		t.Errorf("the page refers to outside resources: %q", m)
	}
	for _, s := range []string{"@import", "url(", "http://", "https://"} {
		if strings.Contains(got, s) {
			t.Errorf("the page contains %q", s)
		}
	}
}

func TestWriteSections(t *testing.T) {
	got := render(t, sampleData())
	for _, want := range []string{
		`id="summary"`, `id="scurve"`, `id="histogram"`, `id="sizes"`, `id="largest"`, `class="pair"`,
		`id="site-table"`, `id="fragment-table"`,
		`<mark class="ins">sharply</mark>`, `<mark class="del">2</mark>`, `<mark class="ins">3</mark>`,
		"68 more pairs not shown", "57 more clusters not shown", "27 more members not shown", "13 more fragments not shown",
		"3.0 MB → 2.4 MB", "1,000 → 930", "9 bands × 13 rows",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	// One bar per non-empty bucket: 7 similarities in 6 non-empty buckets, and 1.
	if n := strings.Count(got, `<rect class="bar"`); n != 7+4 {
		t.Errorf("%d bars, want 7 in the histogram and 4 in the cluster sizes", n)
	}
}

func TestWriteEmpty(t *testing.T) {
	for _, d := range []*Data{nil, {}} {
		got := render(t, d)
		for _, want := range []string{"Nothing was removed.", "No near-duplicates were removed.", "No sites."} {
			if !strings.Contains(got, want) {
				t.Errorf("empty report lacks %q", want)
			}
		}
	}
}

// hugeData fills every list beyond the limits, with long texts made of the
// characters that escaping makes longest, and pairs whose every other word
// differs (the most highlights).
func hugeData() *Data {
	d := sampleData()
	long := strings.Repeat(`"'+<>&`, 2_000) // 12 kB, beyond every budget
	d.Title, d.Created = long, long
	for range 100 {
		d.Inputs = append(d.Inputs, long)
		d.Notes = append(d.Notes, long)
	}
	kept, removed := strings.Repeat("& + ", 2_000), strings.Repeat("< + ", 2_000)
	d.Pairs = nil
	for range 10_000 {
		d.Pairs = append(d.Pairs, Pair{Kept: long, Removed: long, Reason: long,
			Similarity: 0.9, KeptText: kept, RemovedText: removed})
	}
	d.Sites, d.Fragments, d.Clusters.Largest = nil, nil, nil
	d.MorePairs, d.MoreFragments, d.Clusters.More = 0, 0, 0
	for range 2000 {
		d.Sites = append(d.Sites, Site{Name: long, Pages: 1 << 40, Bytes: 1 << 50,
			PagesAffected: 1 << 40, DocsRemoved: 1 << 40, BytesRemoved: 1 << 50, Fragments: 1 << 40})
		d.Fragments = append(d.Fragments, Fragment{Site: long, Text: long, Reason: long, Pages: 1 << 40, Bytes: 1 << 50})
	}
	for range 100 {
		c := Cluster{Kept: long, Size: 1001, MoreMembers: 1}
		for range 1000 {
			c.Members = append(c.Members, Member{ID: long, Similarity: 0.123456789})
		}
		d.Clusters.Largest = append(d.Clusters.Largest, c)
	}
	for i := range 100_000 {
		d.Clusters.Sizes = append(d.Clusters.Sizes, SizeCount{Size: int64(i + 2), Count: 1})
	}
	d.NearDup.Histogram.Counts = make([]int64, 100_000)
	for i := range d.NearDup.Histogram.Counts {
		d.NearDup.Histogram.Counts[i] = int64(i) << 30
	}
	d.Steps = nil
	for range 100 {
		s := Step{Name: long, Note: long, Docs: 1 << 40, Paragraphs: 1 << 40, Bytes: 1 << 50, Seconds: 1e6}
		for range 1000 {
			s.Reasons = append(s.Reasons, Reason{Name: long, Docs: 1 << 40, Paragraphs: 1 << 40, Bytes: 1 << 50})
		}
		d.Steps = append(d.Steps, s)
	}
	return d
}

// maxPage is the documented bound on the size of a page.
const maxPage = 2_000_000

func TestWriteBounds(t *testing.T) {
	d := hugeData()
	start := time.Now()
	got := render(t, d)
	t.Logf("huge Data: %d bytes of HTML in %v", len(got), time.Since(start))
	if len(got) > maxPage {
		t.Errorf("the page has %d bytes, more than %d", len(got), maxPage)
	}
	for _, want := range []string{"9,950 more pairs not shown", "1,500 more sites not shown", "1,500 more fragments not shown",
		"80 more clusters not shown", "981 more members not shown", "970 more reasons not shown",
		"90 more steps not shown"} {
		if !strings.Contains(got, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if n := strings.Count(got, "<tr"); n > 1500 {
		t.Errorf("%d table rows, want at most 1,500", n)
	}
	if n := strings.Count(got, `<rect class="bar"`); n > maxBuckets+len(sizeBins) {
		t.Errorf("%d bars, want at most %d", n, maxBuckets+len(sizeBins))
	}
}

func BenchmarkWriteHuge(b *testing.B) {
	d := hugeData()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Write(&buf, d); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

// TestDataJSON checks that a Data saved as JSON reads back the same.
func TestDataJSON(t *testing.T) {
	d := sampleData()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var back Data
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&back, d) {
		t.Errorf("JSON round trip changed the Data:\n got %+v\nwant %+v", back, *d)
	}
	if render(t, &back) != render(t, d) {
		t.Error("the Data read back renders differently")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteError(t *testing.T) {
	if err := Write(failWriter{}, sampleData()); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Write to a failing writer = %v, want its error", err)
	}
}
