package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neardup/dedupe/minhash"
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
// texts with the CLI's default settings.
func similarities(a, b string) (exact, est float64) {
	so, mo, _ := (&simFlags{threshold: 0.8, k: 5, numPerm: 128, normalize: "fold"}).options()
	s := newSigner(so, mo)
	sa, _ := s.sign([]byte(a))
	sb, _ := s.sign([]byte(b))
	return shingle.Jaccard(s.shingleSet([]byte(a)), s.shingleSet([]byte(b))), minhash.Similarity(sa, sb)
}

type logEntry struct {
	ID         string   `json:"id"`
	Why        string   `json:"why"`
	Kept       string   `json:"kept"`
	Similarity float64  `json:"similarity"`
	Estimate   *float64 `json:"estimate"`
}

func readLog(t *testing.T, path string) []logEntry {
	t.Helper()
	var out []logEntry
	for _, l := range bytes.Split(bytes.TrimSpace(readFile(t, path)), []byte("\n")) {
		if len(l) == 0 {
			continue
		}
		var e logEntry
		if err := json.Unmarshal(l, &e); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		out = append(out, e)
	}
	return out
}

func writeCorpus(t *testing.T, texts []string) string {
	t.Helper()
	var b strings.Builder
	for i, tx := range texts {
		fmt.Fprintf(&b, `{"id":"d%d","text":%q}`+"\n", i, tx)
	}
	return writeFile(t, filepath.Join(t.TempDir(), "in.jsonl"), b.String())
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
		if exact, est = similarities(a, b); exact < 0.8 && est >= 0.8 {
			break
		}
	}
	t.Logf("exact %.4f, estimate %.4f", exact, est)
	in := writeCorpus(t, []string{a, b})
	for _, tt := range []struct {
		verify  string
		removed int
	}{{"exact", 0}, {"estimate", 1}} {
		out := filepath.Join(t.TempDir(), "out.jsonl")
		if _, _, err := dedupe(t, "", "clean", "-q", "-no-boiler", "-no-repeats", "-verify", tt.verify, in, "-o", out); err != nil {
			t.Fatal(err)
		}
		if got := len(ids(t, readFile(t, out))); got != 2-tt.removed {
			t.Errorf("-verify %s: %d documents kept, want %d", tt.verify, got, 2-tt.removed)
		}
		if got := len(readLog(t, out+".removed.jsonl")); got != tt.removed {
			t.Errorf("-verify %s: %d log records, want %d", tt.verify, got, tt.removed)
		}
	}
	// find reports the pair only with estimate verification.
	for _, tt := range []struct {
		verify string
		pairs  int
	}{{"exact", 0}, {"estimate", 1}} {
		got, _, err := dedupe(t, "", "find", "-q", "-print", "pairs", "-verify", tt.verify, in)
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(got, "\n"); n != tt.pairs {
			t.Errorf("find -verify %s: %d pairs, want %d:\n%s", tt.verify, n, tt.pairs, got)
		}
	}
}

// TestExactMatchesBruteForce checks clean -verify exact against a
// brute-force reference on a small corpus of clusters of edited copies: a
// document is removed when an earlier kept document has an exact Jaccard
// similarity of at least the threshold with it, and the most similar one is
// logged. The edits keep pairs well away from the threshold, where the LSH
// bands find every pair.
func TestExactMatchesBruteForce(t *testing.T) {
	defer func(n int) { batchDocs = n }(batchDocs)
	batchDocs = 7
	rng := rand.New(rand.NewPCG(3, 4))
	var texts []string
	var bases [][]string
	for i := 0; i < 60; i++ {
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
			texts = append(texts, strings.Join(edit(rng, w, 1+rng.IntN(2)), " ")) // J > 0.9
		default:
			texts = append(texts, strings.Join(edit(rng, w, 25+rng.IntN(10)), " ")) // J < 0.5
		}
	}
	so, _, _ := (&simFlags{threshold: 0.8, k: 5, numPerm: 128, normalize: "fold"}).options()
	sh := shingle.New(so)
	sets := make([][]uint64, len(texts))
	for i, tx := range texts {
		sets[i] = shingle.Set(sh.Append(nil, []byte(tx)))
	}
	want := map[string]logEntry{}
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
		want[fmt.Sprintf("d%d", i)] = logEntry{Kept: fmt.Sprintf("d%d", best), Similarity: bestSim}
	}
	if len(want) < 10 {
		t.Fatalf("only %d duplicates in the test corpus", len(want))
	}
	in := writeCorpus(t, texts)
	var outs [][]byte
	for _, j := range []string{"1", "3"} {
		out := filepath.Join(t.TempDir(), "out.jsonl")
		if _, _, err := dedupe(t, "", "clean", "-q", "-j", j, "-no-boiler", "-no-repeats", in, "-o", out); err != nil {
			t.Fatal(err)
		}
		outs = append(outs, append(readFile(t, out), readFile(t, out+".removed.jsonl")...))
		got := readLog(t, out+".removed.jsonl")
		if len(got) != len(want) {
			t.Errorf("-j %s: %d removed, want %d", j, len(got), len(want))
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
			if e.Estimate == nil {
				t.Errorf("%s: no estimate logged", e.ID)
			}
		}
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Error("output with -j 1 differs from -j 3")
	}
	// To standard output the records go through an inline spool instead of
	// being compacted in place: the same output and log.
	log := filepath.Join(t.TempDir(), "log.jsonl")
	stdout, _, err := dedupe(t, "", "clean", "-q", "-no-boiler", "-no-repeats", in, "-o", "-", "-log", log)
	if err != nil {
		t.Fatal(err)
	}
	if got := append([]byte(stdout), readFile(t, log)...); !bytes.Equal(got, outs[0]) {
		t.Error("output to stdout differs from the output to a file")
	}
}

