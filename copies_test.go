package dedupe

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/neardup/dedupe/records"
	"github.com/zeebo/xxh3"
)

// copiesCorpus returns a corpus of one site's pages (a shared footer each),
// and later copies (same site, same text, another id) of a kept page, of
// a near-duplicate, of a page that is all footer, of a page too short to
// have more than one shingle, of a page with a repeated paragraph, of a
// page whose cleaned text is that of an earlier page and of a page without
// a word, and a page with a kept page's text on another site, which is no
// copy. It returns the
// corpus and the number of copies.
func copiesCorpus() (records.Slice, int) {
	rng := rand.New(rand.NewPCG(7, 8))
	const footer = "Copyright Harbour Corp. All rights reserved. Subscribe to our weekly newsletter for more news and offers."
	type doc struct{ site, text string }
	var docs []doc
	for range 30 {
		body := strings.Join(randomText(rng, 60), " ") + ".\n\n" + strings.Join(randomText(rng, 40), " ") + "."
		docs = append(docs, doc{"a.example", body + "\n\n" + footer})
	}
	near := strings.Join(edit(rng, strings.Fields(docs[3].text), 1), " ")
	twice := strings.Join(randomText(rng, 50), " ") + "."
	docs = append(docs,
		doc{"a.example", docs[6].text + "\n\n" + footer}, // cleaned, the text of page 6
		doc{"a.example", twice + "\n\n" + twice + "\n\n" + footer},
		doc{"a.example", near},
		doc{"a.example", footer},
		doc{"a.example", "Hello there world."},
		doc{"b.example", docs[1].text},
		doc{"a.example", "* * *"},
	)
	n := len(docs)
	for _, i := range []int{0, 0, 0, n - 5, n - 4, n - 3, 5, n - 6, n - 7, n - 1} {
		docs = append(docs, docs[i])
	}
	texts := make([]string, len(docs))
	for i, d := range docs {
		texts[i] = d.text
	}
	src := corpus(texts)
	for i, d := range docs {
		src[i].Site = d.site
	}
	return src, len(docs) - n
}

// TestCopiesCleanedOnce checks that the copies a learning pass finds are
// given their source's outcome (Stats.Copies) and that the output and the
// log are those of cleaning every copy, whatever the workers and batches,
// with the records cut in place in OUT and written from the spool, and
// when the copy of an emptied page is cleaned on the ordered stage.
func TestCopiesCleanedOnce(t *testing.T) {
	src, copies := copiesCorpus()
	bound := maxCopySources
	defer func() { maxCopySources = bound }()
	for _, j := range []int{1, 3} {
		maxCopySources = bound
		o := Options{Workers: j, batchDocs: 4}
		out, log, st := cleanFile(t, src, o)
		if st.Copies != int64(copies) {
			t.Errorf("j=%d: Stats.Copies = %d, want %d", j, st.Copies, copies)
		}
		if st.Empty == 0 || st.Duplicates == 0 {
			t.Fatalf("j=%d: %d emptied, %d duplicates: the corpus lacks a case", j, st.Empty, st.Duplicates)
		}
		sout, slog := cleanStream(t, src, o)

		// the records of the emptied page's outcome not held: its copy is
		// cleaned on the ordered stage
		logs := maxCopyLogs
		maxCopyLogs = 0
		lout, llog, lst := cleanFile(t, src, o)
		maxCopyLogs = logs
		if lst.Copies != int64(copies-1) {
			t.Errorf("j=%d: with maxCopyLogs 0, Stats.Copies = %d, want %d", j, lst.Copies, copies-1)
		}

		maxCopySources = 0 // every copy cleaned
		wantOut, wantLog, wst := cleanFile(t, src, o)
		if wst.Copies != 0 {
			t.Fatalf("j=%d: with maxCopySources 0, Stats.Copies = %d", j, wst.Copies)
		}
		if st.RepeatBytes == 0 || st.BoilerBytes == 0 {
			t.Fatalf("j=%d: %d bytes of repeats, %d of boilerplate: the corpus lacks a case", j, st.RepeatBytes, st.BoilerBytes)
		}
		got := []int64{st.DocsOut, st.Empty, st.KeptBack, st.KeptBackBytes, st.RepeatBytes, st.BoilerBytes, st.Duplicates, st.DuplicateBytes}
		want := []int64{wst.DocsOut, wst.Empty, wst.KeptBack, wst.KeptBackBytes, wst.RepeatBytes, wst.BoilerBytes, wst.Duplicates, wst.DuplicateBytes}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("j=%d: stats (out, empty, kept back, bytes, repeats, boilerplate, duplicates, bytes) %v, cleaning every copy %v", j, got, want)
		}
		for _, c := range []struct {
			name      string
			got, want []byte
		}{{"output", out, wantOut}, {"log", log, wantLog}, {"output from the spool", sout, wantOut}, {"log from the spool", slog, wantLog},
			{"output, records of emptied pages not held", lout, wantOut}, {"log, records of emptied pages not held", llog, wantLog}} {
			if string(c.got) != string(c.want) {
				t.Errorf("j=%d: %s differs from cleaning every copy:\n%s\nwant\n%s", j, c.name, c.got, c.want)
			}
		}
		// the near-duplicate, the footer page, the page cleaned to page 6's
		// text and their copies are removed alike; so is the copy of the
		// short page, which is kept
		why := map[string]string{}
		for _, lr := range parseLog(t, log) {
			if lr.What == WhatDocument {
				why[lr.ID] = lr.Why
			}
		}
		n := len(src) - copies
		for k, want := range map[int]string{n - 5: WhyNearDuplicate, n + 3: WhyNearDuplicate, n - 4: WhyEmpty, n + 4: WhyEmpty,
			n - 3: "", n + 5: WhyNearDuplicate, n - 7: WhyNearDuplicate, n + 8: WhyNearDuplicate} {
			if id := fmt.Sprintf("d%d", k); why[id] != want {
				t.Errorf("j=%d: %s removed as %q, want %q", j, id, why[id], want)
			}
		}
	}
}

