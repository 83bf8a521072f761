package dedupe

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/neardup/dedupe/minhash"
	"github.com/neardup/dedupe/records"
	"github.com/neardup/dedupe/shingle"
)

// randomText returns n words drawn from a vocabulary of 5000 invented words.
func randomText(rng *rand.Rand, n int) []string {
	w := make([]string, n)
	for i := range w {
		w[i] = fmt.Sprintf("w%dx", rng.IntN(5000))
	}
	return w
}

// edit returns words with m of them replaced by new words.
func edit(rng *rand.Rand, words []string, m int) []string {
	out := append([]string(nil), words...)
	for range m {
		out[rng.IntN(len(out))] = fmt.Sprintf("e%dy", rng.IntN(1e6))
	}
	return out
}

// similarities returns the exact Jaccard and the signature estimate of two
// texts with the default settings.
func similarities(t *testing.T, a, b string) (exact, est float64) {
	c, err := Options{}.check()
	if err != nil {
		t.Fatal(err)
	}
	s := newSigner(c.so, c.mo)
	sa, _ := s.sign([]byte(a))
	sb, _ := s.sign([]byte(b))
	return shingle.Jaccard(s.shingleSet([]byte(a)), s.shingleSet([]byte(b))), minhash.Similarity(sa, sb)
}

// corpus returns texts as a source with ids d0, d1, ...
func corpus(texts []string) records.Slice {
	ids := make([]string, len(texts))
	for i := range ids {
		ids[i] = fmt.Sprintf("d%d", i)
	}
	return records.Texts(ids, texts)
}

// TestExactRejectsOverestimate builds a pair whose signature estimate is
// at or above the threshold while the exact similarity is below it: exact
// verification keeps both documents, the estimate removes one.
func TestExactRejectsOverestimate(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var a, b string
	var exact, est float64
	for try := 0; ; try++ {
		if try == 5000 {
			t.Fatal("no pair with estimate >= 0.8 > exact found")
		}
		w := randomText(rng, 300)
		a = strings.Join(w, " ")
		b = strings.Join(edit(rng, w, 6+rng.IntN(4)), " ")
		if exact, est = similarities(t, a, b); exact < 0.8 && est >= 0.8 {
			break
		}
	}
	t.Logf("exact %.4f, estimate %.4f", exact, est)
	src := corpus([]string{a, b})
	for _, tt := range []struct {
		verify  Verify
		removed int
	}{{Exact, 0}, {Estimate, 1}} {
		out, log, _ := cleanFile(t, src, Options{NoBoiler: true, NoRepeats: true, Verify: tt.verify})
		if got := len(outputIDs(t, out)); got != 2-tt.removed {
			t.Errorf("%v: %d documents kept, want %d", tt.verify, got, 2-tt.removed)
		}
		if got := len(parseLog(t, log)); got != tt.removed {
			t.Errorf("%v: %d log records, want %d", tt.verify, got, tt.removed)
		}
		// Find reports the pair only with estimate verification.
		f, err := Find(context.Background(), src, Options{Verify: tt.verify})
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Pairs) != tt.removed {
			t.Errorf("Find %v: %d pairs, want %d", tt.verify, len(f.Pairs), tt.removed)
		}
	}
}

