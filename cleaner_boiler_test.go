package dedupe

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/neardup/dedupe/boiler"
	"github.com/neardup/dedupe/records"
)

// cleanerFor returns a Cleaner (boilerplate only) with the model learned
// from recs.
func cleanerFor(t *testing.T, recs records.Slice) *Cleaner {
	t.Helper()
	var l boiler.Learner
	var a boiler.PageAnalysis
	for _, r := range recs {
		a.Analyze(boiler.NewPage(r.Site, string(r.Text)))
		l.Add(&a)
	}
	c, err := NewCleaner(Options{NoDedup: true, NoRepeats: true}, l.Model())
	require.NoError(t, err)
	return c
}

func record(id, site, text string) *records.Record {
	r := &records.Record{ID: id, Site: site}
	r.SetText([]byte(text))
	r.Size = len(text)
	return r
}

// wireStory is a story of an invented wire, its sign-off glued to the
// last paragraph.
func wireStory(i int) string {
	places := []string{"north quay", "ferry ramp", "fish market", "dry dock", "grain silo", "old pier"}
	parts := []string{"cranes", "gates", "roof", "pumps", "rails", "lights"}
	causes := []string{"storm", "fire", "flood", "frost", "collision"}
	return fmt.Sprintf("HARBOUR WORKS %d\n\nPORT ELLERY, March %d -\n\nThe harbour board said that the %s\nwould reopen after repairs to its %s,\nwhich were damaged in the %s.\n Wirecorp",
		i, i%28+1, places[i%6], parts[i/6%6], causes[i%5])
}

// A sign-off glued to a kept paragraph is cut out of it, with the line
// break before it, and logged as a line record.
func TestCleanerCutsLines(t *testing.T) {
	var recs records.Slice
	for i := 0; i < 30; i++ {
		recs = append(recs, record(fmt.Sprintf("w-%d", i), "wire.example", wireStory(i)))
	}
	c := cleanerFor(t, recs)
	r := c.Clean(recs[3])
	require.False(t, r.Empty)
	require.True(t, strings.HasSuffix(string(r.Text), "\nwhich were damaged in the frost."), "%q", r.Text)
	require.NotContains(t, string(r.Text), "Wirecorp")
	var line *LogRecord
	for i := range r.Removed {
		if r.Removed[i].What == WhatLine {
			line = &r.Removed[i]
		}
	}
	require.NotNil(t, line, "no line record in %+v", r.Removed)
	assert.Equal(t, " Wirecorp", string(line.Text))
	assert.Equal(t, 2, line.Paragraph)
	assert.Equal(t, 3, line.LineIndex)
	assert.Equal(t, WhyBoilerplate, line.Why)
	assert.True(t, strings.HasPrefix(line.Reason, "site "), line.Reason)
	assert.GreaterOrEqual(t, r.BoilerBytes, int64(len("\n Wirecorp")))

	// the log line, and its decoding
	js := string(line.AppendJSON(nil))
	require.True(t, strings.HasPrefix(js, `{"id":"w-3","what":"line","why":"boilerplate","paragraph":2,"line_index":3,"score":`), js)
	require.True(t, strings.HasSuffix(js, `,"text":" Wirecorp"}`+"\n"), js)
	var back LogRecord
	require.NoError(t, json.Unmarshal([]byte(js), &back))
	want := *line
	want.Score = math.Round(want.Score*1e4) / 1e4 // the log's precision
	require.Equal(t, want, back)

	// Marked, the cut is an entry of removed_paragraphs with its line.
	var out, log strings.Builder
	_, err := Clean(context.Background(), recs, records.NewWriter(&out, nil), &log, Options{Mark: true, NoDedup: true, NoRepeats: true})
	require.NoError(t, err)
	var m struct {
		Removed []map[string]any `json:"removed_paragraphs"`
	}
	require.NoError(t, json.Unmarshal([]byte(strings.Split(out.String(), "\n")[3]), &m))
	require.Contains(t, m.Removed, map[string]any{"paragraph": 2.0, "line_index": 3.0, "why": WhyBoilerplate,
		"reason": line.Reason, "score": want.Score}, "%s", strings.Split(out.String(), "\n")[3])
}

