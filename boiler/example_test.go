package boiler_test

import (
	"bytes"
	"fmt"

	"github.com/neardup/dedupe/boiler"
)

// pages of one invented site: a menu, an article and the same footer.
var examplePages = []string{
	"Home\n\nNews\n\nThe harbour master said on Monday that the old pier will be rebuilt in stone, because the storms of the last two winters have broken most of its wooden beams.\n\nThe work is expected to take a year, and the ferry will use the north quay in the meantime.\n\nSubscribe to our newsletter",
	"Home\n\nNews\n\nVolunteers planted four hundred trees along the river on Saturday, and the town council has promised to water them through the summer if the weather stays dry.\n\nSubscribe to our newsletter",
	"Home\n\nNews\n\nThe library will open on Sundays from next month, after readers signed a petition that asked for longer hours during the exams.\n\nSubscribe to our newsletter",
}

// learnExample learns the example pages.
func learnExample() *boiler.Model {
	var l boiler.Learner
	var a boiler.PageAnalysis
	for _, text := range examplePages {
		a.Analyze(boiler.NewPage("harbour.example", text))
		l.Add(&a)
	}
	return l.Model()
}

func ExampleLearner() {
	var l boiler.Learner
	var a boiler.PageAnalysis // reused from page to page
	for _, text := range examplePages {
		a.Analyze(boiler.NewPage("harbour.example", text)) // may run on another goroutine
		l.Add(&a)
	}
	m := l.Model()
	fmt.Println(m.Sites(), m.Pages("harbour.example"))
	// Output: 1 3
}

func ExampleClassifier_Classify() {
	c := learnExample().Classifier(boiler.Options{})
	body := "Volunteers planted four hundred trees along the river on Saturday, and the town council has promised to water them through the summer if the weather stays dry."
	page := boiler.Page{Site: "harbour.example", Paragraphs: []string{"Home", "News", body, body, "Subscribe to our newsletter"}}
	for _, p := range c.Classify(nil, page) {
		fmt.Printf("%d %-11s %s\n", p.Index, p.Label, p.Reason)
	}
	// Output:
	// 0 boilerplate site 3/3 pages
	// 1 boilerplate site 3/3 pages
	// 2 content     text
	// 3 repeat      repeat
	// 4 boilerplate site 3/3 pages
}

// A page given as plain text keeps its content paragraphs, whether they
// are separated by blank lines or, as text extracted from web pages often
// is, one per line.
func ExampleNewPage() {
	c := learnExample().Classifier(boiler.Options{})
	text := "Home\nNews\nThe harbour master said on Monday that the old pier will be rebuilt in stone, because the storms of the last two winters have broken most of its wooden beams.\nThe work is expected to take a year, and the ferry will use the north quay in the meantime.\nSubscribe to our newsletter\n"
	for _, p := range c.Classify(nil, boiler.NewPage("harbour.example", text)) {
		if p.Label == boiler.Content {
			fmt.Println(p.Text)
		}
	}
	// Output:
	// The harbour master said on Monday that the old pier will be rebuilt in stone, because the storms of the last two winters have broken most of its wooden beams.
	// The work is expected to take a year, and the ferry will use the north quay in the meantime.
}

func ExampleModel_WriteTo() {
	var buf bytes.Buffer
	if _, err := learnExample().WriteTo(&buf); err != nil {
		panic(err)
	}
	var m boiler.Model
	if _, err := m.ReadFrom(&buf); err != nil {
		panic(err)
	}
	fmt.Println(m.Pages("harbour.example"))
	// Output: 3
}

func ExampleModel_Merge() {
	var a, b boiler.Learner
	var an boiler.PageAnalysis
	for i, text := range examplePages {
		an.Analyze(boiler.NewPage("harbour.example", text))
		if i == 0 {
			a.Add(&an)
		} else {
			b.Add(&an)
		}
	}
	m := a.Model()
	m.Merge(b.Model())
	fmt.Println(m.Pages("harbour.example"))
	// Output: 3
}