// TestExactMatchesBruteForce checks Clean with exact verification against
// a brute-force reference on a small corpus of clusters of edited copies: a
// document is removed when an earlier kept document has an exact Jaccard
// similarity of at least the threshold with it, and the most similar one is
// logged. The edits keep pairs well away from the threshold, where the LSH
// bands find every pair. Batches of 7 documents are finished out of order
// by the workers.
func TestExactMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	texts := clusteredTexts(rng, 60)
	c, _ := Options{}.check()
	sh := shingle.New(c.so)
	sets := make([][]uint64, len(texts))
	for i, tx := range texts {
		sets[i] = shingle.Set(sh.Append(nil, []byte(tx)))
	}
	want := map[string]LogRecord{}
	var keptIdx []int
	for i := range texts {
		best, bestSim := -1, 0.0
		for _, k := range keptIdx {
			if s := shingle.Jaccard(sets[i], sets[k]); s >= 0.8 && s > bestSim {
				best, bestSim = k, s
			}
		}
		if best < 0 {
			keptIdx = append(keptIdx, i)
			continue
		}
		want[fmt.Sprintf("d%d", i)] = LogRecord{Kept: fmt.Sprintf("d%d", best), Similarity: bestSim}
	}
	if len(want) < 10 {
		t.Fatalf("only %d duplicates in the test corpus", len(want))
	}
	src := corpus(texts)
	var outs [][]byte
	for _, j := range []int{1, 3} {
		o := Options{Workers: j, NoBoiler: true, NoRepeats: true, batchDocs: 7}
		out, log, _ := cleanFile(t, src, o)
		outs = append(outs, append(out, log...))
		got := parseLog(t, log)
		if len(got) != len(want) {
			t.Errorf("-j %d: %d removed, want %d", j, len(got), len(want))
		}
		for _, e := range got {
			w, ok := want[e.ID]
			if !ok {
				t.Errorf("%s removed, want kept", e.ID)
				continue
			}
			if e.Kept != w.Kept || fmt.Sprintf("%.4f", e.Similarity) != fmt.Sprintf("%.4f", w.Similarity) {
				t.Errorf("%s: kept %s similarity %.4f, want %s %.4f", e.ID, e.Kept, e.Similarity, w.Kept, w.Similarity)
			}
			if !e.HasEstimate {
				t.Errorf("%s: no estimate logged", e.ID)
			}
		}
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Error("output with 1 worker differs from 3 workers")
	}
	// To a sink that is not a file the records go through an inline spool
	// instead of being cut in place: the same output and log.
	out, log := cleanStream(t, src, Options{NoBoiler: true, NoRepeats: true, batchDocs: 7})
	if got := append(out, log...); !bytes.Equal(got, outs[0]) {
		t.Error("output to a stream differs from the output to a file")
	}
	// With a memory budget of one byte, every set held for a later partner
	// is dropped and computed again from the text, read back from OUT
	// (where the compactor moves records) or from the spool.
	o := Options{NoBoiler: true, NoRepeats: true, batchDocs: 7, verifyMemory: 1}
	out, log, st := cleanFile(t, src, o)
	if got := append(out, log...); !bytes.Equal(got, outs[0]) {
		t.Error("output with sets read again differs")
	}
	if st.SetsDropped == 0 || st.SetsReloaded == 0 {
		t.Errorf("%d sets dropped, %d read again: the budget was not exercised", st.SetsDropped, st.SetsReloaded)
	}
	out, log = cleanStream(t, src, o)
	if got := append(out, log...); !bytes.Equal(got, outs[0]) {
		t.Error("output to a stream with sets read again differs")
	}
}

// TestMaxCandidates: in a group of near-copies of one text, each copy is
// compared with the earliest MaxCandidates documents sharing a band with
// it, which include the first, kept, document: the result is the same with
// a bound of one candidate.
func TestMaxCandidates(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	base := randomText(rng, 300)
	texts := []string{strings.Join(base, " ")}
	for range 30 {
		texts = append(texts, strings.Join(edit(rng, base, 2), " "))
	}
	src := corpus(texts)
	out, log, st := cleanFile(t, src, Options{NoBoiler: true, NoRepeats: true})
	require.Zero(t, st.CappedCandidates)
	out1, log1, st1 := cleanFile(t, src, Options{NoBoiler: true, NoRepeats: true, maxCandidates: 1})
	require.Greater(t, st1.CappedCandidates, 10)
	require.Equal(t, []string{"d0"}, outputIDs(t, out))
	require.Equal(t, string(out), string(out1))
	// Each copy is removed in favour of d0 either way; the similarities are
	// those to d0 with the bound, to the most similar earlier kept one
	// without (d0 too: it is the only one kept).
	require.Equal(t, string(log), string(log1))
}

// clusteredTexts returns n texts of 200 words: new texts, identical
// copies, near copies (1-2 words edited, J > 0.9) and far copies (25-35
// words edited, J < 0.5) of earlier ones.
func clusteredTexts(rng *rand.Rand, n int) []string {
	var texts []string
	var bases [][]string
	for range n {
		if len(bases) == 0 || rng.IntN(3) == 0 {
			bases = append(bases, randomText(rng, 200))
			texts = append(texts, strings.Join(bases[len(bases)-1], " "))
			continue
		}
		w := bases[rng.IntN(len(bases))]
		switch rng.IntN(3) {
		case 0:
			texts = append(texts, strings.Join(w, " ")) // identical
		case 1:
			texts = append(texts, strings.Join(edit(rng, w, 1+rng.IntN(2)), " "))
		default:
			texts = append(texts, strings.Join(edit(rng, w, 25+rng.IntN(10)), " "))
		}
	}
	return texts
}

