package report_test

import (
	"fmt"
	"io"
	"strings"

	"github.com/neardup/dedupe/report"
)

func ExampleFromLog() {
	log := `{"id":"a","what":"paragraph","why":"boilerplate","reason":"site 3/3 pages","text":"Subscribe now"}
{"id":"b","what":"paragraph","why":"boilerplate","reason":"site 3/3 pages","text":"Subscribe now"}
{"id":"c","what":"document","why":"near-duplicate","similarity":0.91,"kept":"a"}
`
	d, err := report.FromLog(strings.NewReader(log))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range d.Steps {
		fmt.Println(s.Name, s.Docs, s.Paragraphs, s.Bytes)
	}
	fmt.Printf("%q on %d pages\n", d.Fragments[0].Text, d.Fragments[0].Pages)
	fmt.Println(d.Clusters.Largest[0].Kept, d.Clusters.Largest[0].Size)
	// The texts of the pairs come from the corpus.
	d.FillTexts(func(id string) (string, bool) { return "the text of " + id, true })
	fmt.Println(report.Write(io.Discard, d))
	// Output:
	// boilerplate 0 2 26
	// near-duplicates 1 0 -1
	// "Subscribe now" on 2 pages
	// a 2
	// <nil>
}

func ExampleCollector() {
	c := report.NewCollector(report.Limits{})
	c.Input("news.example", 3000) // every input document
	c.Input("news.example", 2900)
	c.Candidate(0.93) // every verified candidate pair
	c.Remove(&report.Removal{ID: "2", What: "document", Why: "near-duplicate", Kept: "1",
		Similarity: 0.93, Site: "news.example", Size: 2900}) // every removal record
	d := c.Data()
	d.NearDup.Threshold, d.NearDup.Bands, d.NearDup.Rows = 0.8, 9, 13
	fmt.Println(d.Totals.DocsOut, d.Totals.BytesOut, d.Sites[0].PagesAffected)
	// Output:
	// 1 3000 1
}
