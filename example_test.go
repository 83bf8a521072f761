package dedupe_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/neardup/dedupe"
	"github.com/neardup/dedupe/records"
)

// Clean a corpus of files into an output file and its removal log, as
// "dedupe clean corpus.jsonl -o clean.jsonl" does.
func Example() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	ctx, o := context.Background(), filepath.Join(dir, "clean.jsonl")

	src := &records.Files{Paths: []string{"testdata/example.jsonl"}}
	out, _ := records.Create(o, records.OutputOptions{})
	removed, _ := records.Create(o+".removed.jsonl", records.OutputOptions{})
	st, err := dedupe.Clean(ctx, src, out, removed, dedupe.Options{})
	if err != nil {
		log.Fatal(err)
	}
	removed.Commit()
	out.Commit()
	fmt.Printf("%d of %d documents kept, %d bytes of boilerplate removed\n", st.DocsOut, st.DocsIn, st.BoilerBytes)
	// Output:
	// 3 of 4 documents kept, 231 bytes of boilerplate removed
}

// Clean a corpus as dedupe clean does: testdata/example.jsonl holds three
// pages of one site that share a footer, one of them with a paragraph
// pasted twice, and a copy of the first story on a news wire.
func ExampleClean() {
	src := &records.Files{Paths: []string{"testdata/example.jsonl"}}
	var out, removed bytes.Buffer
	st, err := dedupe.Clean(context.Background(), src, records.NewWriter(&out, nil), &removed, dedupe.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d documents in, %d out\n", st.DocsIn, st.DocsOut)
	for _, line := range bytes.Split(bytes.TrimSpace(removed.Bytes()), []byte("\n")) {
		fmt.Printf("%.100s...\n", line)
	}
	// Output:
	// 4 documents in, 3 out
	// {"id":"vp-1","what":"paragraph","why":"boilerplate","paragraph":3,"score":0.0114,"reason":"site 3/3 ...
	// {"id":"vp-2","what":"paragraph","why":"repeat","similarity":1,"paragraph":3,"kept_paragraph":2,"text...
	// {"id":"vp-2","what":"paragraph","why":"boilerplate","paragraph":4,"score":0.0114,"reason":"site 3/3 ...
	// {"id":"vp-3","what":"paragraph","why":"boilerplate","paragraph":3,"score":0.0114,"reason":"site 3/3 ...
	// {"id":"wire-9","what":"document","why":"near-duplicate","similarity":1,"estimate":1,"kept":"vp-1","r...
}

// Clean one page with a model learned from its site: the per-document step
// that every worker runs.
func ExampleCleaner() {
	ctx := context.Background()
	src := &records.Files{Paths: []string{"testdata/example.jsonl"}}
	model, err := dedupe.Learn(ctx, src, dedupe.Options{})
	if err != nil {
		log.Fatal(err)
	}
	c, err := dedupe.NewCleaner(dedupe.Options{}, model)
	if err != nil {
		log.Fatal(err)
	}
	page := &records.Record{ID: "vp-4", Site: "valleypost.example", Text: []byte(
		"New footpath along the river\n\n" +
			"A new footpath will link the old stone bridge with the railway station by the end of the summer, the council said on Tuesday, " +
			"after walkers and cyclists asked for a safer way to reach the trains than the narrow road over the hill.\n\n" +
			"Valley Post is funded by its readers. Subscribe for the weekly print edition.")}
	r := c.Clean(page)
	fmt.Printf("%s\n", r.Text)
	for _, p := range r.Removed {
		fmt.Printf("removed paragraph %d (%s: %s)\n", p.Paragraph, p.Why, p.Reason)
	}
	fmt.Printf("signature of %d values\n", len(r.Signature))
	// Output:
	// New footpath along the river
	//
	// A new footpath will link the old stone bridge with the railway station by the end of the summer, the council said on Tuesday, after walkers and cyclists asked for a safer way to reach the trains than the narrow road over the hill.
	// removed paragraph 2 (boilerplate: site 4/4 pages)
	// signature of 128 values
}