// TestSpoolRoundTrip writes entries to a spool, inline or not, and reads
// them back, and checks that a truncated spool is an error, not a panic
// or fewer entries.
func TestSpoolRoundTrip(t *testing.T) {
	for _, inline := range []bool{true, false} {
		t.Run(fmt.Sprint("inline=", inline), func(t *testing.T) { testSpoolRoundTrip(t, inline) })
	}
}

func testSpoolRoundTrip(t *testing.T, inline bool) {
	sp, err := createSpool(t.TempDir(), nil, inline)
	if err != nil {
		t.Fatal(err)
	}
	defer sp.remove()
	type entry struct {
		d    records.Record
		info spoolInfo
		line string
		text records.Span
		off  int64 // of line in OUT
	}
	in := []entry{
		{records.Record{ID: "a", Size: 10}, spoolInfo{kind: spoolDoc, lsh: 7, tlen: 3, log: []byte("L1\n")}, `{"text":"abc"}` + "\n", records.Span{Start: 8, End: 13}, 0},
		{records.Record{ID: "", Size: 1}, spoolInfo{kind: spoolFinal, log: []byte("L2\n")}, "", records.Span{}, 15},
		{records.Record{ID: "é", Size: 300}, spoolInfo{kind: spoolCopy, lsh: 1 << 30}, "", records.Span{}, 15},
		{records.Record{ID: "b", Size: 5}, spoolInfo{kind: spoolOut, tlen: 1}, `{"text":"x"}` + "\n", records.Span{Start: 8, End: 11}, 15},
		{records.Record{ID: "c", Size: 6}, spoolInfo{kind: spoolDoc, lsh: 8, tlen: 1}, `{"text":"y"}` + "\n", records.Span{Start: 8, End: 11}, 28},
	}
	for _, e := range in {
		if err := sp.add(&e.d, e.info, []byte(e.line), e.text); err != nil {
			t.Fatal(err)
		}
	}
	n, err := sp.finish()
	if err != nil {
		t.Fatal(err)
	}
	var got []*spoolEntry
	if sp.n != len(in) {
		t.Fatalf("spool counts %d entries, want %d", sp.n, len(in))
	}
	if err := readSpool(sp.name(), inline, sp.n, func(d *spoolEntry) error { got = append(got, d); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(in) {
		t.Fatalf("read %d entries, want %d", len(got), len(in))
	}
	for i, d := range got {
		w := in[i]
		wantRaw, wantOff := w.line, int64(0)
		if !inline {
			wantRaw, wantOff = "", w.off
		}
		if d.id != w.d.ID || d.size != w.d.Size || string(d.raw) != wantRaw || d.textVal != w.text || d.lineLen != len(w.line) || d.off != wantOff ||
			d.kind != w.info.kind || d.lsh != w.info.lsh || d.tlen != w.info.tlen || string(d.log) != string(w.info.log) || d.ord != i {
			t.Errorf("entry %d = %+v, want %+v", i, d, w)
		}
	}
	full, err := os.ReadFile(sp.name())
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(full)) != n {
		t.Fatalf("spool size %d, finish said %d", len(full), n)
	}
	// A spool cut anywhere, even between two entries, is an error that
	// names it, and so is one read for fewer entries than it holds.
	for cut := 1; cut < len(full); cut++ {
		p := filepath.Join(t.TempDir(), "cut")
		if err := os.WriteFile(p, full[:cut], 0o644); err != nil {
			t.Fatal(err)
		}
		if err := readSpool(p, inline, sp.n, func(*spoolEntry) error { return nil }); !errors.Is(err, errSpool) || !strings.Contains(err.Error(), p) {
			t.Errorf("cut at %d of %d: %v", cut, len(full), err)
		}
	}
	if err := readSpool(sp.name(), inline, sp.n-1, func(*spoolEntry) error { return nil }); !errors.Is(err, errSpool) {
		t.Errorf("read for %d entries of %d: %v", sp.n-1, sp.n, err)
	}
}

// TestSpoolCompressed: a spool that is not inline is compressed (its
// entries are mostly log records, alike), and reads back whole across
// its blocks.
func TestSpoolCompressed(t *testing.T) {
	sp, err := createSpool(t.TempDir(), nil, false)
	if err != nil {
		t.Fatal(err)
	}
	defer sp.remove()
	log := []byte(`,"what":"paragraph","why":"boilerplate","paragraph":3,"score":0.1,"reason":"site 3/9 pages","text":"Share this"}` + "\n")
	const n = 30000 // entries of about 130 bytes: 3.9 MB, four blocks
	for i := range n {
		d := records.Record{ID: fmt.Sprint("page-", i), Size: 100}
		if err := sp.add(&d, spoolInfo{kind: spoolDoc, lsh: uint32(i), log: log}, []byte(`{"text":"t"}`+"\n"), records.Span{Start: 8, End: 11}); err != nil {
			t.Fatal(err)
		}
	}
	size, err := sp.finish()
	if err != nil {
		t.Fatal(err)
	}
	if raw := int64(n * len(log)); size > raw/4 {
		t.Errorf("spool of %d bytes for %d bytes of logs", size, raw)
	}
	k := 0
	err = readSpool(sp.name(), false, sp.n, func(e *spoolEntry) error {
		if e.id != fmt.Sprint("page-", k) || e.lsh != uint32(k) || string(e.log) != string(log) {
			t.Fatalf("entry %d: id %q lsh %d log %q", k, e.id, e.lsh, e.log)
		}
		k++
		return nil
	})
	if err != nil || k != n {
		t.Fatalf("read %d entries of %d: %v", k, n, err)
	}
	// A damaged block fails its check: an error that names the spool.
	full, err := os.ReadFile(sp.name())
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []int{len(full) / 3, len(full) - 10} {
		bad := slices.Clone(full)
		bad[at] ^= 0x55
		p := filepath.Join(t.TempDir(), "damaged")
		if err := os.WriteFile(p, bad, 0o600); err != nil {
			t.Fatal(err)
		}
		err := readSpool(p, false, sp.n, func(*spoolEntry) error { return nil })
		if !errors.Is(err, errSpool) || !strings.Contains(err.Error(), p) {
			t.Errorf("byte %d of %d damaged: %v, want an error of %s", at, len(full), err, p)
		}
	}
}

// TestCompactor removes random records from a file of records of random
// sizes (runs longer than maxRun included) and compares the result with
// the kept records written out in order.
func TestCompactor(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, dropRate := range []int{0, 1, 50, 100} {
		f, err := os.Create(filepath.Join(t.TempDir(), "out"))
		if err != nil {
			t.Fatal(err)
		}
		var all, want []byte
		var sizes []int
		var drops []bool
		for i := 0; i < 4000; i++ {
			n := rng.IntN(3000)
			if rng.IntN(200) == 0 {
				n = 0
			}
			rec := make([]byte, n)
			for j := range rec {
				rec[j] = byte(rng.IntN(256))
			}
			drop := rng.IntN(100) < dropRate
			all = append(all, rec...)
			if !drop {
				want = append(want, rec...)
			}
			sizes = append(sizes, n)
			drops = append(drops, drop)
		}
		if _, err := f.Write(all); err != nil {
			t.Fatal(err)
		}
		c := newCompactor(f)
		for i, n := range sizes {
			if drops[i] {
				c.drop(n)
			} else {
				c.keep(n)
			}
		}
		if err := c.finish(); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(f.Name())
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		if !bytes.Equal(got, want) {
			t.Errorf("drop rate %d%%: %d bytes after compaction, want %d (or content differs)", dropRate, len(got), len(want))
		}
	}
	// Records that do not cover the file are an error.
	f, err := os.Create(filepath.Join(t.TempDir(), "short"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.Write(make([]byte, 100))
	c := newCompactor(f)
	c.keep(60)
	if err := c.finish(); err == nil {
		t.Error("records of 60 bytes for a file of 100: no error")
	}
}