// TestCleanerKeepsCopies: a later copy of a kept paragraph, which the
// classifier labels boiler.Repeat, stays with NoRepeats (it was removed,
// logged "repeat").
func TestCleanerKeepsCopies(t *testing.T) {
	var recs records.Slice
	for i := 0; i < 30; i++ {
		recs = append(recs, record(fmt.Sprintf("w-%d", i), "wire.example", wireStory(i)))
	}
	body := "The harbour board said that the grain silo\nwould reopen after repairs to its cranes,\nwhich were damaged in the storm."
	page := "HARBOUR WORKS 40\n\n" + body + "\n\n" + body
	r := cleanerFor(t, recs).Clean(record("p", "wire.example", page)) // NoRepeats
	for _, lr := range r.Removed {
		require.NotEqual(t, WhyRepeat, lr.Why, "%+v", lr)
	}
	require.Equal(t, 2, strings.Count(string(r.Text), body), "%q", r.Text)
}

// A document whose paragraphs are all labelled boilerplate by page cues
// alone is kept, nothing of it logged; one whose paragraphs all repeat
// across its site is left empty.
func TestCleanerKeepsBack(t *testing.T) {
	toc := "Contents\n\n1 Setting up\n\n2 First steps\n\n3 Reference\n\n4 Index"
	recs := records.Slice{record("toc", "manual.example", toc)}
	c := cleanerFor(t, recs)
	r := c.Clean(recs[0])
	require.False(t, r.Empty)
	require.Equal(t, toc, string(r.Text))
	require.Empty(t, r.Removed)
	require.Equal(t, 5, r.KeptBack)
	require.Equal(t, int64(len(toc)-4*2), r.KeptBackBytes)
	require.Zero(t, r.BoilerBytes)

	var nav records.Slice
	for i := 0; i < 5; i++ {
		nav = append(nav, record(fmt.Sprintf("n-%d", i), "shop.example",
			"Home\n\nBasket\n\nContact us\n\nWe use cookies to make this shop work. By staying on the site you accept them."))
	}
	nav = append(nav, record("story", "shop.example", "Home\n\nBasket\n\nThe shop opened a second branch on Friday, in the old post office building, and will sell bicycles and spare parts there.\n\nContact us"))
	c = cleanerFor(t, nav)
	r = c.Clean(nav[0])
	require.True(t, r.Empty, "every paragraph repeats on the site")
	require.Zero(t, r.KeptBack)
}

// Stats count the documents kept back; the command's log has none of
// their paragraphs.
func TestCleanKeptBackStats(t *testing.T) {
	toc := "Contents\n\n1 Setting up\n\n2 First steps\n\n3 Reference\n\n4 Index"
	recs := records.Slice{record("toc", "manual.example", toc)}
	var out, log strings.Builder
	st, err := Clean(context.Background(), recs, records.NewWriter(&out, nil), &log, Options{NoDedup: true, NoRepeats: true})
	require.NoError(t, err)
	require.Equal(t, int64(1), st.DocsOut)
	require.Equal(t, int64(1), st.KeptBack)
	require.Equal(t, int64(len(toc)-8), st.KeptBackBytes)
	require.Zero(t, st.Empty)
	require.Empty(t, log.String())
}

// A Cleaner lets go of its scratch after a document of bigDoc bytes or
// more; the documents after it are cleaned as by a new Cleaner.
func TestCleanerReleasesScratch(t *testing.T) {
	var recs records.Slice
	for i := 0; i < 30; i++ {
		recs = append(recs, record(fmt.Sprintf("w-%d", i), "wire.example", wireStory(i)))
	}
	var l boiler.Learner
	var a boiler.PageAnalysis
	for _, r := range recs {
		a.Analyze(boiler.NewPage(r.Site, string(r.Text)))
		l.Add(&a)
	}
	m := l.Model()
	var big strings.Builder
	for i := 0; big.Len() < bigDoc; i++ {
		big.WriteString(wireStory(i % 7)) // repeated paragraphs too
		big.WriteString("\n\n")
	}
	type out struct {
		text    string
		removed int
		sig     []uint32
	}
	clean := func(c *Cleaner, r *records.Record) out {
		res := c.Clean(r)
		return out{string(res.Text), len(res.Removed), res.Signature}
	}
	c, err := NewCleaner(Options{}, m)
	require.NoError(t, err)
	before := clean(c, recs[4])
	require.Greater(t, before.removed, 0)
	bigRes := c.Clean(record("big", "wire.example", big.String()))
	require.NotEmpty(t, bigRes.Removed)
	require.True(t, c.big)
	after := clean(c, recs[4])
	require.False(t, c.big)
	require.Equal(t, before, after)
	fresh, err := NewCleaner(Options{}, m)
	require.NoError(t, err)
	require.Equal(t, before, clean(fresh, recs[4]))
}

