package dedupe

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/neardup/dedupe/boiler"
	"github.com/neardup/dedupe/records"
	"github.com/neardup/dedupe/shingle"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestDeterminism checks that the output of every combination of steps does
// not depend on the number of workers, with batches of 3 documents finished
// out of order by the workers.
func TestDeterminism(t *testing.T) {
	src := demoFiles(t)
	for _, o := range []Options{{}, {NoBoiler: true}, {NoDedup: true, NoRepeats: true}, {Verify: Estimate}} {
		var outs [][]byte
		for _, j := range []int{1, 4} {
			o.Workers, o.batchDocs = j, 3
			out, log, _ := cleanFile(t, src, o)
			outs = append(outs, append(out, log...))
		}
		require.Equal(t, string(outs[0]), string(outs[1]), "%+v: 1 worker differs from 4", o)
	}
	for _, j := range []int{1, 4} {
		f, err := Find(context.Background(), src, Options{Workers: j, batchDocs: 3})
		require.NoError(t, err)
		f1, err := Find(context.Background(), src, Options{Workers: 1})
		require.NoError(t, err)
		require.Equal(t, f1, f)
	}
}

// TestAccounting checks that every input document is in exactly one of the
// output and the log (as a document or record entry), that paragraph
// entries belong to documents in the output or logged as empty, and that a
// kept document named in the log is in the output, for each combination of
// steps.
func TestAccounting(t *testing.T) {
	t.Run("demo", func(t *testing.T) { testAccounting(t, demoFiles(t)) })
	t.Run("footer copy", func(t *testing.T) { testAccounting(t, footerCopy()) })
}

// TestEstimateDigits: with estimate verification, documents that differ
// only in their figures were removed as copies (similarity 1, "before
// stripping"): the learning pass signs the words of its page analysis,
// whose digit runs are masked, and its near-duplicates were removed
// unverified (review). Near-duplicates are now found on the cleaned text
// in every mode.
func TestEstimateDigits(t *testing.T) {
	docs := records.Slice{
		&records.Record{ID: "a", Text: []byte("The population of the town was 12345 in 1990 and 23456 in 2000 according to the census.")},
		&records.Record{ID: "b", Text: []byte("The population of the town was 99812 in 1950 and 77111 in 1960 according to the census.")},
	}
	for _, v := range []Verify{Exact, Estimate} {
		out, _, st := cleanFile(t, docs, Options{Verify: v})
		require.Equal(t, []string{"a", "b"}, outputIDs(t, out), "verify %v", v)
		require.Zero(t, st.Duplicates)
	}
}

// footerCopy is a corpus where a page of one site is only that site's
// footer (x, emptied by boilerplate removal) and a page of another site
// has the same text (y, content there). With estimate verification y was
// removed as a near-duplicate of x "before stripping", and neither was
// in the output.
func footerCopy() records.Slice {
	rng := rand.New(rand.NewPCG(3, 4))
	para := func(n int) string { // words of letters: digits would be masked
		w := make([]string, n)
		for i := range w {
			b := make([]byte, 3+rng.IntN(6))
			for j := range b {
				b[j] = byte('a' + rng.IntN(26))
			}
			w[i] = string(b)
		}
		return strings.Join(w, " ") + "."
	}
	footer := para(25) + "\n\n" + para(25) + "\n\n" + para(25)
	var docs records.Slice
	add := func(id, site, text string) {
		docs = append(docs, &records.Record{ID: id, Site: site, Text: []byte(text)})
	}
	for i := range 8 {
		add("g"+strconv.Itoa(i), "gazette.example", para(40)+"\n\n"+para(40)+"\n\n"+footer)
	}
	add("x", "gazette.example", footer)
	add("y", "other.example", footer)
	for i := range 4 {
		add("o"+strconv.Itoa(i), "other.example", para(40)+"\n\n"+para(40))
	}
	return docs
}