// TestCopyPlanBound checks that the copies of documents beyond
// maxCopySources, of documents of bigDoc bytes and of texts beyond
// maxSeenTexts are left to be cleaned.
func TestCopyPlanBound(t *testing.T) {
	defer func(m int) { maxCopySources = m }(maxCopySources)
	maxCopySources = 2
	p := newCopyPlan()
	for ord, k := range []uint64{1, 2, 3, 1, 2, 3, 1, 3} {
		p.add(ord, 10, xxh3.Uint128{Lo: k})
	}
	want := map[int]int{3: 0, 4: 1, 6: 0}
	if fmt.Sprint(p.of) != fmt.Sprint(want) || p.copies[0] != 2 || p.copies[1] != 1 || len(p.copies) != 2 {
		t.Errorf("copies %v of %v, want %v", p.of, p.copies, want)
	}
	q := newCopyPlan()
	q.add(0, bigDoc, xxh3.Uint128{Lo: 1})
	q.add(1, bigDoc, xxh3.Uint128{Lo: 1})
	if len(q.of) != 0 {
		t.Errorf("a copy of a document of %d bytes is planned: %v", bigDoc, q.of)
	}
	defer func(m int) { maxSeenTexts = m }(maxSeenTexts)
	maxSeenTexts = 2
	q = newCopyPlan()
	for ord, k := range []uint64{1, 2, 3, 3, 1} {
		q.add(ord, 10, xxh3.Uint128{Lo: k})
	}
	if fmt.Sprint(q.of) != "map[4:0]" {
		t.Errorf("copies %v with room for 2 texts, want map[4:0]", q.of)
	}
}

// TestCopiesLearnedOnce checks that the model learned is the same whether
// the workers of the learning pass analyse the exact copies or not, and
// that one worker, which meets every source before its copies, analyses
// none of those whose source has a signature (all but the copy of the page
// without a word).
func TestCopiesLearnedOnce(t *testing.T) {
	src, copies := copiesCorpus()
	for _, j := range []int{1, 3} {
		c, err := Options{Workers: j, batchDocs: 4}.check()
		if err != nil {
			t.Fatal(err)
		}
		var models [2]bytes.Buffer
		for i, find := range []bool{false, true} {
			l, err := c.learn(context.Background(), src, find)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := l.model.WriteTo(&models[i]); err != nil {
				t.Fatal(err)
			}
			if want := copies - 1; find && j == 1 && l.unanalysed != want {
				t.Errorf("one worker left %d copies unanalysed, want %d", l.unanalysed, want)
			}
		}
		if !bytes.Equal(models[0].Bytes(), models[1].Bytes()) {
			t.Errorf("j=%d: the model learned without analysing copies differs", j)
		}
	}
}