// printedText returns a text of pages of the given sizes in lines, each
// ending with a footer that numbers it, or, with heading, of sections of
// those sizes, each under heading(k).
func printedText(sizes []int, footer, heading func(k int) string) string {
	words := strings.Fields("the board said that repairs to the north quay would take until spring while the ferries ran from the old pier and traffic on the harbour road was slow")
	var b strings.Builder
	w := 0
	line := func() string {
		var l []string
		for range 11 {
			l = append(l, words[w%len(words)])
			w += 7
		}
		return "   " + strings.Join(l, " ")
	}
	for k, size := range sizes {
		if heading != nil {
			fmt.Fprintf(&b, "%s\n\n", heading(k+1))
		}
		for n := 0; n < size-3; n++ {
			if n%6 == 5 {
				b.WriteString("\n") // a blank line every sixth: paragraphs of five lines
			} else {
				b.WriteString(line() + ".\n")
			}
		}
		if footer != nil {
			fmt.Fprintf(&b, "\n%s\n\n", footer(k+1))
		} else {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// The Cleaner gives the classifier the line each paragraph starts on
// (boiler.Page.Lines): a footer that numbers pages of 56 lines goes as
// page furniture, and numbered headings over sections of their own
// lengths stay (without the lines they went as page numbers).
func TestCleanerPageLines(t *testing.T) {
	footer := func(k int) string { return fmt.Sprintf("Roe              Informational              [Page %d]", k) }
	step := func(k int) string { return fmt.Sprintf("Step %d", k) }
	pages := record("pages", "a.example", printedText([]int{56, 56, 56, 56, 56}, footer, nil))
	steps := record("steps", "b.example", printedText([]int{9, 25, 14, 40, 20}, nil, step))
	c := cleanerFor(t, records.Slice{pages, steps})
	r := c.Clean(pages)
	var gone []string
	for _, lr := range r.Removed {
		assert.Contains(t, lr.Reason, "page furniture", "%q", lr.Text)
		gone = append(gone, string(lr.Text))
	}
	assert.Equal(t, []string{footer(1), footer(2), footer(3), footer(4), footer(5)}, gone)
	r = c.Clean(steps)
	for _, lr := range r.Removed {
		assert.NotContains(t, lr.Reason, "page furniture", "%q", lr.Text)
	}
}

// The lines the Cleaner gives the classifier are those boiler.NewPage
// finds in the same text, for the paragraphs left after the repeat step
// (whose lines still count), with "\r\n" line ends too.
func TestCleanerLinesMatchNewPage(t *testing.T) {
	para := "The harbour board said that the north quay\r\nwould reopen in the spring after repairs\r\nto its cranes and its gates, damaged in the storm."
	text := strings.Join([]string{"HARBOUR WORKS", para, "A second paragraph\r\nof two lines.", para, "", "The end of the story, on a line of its own."}, "\r\n\r\n")
	var l boiler.Learner
	c, err := NewCleaner(Options{NoDedup: true}, l.Model())
	require.NoError(t, err)
	r := c.Clean(record("r", "a.example", text))
	require.NotEmpty(t, r.Removed)
	assert.Equal(t, "repeat", r.Removed[0].Why)
	want := boiler.NewPage("a.example", text).Lines
	require.Len(t, c.idx, len(want)-1) // the copy of para left out
	for k, i := range c.idx {
		assert.Equal(t, want[i], c.lines[k], "paragraph %d", i)
	}
}
