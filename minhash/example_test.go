package minhash_test

import (
	"fmt"

	"github.com/neardup/dedupe/minhash"
)

// words returns n distinct stand-ins for shingle hashes (real ones come
// from the shingle package).
func words(from, n int) []uint64 {
	xs := make([]uint64, n)
	for i := range xs {
		xs[i] = uint64(from + i)
	}
	return xs
}

func Example() {
	h := minhash.New(minhash.Options{Seed: 1}) // OnePermutation, K = 128
	a := h.Append(nil, words(0, 400))          // shingles 0..399
	b := h.Append(nil, words(40, 400))         // shingles 40..439: Jaccard 360/440 ≈ 0.82
	fmt.Printf("%d values, similarity %.2f\n", len(a), minhash.Similarity(a, b))
	// Output: 128 values, similarity 0.80
}

func ExampleHasher_Append() {
	h := minhash.New(minhash.Options{K: 4, Seed: 7})
	sig := h.Append(nil, []uint64{10, 20, 30})
	same := h.Append(nil, []uint64{30, 10, 20, 10}) // order and duplicates do not matter
	fmt.Println(minhash.Similarity(sig, same))
	// Reuse one buffer for many documents: no allocation per document.
	buf := make(minhash.Signature, 0, h.K())
	buf = h.Append(buf[:0], []uint64{10, 20, 30})
	fmt.Println(len(buf))
	// Output:
	// 1
	// 4
}

func ExampleIsEmpty() {
	h := minhash.New(minhash.Options{K: 8})
	empty := h.Append(nil, nil) // a document with no shingles
	fmt.Println(minhash.IsEmpty(empty), empty[0] == minhash.EmptyValue)
	fmt.Println(minhash.Similarity(empty, empty)) // empty documents share nothing
	// Output:
	// true true
	// 0
}

func ExampleSimilarity() {
	h := minhash.New(minhash.Options{K: 256, Family: minhash.Classic})
	a := h.Append(nil, words(0, 100))
	b := h.Append(nil, words(1000, 100)) // disjoint
	fmt.Println(minhash.Similarity(a, a), minhash.Similarity(a, b))
	// Output: 1 0
}

func ExampleSignature_AppendBinary() {
	h := minhash.New(minhash.Options{K: 4, Seed: 3})
	sig := h.Append(nil, []uint64{1, 2, 3})
	enc, err := sig.AppendBinary(nil)
	if err != nil {
		panic(err)
	}
	var back minhash.Signature
	if err := back.UnmarshalBinary(enc); err != nil {
		panic(err)
	}
	fmt.Println(len(enc), minhash.Similarity(sig, back))
	// Output: 22 1
}

func ExampleOptions_AppendBinary() {
	// Store the options once beside a collection of signatures.
	enc, _ := minhash.Options{Seed: 42}.AppendBinary(nil)
	var o minhash.Options
	if err := o.UnmarshalBinary(enc); err != nil {
		panic(err)
	}
	fmt.Printf("%+v\n", o)
	// Output: {K:128 Seed:42 Family:onepermutation}
}
