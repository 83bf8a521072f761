package unionfind_test

import (
	"fmt"

	"github.com/neardup/dedupe/unionfind"
)

func ExampleForest() {
	f := unionfind.New(8)
	for _, e := range [][2]int{{4, 7}, {1, 6}, {7, 6}, {2, 3}} {
		f.Union(e[0], e[1])
	}
	fmt.Println(f.Groups(), f.Find(1) == f.Find(4), f.Size(2))
	// Output: [[1 4 6 7] [2 3]] true 2
}