func testAccounting(t *testing.T, src records.Source) {
	var inIDs []string
	require.NoError(t, src.Each(func(r *records.Record) error {
		require.NoError(t, r.Decode())
		inIDs = append(inIDs, r.ID)
		return nil
	}))
	for _, o := range []Options{{}, {NoBoiler: true}, {NoDedup: true}, {NoRepeats: true}, {Verify: Estimate}, {NoBoiler: true, NoDedup: true, NoRepeats: true}} {
		out, log, st := cleanFile(t, src, o)
		seen := map[string]int{}
		for _, id := range outputIDs(t, out) {
			seen[id]++
		}
		inOut := map[string]bool{}
		for id := range seen {
			inOut[id] = true
		}
		lrs := parseLog(t, log)
		emptied := map[string]bool{}
		for _, r := range lrs {
			if r.Why == WhyEmpty {
				emptied[r.ID] = true
			}
		}
		for _, r := range lrs {
			switch r.What {
			case WhatDocument, WhatRecord:
				seen[r.ID]++
				if r.Why == WhyNearDuplicate {
					require.True(t, inOut[r.Kept], "%+v: %s removed for %s, which is not in the output", o, r.ID, r.Kept)
				}
			case WhatParagraph:
				require.True(t, inOut[r.ID] || emptied[r.ID], "%+v: paragraph record of %s, which is neither in the output nor empty", o, r.ID)
			default:
				t.Fatalf("%+v: log record with what=%q", o, r.What)
			}
		}
		for _, id := range inIDs {
			require.Equal(t, 1, seen[id], "%+v: %s in output and log", o, id)
		}
		require.Len(t, seen, len(inIDs))
		require.Equal(t, int64(len(inIDs)), st.DocsIn)
		require.Equal(t, int64(len(outputIDs(t, out))), st.DocsOut)
	}
}

func TestLogRecordJSON(t *testing.T) {
	for _, r := range []LogRecord{
		{ID: "a", What: WhatDocument, Why: WhyNearDuplicate, Similarity: 0.91234, Estimate: 0.9, HasEstimate: true, Kept: "b", Paragraph: -1, KeptParagraph: -1},
		{ID: "c\"é", What: WhatParagraph, Why: WhyRepeat, Similarity: 1, Paragraph: 3, KeptParagraph: 0, Text: []byte("x\ny")},
		{ID: "d", What: WhatParagraph, Why: WhyBoilerplate, Score: 0, HasScore: true, Reason: "site 3/3 pages", Paragraph: 0, KeptParagraph: -1, Text: []byte{}},
		{ID: "f:2", What: WhatRecord, Why: WhyMalformed, Reason: "invalid JSON", File: "f", Line: 2, Paragraph: -1, KeptParagraph: -1},
	} {
		b := r.AppendJSON(nil)
		require.Contains(t, string(b), `"what":"`+r.What+`","why":"`+r.Why+`"`)
		require.True(t, json.Valid(b), "%s", b)
		var got LogRecord
		require.NoError(t, json.Unmarshal(b, &got))
		r.Similarity = float64(int(r.Similarity*1e4+0.5)) / 1e4
		require.Equal(t, r, got)
		require.Equal(t, string(b), string(got.AppendJSON(nil)))
	}
}

// TestAppendLogs checks that appendLogs, which quotes each document's id
// once for its records, writes what AppendJSON writes record by record.
func TestAppendLogs(t *testing.T) {
	lrs := []LogRecord{
		{ID: "a\"é", What: WhatParagraph, Why: WhyBoilerplate, Paragraph: 0, KeptParagraph: -1, Text: []byte("x")},
		{ID: "a\"é", What: WhatParagraph, Why: WhyRepeat, Paragraph: 2, KeptParagraph: 1, Text: []byte("y")},
		{ID: "b", What: WhatLine, Why: WhyBoilerplate, Paragraph: 3, KeptParagraph: -1, Text: []byte("z")},
		{ID: "a\"é", What: WhatParagraph, Why: WhyBoilerplate, Paragraph: 4, KeptParagraph: -1, Text: []byte("w")},
	}
	var want []byte
	for i := range lrs {
		want = lrs[i].AppendJSON(want)
	}
	require.Equal(t, string(want), string(appendLogs(nil, lrs)))
	require.Nil(t, appendLogs(nil, nil))
}

