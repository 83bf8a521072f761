package repeats_test

import (
	"fmt"

	"github.com/neardup/dedupe/repeats"
)

func ExampleFind() {
	text := "Subscribe to our newsletter to get the latest stories in your inbox every morning\n" +
		"The river flooded the lower town on Monday after three days of heavy rain in the hills\n" +
		"Subscribe to our newsletter to get the latest stories in your inbox every morning!\n" +
		"Subscribe to our newsletter to get the latest stories in your inbox every morning for free\n"
	// Paragraphs 0 and 2 are copies (punctuation is folded away); 3 shares
	// 10 of the 12 shingles of its union with 0 (J = 0.833). Each removed
	// paragraph is at least the threshold similar to the kept one.
	for _, g := range repeats.Find([]byte(text), repeats.Options{}) {
		fmt.Printf("keep %d, drop", g.Paragraphs[0].Index)
		for i, p := range g.Paragraphs[1:] {
			fmt.Printf(" %d (bytes %d:%d, J=%.3f)", p.Index, p.Start, p.End, g.Similarities[i+1])
		}
		fmt.Println()
	}
	// Output:
	// keep 0, drop 2 (bytes 169:251, J=1.000) 3 (bytes 252:342, J=0.833)
}
