package gen

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zeebo/xxh3"

	"github.com/neardup/dedupe/bench/internal/rng"
	"github.com/neardup/dedupe/shingle"
)

// The -update flag rewrites golden files. Other test files of this package
// may define it too, so it is defined here only when nobody has.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files under testdata/")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func TestDocDeterministic(t *testing.T) {
	g1, g2 := New(Options{Seed: 1}), New(Options{Seed: 1})
	for i := range 4 {
		require.Equal(t, g1.Doc(i), g2.Doc(i), "Doc(%d) with the same seed", i)
	}
	assert.NotEqual(t, g1.Doc(0), g1.Doc(1), "Doc(0) and Doc(1)")
	assert.NotEqual(t, g1.Doc(0), New(Options{Seed: 2}).Doc(0), "seeds 1 and 2")

	prefix := []byte("prefix ")
	got := g1.AppendDoc(bytes.Clone(prefix), 3)
	assert.Equal(t, append(bytes.Clone(prefix), g1.Doc(3)...), got, "AppendDoc appends Doc")
}

func TestDocSize(t *testing.T) {
	tests := []struct {
		opts           Options
		minLen, maxLen int // in bytes, when opts.DocWords == 0
	}{
		{Options{}, 3072, 3072 + 40},
		{Options{DocBytes: 1}, 1, 40},
		{Options{DocBytes: 100}, 100, 140},
		{Options{DocBytes: 50000, Seed: 7}, 50000, 50040},
		{Options{DocWords: 1}, 0, 0},
		{Options{DocWords: 5}, 0, 0},
		{Options{DocWords: 700, DocBytes: 10}, 0, 0},
	}
	for _, tt := range tests {
		g := New(tt.opts)
		for i := range 8 {
			d := g.Doc(i)
			if tt.opts.DocWords > 0 {
				if n := len(bytes.Fields(d)); n != tt.opts.DocWords {
					t.Errorf("%+v: Doc(%d) has %d words, want %d", tt.opts, i, n, tt.opts.DocWords)
				}
				continue
			}
			if len(d) < tt.minLen || len(d) > tt.maxLen {
				t.Errorf("%+v: len(Doc(%d)) = %d, want in [%d, %d]", tt.opts, i, len(d), tt.minLen, tt.maxLen)
			}
		}
	}
}

func TestDocShape(t *testing.T) {
	g := New(Options{Seed: 3, DocBytes: 20000})
	d := g.Doc(0)
	for i, c := range d {
		if c >= 0x80 || (c < 0x20 && c != '\n') {
			t.Fatalf("byte %d is %q, want printable ASCII or newline", i, c)
		}
	}
	paras := strings.Split(string(d), "\n\n")
	assert.Greater(t, len(paras), 5, "paragraphs")
	for i, p := range paras {
		require.NotEmpty(t, p, "paragraph %d", i)
		assert.NotContains(t, p, "\n", "paragraph %d is one line", i)
		assert.True(t, unicode.IsUpper(rune(p[0])) || unicode.IsDigit(rune(p[0])), "paragraph %d starts with %q", i, p[0])
		assert.Contains(t, ".?!", p[len(p)-1:], "paragraph %d ends with %q", i, p[len(p)-1])
	}
	// English-like: the most frequent token is "the", about 6 to 12 per cent
	// of the tokens, and the mean word is 3 to 7 bytes long.
	counts := map[string]int{}
	toks := strings.Fields(strings.ToLower(string(d)))
	letters := 0
	for _, tok := range toks {
		w := strings.TrimRight(tok, ".,?!")
		counts[w]++
		letters += len(w)
	}
	top, topN := "", 0
	for w, n := range counts {
		if n > topN || (n == topN && w < top) {
			top, topN = w, n
		}
	}
	assert.Equal(t, "the", top, "most frequent word")
	frac := float64(topN) / float64(len(toks))
	assert.InDelta(t, 0.09, frac, 0.03, "share of %q", top)
	mean := float64(letters) / float64(len(toks))
	assert.InDelta(t, 5, mean, 2, "mean word length")
}

