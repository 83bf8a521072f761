package gen_test

import (
	"bytes"
	"fmt"
	"os"

	"github.com/neardup/dedupe/bench/gen"
)

func ExampleGenerator_Doc() {
	g := gen.New(gen.Options{Seed: 1, DocBytes: 120})
	fmt.Printf("%s\n", g.Doc(0))
	// Output:
	// Nil, it been pluter siom of the our he to an of may caick dix after that. Tivoaplountion the to from as will crost smilquead.
}

func ExampleGenerator_Pairs() {
	g := gen.New(gen.Options{Seed: 1})
	for _, p := range g.Pairs(3, 0.5, 0.8, 0.95) {
		fmt.Printf("target %.2f: exact Jaccard %.2f\n", p.Target, p.Jaccard)
	}
	// Output:
	// target 0.50: exact Jaccard 0.50
	// target 0.80: exact Jaccard 0.80
	// target 0.95: exact Jaccard 0.95
}

func ExampleGenerator_NearCopy() {
	g := gen.New(gen.Options{Seed: 1, DocBytes: 120})
	doc := g.Doc(0)
	fmt.Printf("%s\n", g.NearCopy(doc, gen.Edits{Rate: 0.2}))
	fmt.Println(bytes.Equal(doc, g.NearCopy(doc, gen.Edits{})))
	// Output:
	// Nil a, it been pluter siom ases the our he to an of they caick dix after that. Tivoaplountion the to from as will kat crost smilquead.
	// true
}

func ExampleGenerator_WriteJSONL() {
	g := gen.New(gen.Options{Seed: 1, DocWords: 8})
	if _, err := g.WriteJSONL(os.Stdout, gen.Corpus{Docs: 4, DupRate: 0.5, EditRate: 0.5}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"id":"doc00000000","text":"Nil, it been pluter siom of the our."}
	// {"id":"doc00000001","text":"By piotriotrux kaer for moultoad ick are she."}
	// {"id":"doc00000002","text":"Thost raind are head curgroaston, and stiess yas."}
	// {"id":"doc00000003","text":"a been pluter siom of ame our.","dup_of":"doc00000000"}
}
