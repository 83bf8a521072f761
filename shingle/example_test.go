package shingle_test

import (
	"fmt"

	"github.com/neardup/dedupe/shingle"
)

func ExampleNew() {
	s := shingle.New(shingle.Options{K: 3})
	a := shingle.Set(s.AppendString(nil, "The quick brown fox jumps over the lazy dog."))
	b := shingle.Set(s.AppendString(nil, "the QUICK brown fox jumped over the lazy dog"))
	fmt.Println(len(a), len(b), shingle.Intersect(a, b))
	// Output: 7 7 4
}

func ExampleShingler_AppendNormalized() {
	fold := shingle.New(shingle.Options{MaskDigits: true})
	ws := shingle.New(shingle.Options{Normalization: shingle.Whitespace})
	text := []byte("Don’t miss it: ＦＵＬＬ-width ﬁles, 26 April 2025!")
	fmt.Printf("%s\n", fold.AppendNormalized(nil, text))
	fmt.Printf("%s\n", ws.AppendNormalized(nil, text))
	// Output:
	// dont miss it full width files 0 april 0
	// don’t miss it: ｆｕｌｌ-width ﬁles, 26 april 2025!
}

func ExampleShingler_Append() {
	s := shingle.New(shingle.Options{})
	var buf []uint64
	for _, doc := range []string{"one two three four five six", "short text", ""} {
		buf = s.AppendString(buf[:0], doc)
		fmt.Println(len(buf))
	}
	// Output:
	// 2
	// 1
	// 0
}

func ExampleJaccard() {
	a := shingle.Set([]uint64{4, 1, 2, 3})
	b := shingle.Set([]uint64{3, 4, 5, 6, 5})
	fmt.Println(shingle.Jaccard(a, b))
	// Output: 0.3333333333333333
}

func ExampleParagraphs() {
	text := []byte("Title\r\n\r\nFirst paragraph,\r\nhard-wrapped.\r\n\r\nSecond one.\r\n")
	for _, p := range shingle.Paragraphs(nil, text, shingle.Auto) {
		fmt.Printf("%d-%d %q\n", p.Start, p.End, text[p.Start:p.End])
	}
	// Output:
	// 0-5 "Title"
	// 9-40 "First paragraph,\r\nhard-wrapped."
	// 44-55 "Second one."
}