// TestZipf checks the alias sampler against the exact Zipf probabilities of
// the first ranks.
func TestZipf(t *testing.T) {
	const n, draws = 1000, 2_000_000
	a := newZipfAlias(n)
	r := rng.New(1, 99, 0)
	counts := make([]int, n)
	for range draws {
		counts[a.sample(&r)]++
	}
	h := 0.0
	for i := range n {
		h += 1 / float64(i+1)
	}
	for _, rank := range []int{0, 1, 2, 9, 99, 999} {
		want := draws / float64(rank+1) / h
		sd := math.Sqrt(want)
		if got := float64(counts[rank]); math.Abs(got-want) > 5*sd {
			t.Errorf("rank %d drawn %v times, want %.0f ± %.0f", rank, got, want, 5*sd)
		}
	}
}

func TestNearCopy(t *testing.T) {
	g := New(Options{Seed: 5})
	d := g.Doc(0)
	assert.Equal(t, d, g.NearCopy(d, Edits{}), "rate 0 copies a generated document unchanged")
	assert.Equal(t, g.NearCopy(d, Edits{Rate: 0.1, Moves: 2, Variant: 4}),
		g.NearCopy(d, Edits{Rate: 0.1, Moves: 2, Variant: 4}), "deterministic")
	assert.NotEqual(t, g.NearCopy(d, Edits{Rate: 0.1, Variant: 1}),
		g.NearCopy(d, Edits{Rate: 0.1, Variant: 2}), "variants differ")

	// Moves only reorder paragraphs.
	moved := g.NearCopy(d, Edits{Moves: 3})
	want := strings.Split(string(d), "\n\n")
	got := strings.Split(string(moved), "\n\n")
	assert.NotEqual(t, want, got, "3 moves change the order")
	slices.Sort(want)
	slices.Sort(got)
	assert.Equal(t, want, got, "moves keep the paragraphs")

	// The similarity falls as the rate grows.
	var x exactJaccard
	x.setA(d)
	prev := 1.0
	for _, rate := range []float64{0.01, 0.05, 0.1, 0.2, 0.4, 1} {
		j := x.with(g.NearCopy(d, Edits{Rate: rate}))
		if j > prev {
			t.Errorf("rate %v: Jaccard %v > %v at a lower rate", rate, j, prev)
		}
		prev = j
	}
	assert.Less(t, prev, 0.01, "Jaccard at rate 1")

	// Any text, even odd white space and no words, is fine.
	for _, in := range []string{"", " \n\n ", "one", "A, b.\n\n\n  c d\te\n\nf"} {
		_ = g.NearCopy([]byte(in), Edits{Rate: 0.5, Moves: 2})
	}
}