// TestSpoolRemoved checks that clean leaves no spool file behind.
func TestSpoolRemoved(t *testing.T) {
	dir := demoDir(t)
	outDir := t.TempDir()
	if _, _, err := dedupe(t, "", "clean", "-q", dir, "-o", filepath.Join(outDir, "out.jsonl")); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(outDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != 2 {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("files left beside the output: %v, want out.jsonl and its log", names)
	}
}

// TestSpoolRoundTrip writes entries to a spool, inline or not, and reads
// them back, and checks that a truncated spool is an error, not a panic.
func TestSpoolRoundTrip(t *testing.T) {
	for _, inline := range []bool{true, false} {
		t.Run(fmt.Sprint("inline=", inline), func(t *testing.T) { testSpoolRoundTrip(t, inline) })
	}
}

func testSpoolRoundTrip(t *testing.T, inline bool) {
	sp, err := createSpool(filepath.Join(t.TempDir(), "out.jsonl"), inline)
	if err != nil {
		t.Fatal(err)
	}
	defer sp.remove()
	type entry struct {
		d    record
		info spoolInfo
		line string
		text span
		off  int64 // of line in OUT
	}
	in := []entry{
		{record{id: "a", size: 10}, spoolInfo{kind: spoolDoc, lsh: 7, tlen: 3, log: []byte("L1\n")}, `{"text":"abc"}` + "\n", span{8, 13}, 0},
		{record{id: "", size: 1}, spoolInfo{kind: spoolFinal, log: []byte("L2\n")}, "", span{}, 15},
		{record{id: "é", size: 300}, spoolInfo{kind: spoolCopy, lsh: 1 << 30}, "", span{}, 15},
		{record{id: "b", size: 5}, spoolInfo{kind: spoolOut, tlen: 1}, `{"text":"x"}` + "\n", span{8, 11}, 15},
		{record{id: "c", size: 6}, spoolInfo{kind: spoolDoc, lsh: 8, tlen: 1}, `{"text":"y"}` + "\n", span{8, 11}, 28},
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
	var got []*record
	if err := readSpool(sp.name(), inline, func(d *record) error { got = append(got, d); return nil }); err != nil {
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
		if d.id != w.d.id || d.size != w.d.size || string(d.raw) != wantRaw || d.textVal != w.text || d.sp.lineLen != len(w.line) || d.sp.off != wantOff ||
			d.sp.kind != w.info.kind || d.sp.lsh != w.info.lsh || d.sp.tlen != w.info.tlen || string(d.sp.log) != string(w.info.log) || d.ord != i {
			t.Errorf("entry %d = %+v, want %+v", i, d, w)
		}
	}
	full := readFile(t, sp.name())
	if int64(len(full)) != n {
		t.Fatalf("spool size %d, finish said %d", len(full), n)
	}
	for cut := 1; cut < len(full); cut++ {
		p := writeFile(t, filepath.Join(t.TempDir(), "cut"), string(full[:cut]))
		err := readSpool(p, inline, func(*record) error { return nil })
		if err == nil && cut != 0 {
			// A cut at an entry boundary reads fewer entries without error;
			// anywhere else it must fail.
			var k int
			readSpool(p, inline, func(*record) error { k++; return nil })
			if k == len(in) {
				t.Errorf("cut at %d: read every entry", cut)
			}
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