// TestIndexGolden pins the index file format: an index of the demo corpus
// with a boilerplate model is written, read back, and compared with
// testdata/demo.idx (go test -update rewrites it).
func TestIndexGolden(t *testing.T) {
	ctx := context.Background()
	src := demoFiles(t)
	m, err := Learn(ctx, src, Options{Workers: 1})
	require.NoError(t, err)
	x, err := NewIndex(Options{Threshold: 0.7}, m)
	require.NoError(t, err)
	st, err := x.Add(ctx, src, RunOptions{Model: m})
	require.NoError(t, err)
	require.Equal(t, x.Len(), st.Added)
	var b bytes.Buffer
	_, err = x.WriteTo(&b)
	require.NoError(t, err)
	golden := filepath.Join("testdata", "demo.idx")
	if *update {
		require.NoError(t, os.WriteFile(golden, b.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.True(t, bytes.Equal(want, b.Bytes()), "the index encoding changed (go test -update if intended)")

	var y Index
	_, err = y.ReadFrom(bytes.NewReader(want))
	require.NoError(t, err)
	require.Equal(t, x.Options(), y.Options())
	require.True(t, y.Stripped())
	require.NoError(t, y.Check())
	// Every indexed document finds itself.
	var res []QueryResult
	require.NoError(t, y.Query(ctx, src, RunOptions{Model: m}, func(r QueryResult) error { res = append(res, r); return nil }))
	for _, r := range res {
		if r.Match != "" {
			require.GreaterOrEqual(t, r.Similarity, 0.7)
		}
	}
	require.Error(t, y.Query(ctx, src, RunOptions{}, func(QueryResult) error { return nil }), "no model for a stripped index")
	require.Error(t, y.Query(ctx, src, RunOptions{Model: new(boiler.Model)}, func(QueryResult) error { return nil }), "another model")
}

// TestIndexRepeatedIDs: Add counts the documents whose id an indexed
// document has, from an earlier Add or earlier in the same source, and
// indexes them all the same.
func TestIndexRepeatedIDs(t *testing.T) {
	ctx := context.Background()
	x, err := NewIndex(Options{}, nil)
	require.NoError(t, err)
	src := demoFiles(t)
	st, err := x.Add(ctx, src, RunOptions{})
	require.NoError(t, err)
	require.Positive(t, st.Added)
	require.Zero(t, st.Repeated, "the demo's ids are unique")
	st2, err := x.Add(ctx, src, RunOptions{})
	require.NoError(t, err)
	require.Equal(t, int64(st2.Added), st2.Repeated)
	require.Equal(t, 2*st.Added, x.Len())

	path := filepath.Join(t.TempDir(), "dup.jsonl")
	lines := `{"id":"a","text":"one two three four five six"}` + "\n" +
		`{"id":"b","text":"seven eight nine ten eleven twelve"}` + "\n" +
		`{"id":"a","text":"thirteen fourteen fifteen sixteen seventeen"}` + "\n"
	require.NoError(t, os.WriteFile(path, []byte(lines), 0o644))
	y, err := NewIndex(Options{}, nil)
	require.NoError(t, err)
	st, err = y.Add(ctx, &records.Files{Paths: []string{path}}, RunOptions{})
	require.NoError(t, err)
	require.Equal(t, IndexStats{Added: 3, Repeated: 1}, st)
}

// TestIndexDecode checks that a truncated, corrupted or extended index file
// is rejected, and leaves the receiver unchanged.
func TestIndexDecode(t *testing.T) {
	want, err := os.ReadFile(filepath.Join("testdata", "demo.idx"))
	require.NoError(t, err)
	var y Index
	for _, bad := range [][]byte{
		want[:len(want)-1],
		append(append([]byte(nil), want...), 0),
		append(append([]byte(nil), want...), want...),
		[]byte("DDPIDX\x00\x01" + strings.Repeat("\x00", 100)),
		[]byte("not an index"),
	} {
		_, err := y.ReadFrom(bytes.NewReader(bad))
		require.ErrorIs(t, err, ErrIndexFormat)
		require.Nil(t, y.cfg)
	}
	for i := len(indexMagic); i < indexHeaderLen; i++ {
		c := append([]byte(nil), want...)
		c[i] ^= 0x40
		_, err := y.ReadFrom(bytes.NewReader(c))
		require.ErrorIs(t, err, ErrIndexFormat, "byte %d flipped", i)
	}
}

// TestIdenticalWithoutShingles: documents without any shingle (empty, or
// punctuation only) are never near-duplicates, but identical ones are
// copies, as the command's help says (issue 15: "identical empty or
// punctuation-only documents are not removed as identical").
func TestIdenticalWithoutShingles(t *testing.T) {
	src := corpus([]string{"...", "...", "", "", "!?", "some words to make a shingle or two here"})
	for _, v := range []Verify{Exact, Estimate} {
		out, log, _ := cleanFile(t, src, Options{NoBoiler: true, NoRepeats: true, Verify: v})
		require.Equal(t, []string{"d0", "d2", "d4", "d5"}, outputIDs(t, out), "%v", v)
		lrs := parseLog(t, log)
		require.Len(t, lrs, 2)
		for i, want := range []string{"d0", "d2"} {
			require.Equal(t, want, lrs[i].Kept)
			require.Equal(t, "identical text", lrs[i].Reason)
			require.Equal(t, 1.0, lrs[i].Similarity)
		}
	}
}

// TestDuplicateIDs: with two documents of one id, the log names them by
// FILE:LINE as well (issue 15: "the log then says a document was kept in
// favour of itself").
func TestDuplicateIDs(t *testing.T) {
	text := "The council said on Monday that the new harbour wall would be finished before the winter storms, " +
		"and that the coast road, which has been closed since the spring, will open again to traffic in a week. " +
		"Residents who had asked for a footpath along the wall were told that one would be added next year."
	p := filepath.Join(t.TempDir(), "in.jsonl")
	require.NoError(t, os.WriteFile(p, []byte(`{"id":"a","text":"`+text+`"}`+"\n"+`{"id":"b","text":"Another story altogether, about the library and its new opening hours for the exam season, which start in May and end in June this year."}`+"\n"+
		`{"id":"a","text":"`+text+`"}`+"\n"), 0o644))
	for _, o := range []Options{{}, {NoBoiler: true}, {Verify: Estimate}, {NoBoiler: true, Verify: Estimate}} {
		o.NoRepeats = true
		_, log, st := cleanFile(t, &records.Files{Paths: []string{p}}, o)
		require.Equal(t, int64(1), st.DuplicateIDs, "%+v", o)
		var docs []LogRecord
		for _, r := range parseLog(t, log) {
			if r.What == WhatDocument {
				docs = append(docs, r)
			}
		}
		require.Len(t, docs, 1, "%+v: %s", o, log)
		r := docs[0]
		require.Equal(t, "a", r.ID)
		require.Equal(t, "a", r.Kept)
		require.Equal(t, []any{p, 3, p, 1}, []any{r.File, r.Line, r.KeptFile, r.KeptLine}, "%+v", o)
	}
}

// FuzzIndexDecode checks that decoding any bytes as an index file, with
// its two checksums as given or recomputed (resealIndex, so that the
// values behind them are explored), either fails with ErrIndexFormat,
// leaving the receiver unchanged, or gives an index that passes its
// checks, encodes back to the same bytes, and finds each of its documents
// by its signature.
func FuzzIndexDecode(f *testing.F) {
	if b, err := os.ReadFile(filepath.Join("testdata", "demo.idx")); err == nil {
		f.Add(b, false)
		f.Add(b[:indexHeaderLen+10], false)
		f.Add(moveLSHIDs(f, b, []int{0}, []int{63}), false)
	}
	f.Add([]byte(indexMagic), false)
	x := smallIndex(f, 20)
	good := encodeIndex(f, x)
	f.Add(good, true)
	f.Add(moveLSHIDs(f, good, []int{16, 17, 18, 19}, []int{20, 21, 22, 23}), false)
	f.Add(moveLSHIDs(f, good, []int{16, 17, 18, 19}, []int{40, 41, 42, 43}), true)
	f.Add(noSigsIndex(f, x, good), false)
	f.Fuzz(func(t *testing.T, data []byte, resealed bool) {
		if resealed {
			data = resealIndex(data)
		}
		var x Index
		if _, err := x.ReadFrom(bytes.NewReader(data)); err != nil {
			if !errors.Is(err, ErrIndexFormat) {
				t.Fatalf("error %v does not wrap ErrIndexFormat", err)
			}
			if x.cfg != nil {
				t.Fatal("a failed decode changed the index")
			}
			return
		}
		if err := x.Check(); err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if _, err := x.WriteTo(&b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b.Bytes(), data) {
			t.Fatal("decoded index encodes to other bytes")
		}
		for i := range min(x.Len(), 32) {
			sig, _ := x.idx.AppendSignature(nil, uint32(i))
			if r := x.query(sig, x.Threshold()); r.Match == "" {
				t.Fatalf("document %d does not find itself", i)
			}
		}
	})
}

// TestMark: with Options.Mark every document is written, unchanged, with
// what the steps found; the log is the one written without Mark.
func TestMark(t *testing.T) {
	src := demoFiles(t)
	_, log, st := cleanFile(t, src, Options{})
	out, mlog, mst := cleanFile(t, src, Options{Mark: true})
	require.Equal(t, string(log), string(mlog))
	require.Equal(t, mst.DocsIn, mst.DocsOut, "every document is written")
	require.Equal(t, st.Duplicates, mst.Duplicates)
	var in []*records.Record
	require.NoError(t, src.Each(func(r *records.Record) error {
		require.NoError(t, r.Decode())
		in = append(in, r)
		return nil
	}))
	type marked struct {
		ID                string
		Text              string
		DupOf             string  `json:"dup_of"`
		Similarity        float64 `json:"similarity"`
		Cluster           string  `json:"cluster"`
		Empty             bool    `json:"empty"`
		RemovedParagraphs []struct {
			Paragraph int
			Why       string
		} `json:"removed_paragraphs"`
	}
	lines := bytes.Split(bytes.TrimSpace(out), []byte("\n"))
	require.Len(t, lines, len(in))
	removed := map[string]LogRecord{}
	paras := map[string]int{}
	for _, r := range parseLog(t, log) {
		if r.What == WhatDocument && r.Why == WhyNearDuplicate {
			removed[r.ID] = r
		}
		if r.What == WhatParagraph {
			paras[r.ID]++
		}
	}
	heads := 0
	for i, l := range lines {
		var m marked
		require.NoError(t, json.Unmarshal(l, &m))
		require.Equal(t, in[i].ID, m.ID)
		require.Equal(t, string(in[i].Text), m.Text, "the text is unchanged")
		if r, ok := removed[m.ID]; ok {
			require.Equal(t, r.Kept, m.DupOf)
			require.Equal(t, r.Kept, m.Cluster)
			require.InDelta(t, r.Similarity, m.Similarity, 1e-4)
		} else {
			require.Empty(t, m.DupOf)
			if m.Cluster != "" {
				require.Equal(t, m.ID, m.Cluster)
				heads++
			}
			require.Len(t, m.RemovedParagraphs, paras[m.ID], m.ID)
		}
	}
	require.Positive(t, heads)
	_, err := Clean(context.Background(), src, records.NewWriter(&bytes.Buffer{}, nil), &bytes.Buffer{}, Options{Mark: true, Verify: Estimate})
	require.Error(t, err)
	// A Parquet output cannot add the members: an error, not every
	// document written without its marks.
	pq, err := records.Create(filepath.Join(t.TempDir(), "marked.parquet"), records.OutputOptions{})
	require.NoError(t, err)
	defer pq.Abort()
	_, err = Clean(context.Background(), src, pq, &bytes.Buffer{}, Options{Mark: true})
	require.ErrorContains(t, err, "marking needs an output that can annotate records")

	// Marking a marked corpus gives it again: the new findings replace the
	// members of the same names, rather than being added beside them.
	again := filepath.Join(t.TempDir(), "marked.jsonl")
	require.NoError(t, os.WriteFile(again, out, 0o644))
	out2, _, _ := cleanFile(t, &records.Files{Paths: []string{again}}, Options{Mark: true})
	require.Equal(t, string(out), string(out2))
}

// TestMarkNoDedup: marking without the near-duplicate step writes every
// document, unchanged, with its findings (it was written cleaned, without
// marks), and the log written without Mark.
func TestMarkNoDedup(t *testing.T) {
	src := demoFiles(t)
	var in []*records.Record
	require.NoError(t, src.Each(func(r *records.Record) error {
		require.NoError(t, r.Decode())
		in = append(in, r)
		return nil
	}))
	_, log, st := cleanFile(t, src, Options{NoDedup: true})
	out, mlog, mst := cleanFile(t, src, Options{Mark: true, NoDedup: true})
	require.Equal(t, string(log), string(mlog))
	require.Equal(t, mst.DocsIn, mst.DocsOut)
	require.Equal(t, st.Empty, mst.Empty)
	lines := bytes.Split(bytes.TrimSpace(out), []byte("\n"))
	require.Len(t, lines, len(in))
	for i, l := range lines {
		var m struct{ ID, Text string }
		require.NoError(t, json.Unmarshal(l, &m))
		require.Equal(t, string(in[i].Text), m.Text, "the text is unchanged")
		require.Equal(t, in[i].ID, m.ID)
	}
}

// TestBandKeys: documents that share a band key are exactly the candidate
// pairs of the engine's LSH index, the way a distributed executor finds
// them.
func TestBandKeys(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	src := corpus(clusteredTexts(rng, 40))
	c, err := NewCleaner(Options{NoBoiler: true, NoRepeats: true}, nil)
	require.NoError(t, err)
	idx, err := c.cfg.newIndex()
	require.NoError(t, err)
	byKey := map[uint64][]uint32{}
	want := map[[2]uint32]bool{}
	var keys []uint64
	for i, r := range src {
		sig := c.Clean(r).Signature
		keys = c.BandKeys(keys[:0], sig)
		require.Len(t, keys, c.Params().Bands)
		for _, a := range idx.Candidates(nil, sig) {
			want[[2]uint32{a, uint32(i)}] = true
		}
		require.NoError(t, idx.Add(uint32(i), sig))
		for _, k := range keys {
			byKey[k] = append(byKey[k], uint32(i))
		}
	}
	got := map[[2]uint32]bool{}
	for _, ids := range byKey {
		for x, a := range ids {
			for _, b := range ids[x+1:] {
				got[[2]uint32{a, b}] = true
			}
		}
	}
	require.Equal(t, want, got)
	require.NotEmpty(t, got)
}

// TestUnknownShingleOptions: "an unknown Options.Shingle.Normalization or
// Unit is not validated": NewCleaner, Clean, Find and Repeats panicked in
// package shingle, and NewIndex, Learn and NewPageAnalyzer accepted it
// (Index.Add then panicked, and the index it wrote did not read back).
// Every entry point now returns the error.
func TestUnknownShingleOptions(t *testing.T) {
	ctx := context.Background()
	src := records.Slice{{ID: "a", Text: []byte("one two three four five six")}}
	for _, o := range []Options{{Shingle: shingle.Options{Normalization: 9}}, {Shingle: shingle.Options{Unit: 9}}} {
		errs := map[string]error{}
		_, errs["NewCleaner"] = NewCleaner(o, nil)
		_, errs["Clean"] = Clean(ctx, src, records.NewWriter(io.Discard, nil), io.Discard, o)
		_, errs["Find"] = Find(ctx, src, o)
		_, errs["Repeats"] = Repeats(ctx, src, o, func(string, []RepeatGroup) error { return nil })
		_, errs["Learn"] = Learn(ctx, src, o)
		_, errs["NewIndex"] = NewIndex(o, nil)
		_, errs["NewPageAnalyzer"] = NewPageAnalyzer(o)
		for name, err := range errs {
			require.ErrorContains(t, err, "dedupe: unknown shingle ", "%s, %+v", name, o.Shingle)
		}
	}
}

// TestSliceSameRecord: Slice{a, b, a, b} is four documents, the last two
// copies of the first two, whatever the verification. With records.Slice
// writing each record's Ord into it, estimate verification removed all
// four, and Find with exact verification found no pair.
func TestSliceSameRecord(t *testing.T) {
	text := func(w string) []byte {
		return []byte(strings.Repeat(w+" one two three four five six seven eight nine ten ", 5))
	}
	a := &records.Record{ID: "a", Text: text("alpha")}
	b := &records.Record{ID: "b", Text: text("beta")}
	src := records.Slice{a, b, a, b}
	for _, v := range []Verify{Exact, Estimate} {
		st, err := Clean(context.Background(), src, records.NewWriter(io.Discard, nil), io.Discard, Options{Verify: v, NoBoiler: true})
		require.NoError(t, err)
		require.EqualValues(t, 2, st.DocsOut, "verify %v", v)
		f, err := Find(context.Background(), src, Options{Verify: v})
		require.NoError(t, err)
		require.Len(t, f.Pairs, 2, "verify %v", v)
	}
}

// TestNilArguments: a nil source (or callback) was a nil dereference in
// Clean, Find, Learn, Repeats, Index.Add and Index.Query; each returns an
// error now.
func TestNilArguments(t *testing.T) {
	ctx := context.Background()
	x, err := NewIndex(Options{}, nil)
	require.NoError(t, err)
	src := records.Slice{{ID: "a", Text: []byte("one two three four five six")}}
	errs := map[string]error{}
	_, errs["Clean"] = Clean(ctx, nil, records.NewWriter(io.Discard, nil), io.Discard, Options{})
	_, errs["Clean log"] = Clean(ctx, src, records.NewWriter(io.Discard, nil), nil, Options{})
	_, errs["Find"] = Find(ctx, nil, Options{})
	_, errs["Learn"] = Learn(ctx, nil, Options{})
	_, errs["Repeats"] = Repeats(ctx, nil, Options{}, func(string, []RepeatGroup) error { return nil })
	_, errs["Repeats fn"] = Repeats(ctx, src, Options{}, nil)
	_, errs["Index.Add"] = x.Add(ctx, nil, RunOptions{})
	errs["Index.Query"] = x.Query(ctx, nil, RunOptions{}, func(QueryResult) error { return nil })
	errs["Index.Query fn"] = x.Query(ctx, src, RunOptions{}, nil)
	for name, err := range errs {
		require.ErrorContains(t, err, "dedupe: ", name)
	}
}