// naiveJaccard is the truth definition written plainly: string shingles.
func naiveJaccard(a, b []byte) float64 {
	set := func(text []byte) map[string]bool {
		toks := strings.Fields(strings.ToLower(string(text)))
		s := map[string]bool{}
		if len(toks) > 0 && len(toks) < 5 {
			s[strings.Join(toks, " ")] = true
		}
		for i := 0; i+5 <= len(toks); i++ {
			s[strings.Join(toks[i:i+5], " ")] = true
		}
		return s
	}
	sa, sb := set(a), set(b)
	inter := 0
	for s := range sa {
		if sb[s] {
			inter++
		}
	}
	union := len(sa) + len(sb) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

func TestExactJaccard(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"", "", 0},
		{"a", "", 0},
		{"a b", "A  B", 1},
		{"a b", "a b c", 0},
		{"a b c d e f", "a b c d e g", 1.0 / 3},
		{"a b c d e", "x a b c d e", 1.0 / 2},
		{"Hello, world.", "hello, world.", 1},
	}
	for _, tt := range tests {
		var x exactJaccard
		x.setA([]byte(tt.a))
		if got := x.with([]byte(tt.b)); got != tt.want {
			t.Errorf("exactJaccard(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := naiveJaccard([]byte(tt.a), []byte(tt.b)); got != tt.want {
			t.Errorf("naiveJaccard(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestPairs(t *testing.T) {
	g := New(Options{Seed: 11})
	targets := []float64{0, 0.2, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1}
	pairs := g.Pairs(2*len(targets), targets...)
	require.Len(t, pairs, 2*len(targets))
	for i, p := range pairs {
		want := targets[i%len(targets)]
		assert.Equal(t, want, p.Target)
		assert.Equal(t, naiveJaccard(p.A, p.B), p.Jaccard, "pair %d: Jaccard is exact", i)
		tol := 0.015
		if want == 0 {
			tol = 0.01
		}
		assert.InDelta(t, want, p.Jaccard, tol, "pair %d (target %v)", i, want)
	}
	assert.Equal(t, pairs, New(Options{Seed: 11}).Pairs(2*len(targets), targets...), "deterministic")
	assert.NotEqual(t, pairs[1].A, pairs[2].A, "pairs have different documents")
	assert.Nil(t, g.Pairs(3), "no targets")

	// Short documents cannot hit every target, but the value is exact.
	short := New(Options{DocWords: 12}).Pairs(4, 0.5)
	for i, p := range short {
		assert.Equal(t, naiveJaccard(p.A, p.B), p.Jaccard, "short pair %d", i)
	}
}

func TestPage(t *testing.T) {
	g := New(Options{Seed: 2, DocBytes: 500})
	p1, p2, q := g.Page(4, 1), g.Page(4, 2), g.Page(5, 1)
	assert.Equal(t, "https://site4.example/p/1", p1.URL)
	assert.Equal(t, p1, g.Page(4, 1), "deterministic")
	body := p1.Text[p1.BodyStart:p1.BodyEnd]
	assert.GreaterOrEqual(t, len(body), 500)
	assert.NotContains(t, string(p1.Text[:p1.BodyStart]), string(p2.Text[p2.BodyStart:p2.BodyEnd]))

	// Boilerplate: the same lines on pages of one site, up to digits.
	boiler := func(p Page) []string {
		s := string(p.Text[:p.BodyStart]) + string(p.Text[p.BodyEnd:])
		s = strings.Map(func(r rune) rune {
			if unicode.IsDigit(r) {
				return '0'
			}
			return r
		}, s)
		return strings.Fields(strings.Join(strings.FieldsFunc(s, unicode.IsDigit), " "))
	}
	var months string
	for _, m := range []string{"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"} {
		months += m + " "
	}
	strip := func(ws []string) []string {
		return slices.DeleteFunc(ws, func(w string) bool { return strings.Contains(months, w+" ") })
	}
	assert.Equal(t, strip(boiler(p1)), strip(boiler(p2)), "boilerplate of one site")
	assert.NotEqual(t, strip(boiler(p1)), strip(boiler(q)), "boilerplate of two sites")
	assert.True(t, bytes.HasPrefix(p1.Text, []byte("Home | ")), "navigation line first")
}

type record struct {
	ID    string `json:"id"`
	Text  string `json:"text"`
	URL   string `json:"url"`
	DupOf string `json:"dup_of"`
}

func readRecords(t *testing.T, data []byte) []record {
	t.Helper()
	var recs []record
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var r record
		require.NoError(t, json.Unmarshal(sc.Bytes(), &r), "line %d", len(recs)+1)
		recs = append(recs, r)
	}
	require.NoError(t, sc.Err())
	return recs
}

func TestWriteJSONL(t *testing.T) {
	g := New(Options{Seed: 9, DocBytes: 600})
	c := Corpus{Docs: 400, DupRate: 0.3, EditRate: 0.02}
	var buf bytes.Buffer
	n, err := g.WriteJSONL(&buf, c)
	require.NoError(t, err)
	assert.Equal(t, int64(buf.Len()), n)
	recs := readRecords(t, buf.Bytes())
	require.Len(t, recs, c.Docs)

	ids := map[string]int{}
	copies, simSum := 0, 0.0
	for i, r := range recs {
		assert.Equal(t, fmt.Sprintf("doc%08d", i), r.ID)
		ids[r.ID] = i
		assert.Empty(t, r.URL)
		if r.DupOf == "" {
			assert.Equal(t, string(g.Doc(i)), r.Text, "record %d is Doc(%d)", i, i)
			continue
		}
		copies++
		j, ok := ids[r.DupOf]
		require.True(t, ok, "record %d: dup_of %q names an earlier record", i, r.DupOf)
		require.Empty(t, recs[j].DupOf, "record %d: dup_of names an original", i)
		sim := naiveJaccard([]byte(recs[j].Text), []byte(r.Text))
		assert.Greater(t, sim, 0.3, "record %d: similarity to its original", i)
		simSum += sim
	}
	assert.InDelta(t, 0.3*float64(c.Docs), copies, 40, "copies")
	// About (1-0.02)^5 of the shingles survive: J = s/(2-s) = 0.82.
	assert.InDelta(t, 0.82, simSum/float64(copies), 0.05, "mean similarity of copies")

	var again bytes.Buffer
	_, err = g.WriteJSONL(&again, c)
	require.NoError(t, err)
	assert.Equal(t, buf.Bytes(), again.Bytes(), "deterministic")

	// Pages carry a url; exact copies repeat the text.
	buf.Reset()
	_, err = g.WriteJSONL(&buf, Corpus{Docs: 50, DupRate: 0.5, Sites: 3})
	require.NoError(t, err)
	recs = readRecords(t, buf.Bytes())
	for i, r := range recs {
		assert.True(t, strings.HasPrefix(r.URL, "https://site"), "record %d url %q", i, r.URL)
		if r.DupOf != "" {
			assert.Equal(t, recs[ids[r.DupOf]].Text, r.Text, "record %d is an exact copy", i)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestWriteJSONLError(t *testing.T) {
	_, err := New(Options{}).WriteJSONL(failWriter{}, Corpus{Docs: 1000})
	assert.ErrorIs(t, err, os.ErrClosed)
}

func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{"", "plain", "a\"b\\c\nd\te\rf\x00g\x1fh", "é ünïcode"} {
		var back string
		require.NoError(t, json.Unmarshal(appendJSONString(nil, s), &back))
		assert.Equal(t, s, back)
	}
}

// TestGolden pins the generator's output: the benchmark figures in the README
// are measured on it, so it must never change silently. Run with -update to
// rewrite testdata/gen.golden after an intended change.
func TestGolden(t *testing.T) {
	g := New(Options{Seed: 42})
	var b strings.Builder
	d := g.Doc(0)
	fmt.Fprintf(&b, "Doc(0) %d bytes %016x\n%s\n\n", len(d), xxh3.Hash(d), d[:200])
	c := g.NearCopy(d, Edits{Rate: 0.1, Moves: 1, Variant: 3})
	fmt.Fprintf(&b, "NearCopy %d bytes %016x\n", len(c), xxh3.Hash(c))
	for _, p := range g.Pairs(3, 0.5, 0.9) {
		fmt.Fprintf(&b, "Pair %.6f %016x %016x\n", p.Jaccard, xxh3.Hash(p.A), xxh3.Hash(p.B))
	}
	p := g.Page(1, 2)
	fmt.Fprintf(&b, "Page %s [%d:%d] %016x\n%s\n", p.URL, p.BodyStart, p.BodyEnd, xxh3.Hash(p.Text), p.Text[:p.BodyStart])
	var buf bytes.Buffer
	_, err := g.WriteJSONL(&buf, Corpus{Docs: 20, DupRate: 0.3, EditRate: 0.05, Sites: 2})
	require.NoError(t, err)
	fmt.Fprintf(&b, "WriteJSONL %d bytes %016x\n", buf.Len(), xxh3.Hash(buf.Bytes()))

	path := filepath.Join("testdata", "gen.golden")
	if updating() {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -run TestGolden -update ./bench/gen/ to create it")
	assert.Equal(t, string(want), b.String())
}

// BenchmarkDoc measures the generator, which the 1 GB corpus benchmarks of
// the CLI depend on.
func BenchmarkDoc(b *testing.B) {
	g := New(Options{Seed: 1})
	var d []byte
	b.SetBytes(int64(len(g.Doc(0))))
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		d = g.AppendDoc(d[:0], i)
	}
}

func BenchmarkWriteJSONL(b *testing.B) {
	g := New(Options{Seed: 1})
	c := Corpus{Docs: 1000, DupRate: 0.2, EditRate: 0.05, Sites: 20}
	n, _ := g.WriteJSONL(io.Discard, c)
	b.SetBytes(n)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := g.WriteJSONL(io.Discard, c); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPairsMatchShingle checks the generator's exact Jaccard against the
// shingle package's Whitespace mode (the truth definition, hashed).
func TestPairsMatchShingle(t *testing.T) {
	g := New(Options{Seed: 21})
	s := shingle.New(shingle.Options{Normalization: shingle.Whitespace})
	for i, p := range g.Pairs(12, 0.3, 0.5, 0.8, 0.95) {
		a := shingle.Set(s.Append(nil, p.A))
		b := shingle.Set(s.Append(nil, p.B))
		if got := shingle.Jaccard(a, b); math.Abs(got-p.Jaccard) > 1e-12 {
			t.Errorf("pair %d: shingle.Jaccard = %v, exact %v", i, got, p.Jaccard)
		}
	}
}
