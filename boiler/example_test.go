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

func ExampleLearner() {
	var l boiler.Learner
	for _, p := range examplePages {
		l.Add("harbour.example", []byte(p))
	}
	m := l.Model()
	fmt.Println(m.Sites(), m.Pages("harbour.example"))
	// Output: 1 3
}

func ExampleModel_Clean() {
	var l boiler.Learner
	for _, p := range examplePages {
		l.Add("harbour.example", []byte(p))
	}
	m := l.Model()
	fmt.Printf("%s", m.Clean("harbour.example", []byte(examplePages[0])))
	// Output:
	// The harbour master said on Monday that the old pier will be rebuilt in stone, because the storms of the last two winters have broken most of its wooden beams.
	//
	// The work is expected to take a year, and the ferry will use the north quay in the meantime.
}

func ExampleModel_Label() {
	var l boiler.Learner
	for _, p := range examplePages {
		l.Add("harbour.example", []byte(p))
	}
	m := l.Model()
	paras := []string{"Home", "News", "Volunteers planted four hundred trees along the river on Saturday, and the town council has promised to water them through the summer if the weather stays dry.", "Volunteers planted four hundred trees along the river on Saturday, and the town council has promised to water them through the summer if the weather stays dry.", "Subscribe to our newsletter"}
	for _, p := range m.Label("harbour.example", paras) {
		fmt.Printf("%d %-11s %s\n", p.Offset, p.Label, p.Reason)
	}
	// Output:
	// 0 boilerplate site 3/3 pages
	// 1 boilerplate site 3/3 pages
	// 2 content     text
	// 3 repeat      repeat
	// 4 boilerplate site 3/3 pages
}

func ExampleModel_WriteTo() {
	var l boiler.Learner
	for _, p := range examplePages {
		l.Add("harbour.example", []byte(p))
	}
	var buf bytes.Buffer
	if _, err := l.Model().WriteTo(&buf); err != nil {
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
	a.Add("harbour.example", []byte(examplePages[0]))
	b.Add("harbour.example", []byte(examplePages[1]))
	b.Add("harbour.example", []byte(examplePages[2]))
	m := a.Model()
	m.Merge(b.Model())
	fmt.Println(m.Pages("harbour.example"))
	// Output: 3
}
