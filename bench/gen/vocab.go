package gen

import (
	"math/bits"

	"github.com/neardup/dedupe/bench/internal/rng"
)

// Streams of the generator: each use of randomness has its own, so that
// changing one kind of output never shifts another.
const (
	streamVocab uint64 = iota + 1
	streamDoc
	streamPairDoc
	streamEdit
	streamMove
	streamCorpus
	streamSite
	streamPage
	streamPageBody
)

// functionWords are the most frequent English words, in rough frequency
// order: they take the top ranks of the vocabulary so that the generated text
// has the short, frequent words real text has.
var functionWords = []string{
	"the", "of", "and", "to", "a", "in", "is", "that", "for", "it",
	"as", "was", "with", "be", "by", "on", "not", "he", "this", "are",
	"or", "his", "from", "at", "which", "but", "have", "an", "they", "you",
	"were", "her", "she", "there", "been", "one", "all", "we", "their", "has",
	"would", "when", "if", "so", "no", "will", "more", "can", "who", "its",
	"them", "out", "some", "into", "up", "than", "do", "only", "other", "may",
	"could", "then", "these", "my", "what", "over", "also", "about", "any", "such",
	"our", "most", "new", "time", "made", "like", "two", "first", "after", "him",
}

var (
	onsets = []string{
		"b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "y", "z",
		"b", "c", "d", "l", "m", "n", "p", "r", "s", "t",
		"bl", "br", "ch", "cl", "cr", "dr", "fl", "fr", "gl", "gr", "pl", "pr", "sc", "sh", "sl",
		"sm", "sn", "sp", "st", "str", "sw", "th", "tr", "wh", "qu", "",
	}
	nuclei = []string{
		"a", "e", "i", "o", "u", "a", "e", "i", "o", "e", "a",
		"ai", "ea", "ee", "ie", "oa", "oo", "ou", "io", "y",
	}
	codas = []string{
		"", "", "", "", "n", "r", "s", "t", "l", "d", "m", "nd", "nt", "st", "ng", "ck", "rt", "ll", "ss", "th", "x",
	}
	suffixes = []string{"ing", "ed", "s", "er", "ly", "tion", "ment", "ness", "al", "ive", "able", "ous", "es", "ity"}
)

// vocabulary is the ranked word list and a Zipf sampler over it.
//
// Drawing a word reads one 16-byte bucket, which locates its two candidate
// words in one contiguous string: against an alias table plus a []string
// this took the generator from 160 to 185 MB/s of CPU time.
type vocabulary struct {
	words []string
	total uint64
	draw  []drawBucket
	text  string // all words, in rank order
}

// drawBucket is an alias bucket whose ranks are replaced by the location of
// their words in vocabulary.text: offset<<8 | length.
type drawBucket struct {
	prob     uint64
	own, alt uint32
}

// newVocabulary builds n distinct words: the function words first, then
// pronounceable syllable strings, shorter ones at higher ranks (in English the
// frequent words are the short ones).
func newVocabulary(seed uint64, n int) *vocabulary {
	n = max(n, len(functionWords)+1)
	r := rng.New(seed, streamVocab, 0)
	seen := make(map[string]bool, n)
	words := make([]string, 0, n)
	for _, w := range functionWords {
		seen[w] = true
		words = append(words, w)
	}
	type cand struct {
		w   string
		key int
	}
	cands := make([]cand, 0, n-len(words))
	var b []byte
	for len(words)+len(cands) < n {
		b = b[:0]
		// 1 to 3 syllables, mostly 2.
		syl := 1 + r.Intn(2) + r.Intn(2)*r.Intn(2)
		for range syl {
			b = append(b, onsets[r.Intn(len(onsets))]...)
			b = append(b, nuclei[r.Intn(len(nuclei))]...)
			b = append(b, codas[r.Intn(len(codas))]...)
		}
		if r.Intn(5) == 0 {
			b = append(b, suffixes[r.Intn(len(suffixes))]...)
		}
		w := string(b)
		if seen[w] || len(w) < 3 {
			continue
		}
		seen[w] = true
		// Rank mostly by length, with noise so that lengths overlap.
		cands = append(cands, cand{w, len(w)*8 + r.Intn(40)})
	}
	// A stable counting sort by key (keys are small): a comparison sort
	// took most of New's 35 ms.
	maxKey := 0
	for _, c := range cands {
		maxKey = max(maxKey, c.key)
	}
	start := make([]int, maxKey+2)
	for _, c := range cands {
		start[c.key+1]++
	}
	for k := 1; k < len(start); k++ {
		start[k] += start[k-1]
	}
	sorted := make([]string, len(cands))
	for _, c := range cands {
		sorted[start[c.key]] = c.w
		start[c.key]++
	}
	words = append(words, sorted...)
	v := &vocabulary{words: words}
	refs := make([]uint32, len(words))
	var text []byte
	for i, w := range words {
		refs[i] = uint32(len(text))<<8 | uint32(len(w))
		text = append(text, w...)
	}
	v.text = string(text)
	a := newZipfAlias(len(words))
	v.total = a.total
	v.draw = make([]drawBucket, len(a.buckets))
	for j, b := range a.buckets {
		v.draw[j] = drawBucket{prob: b.prob, own: refs[j], alt: refs[b.alias]}
	}
	return v
}

// sample returns a random word, Zipf-distributed over the ranks: the draw of
// zipfAlias.sample.
func (v *vocabulary) sample(r *rng.Stream) string {
	b := &v.draw[r.Intn(len(v.draw))]
	ref := b.alt
	if hi, _ := bits.Mul64(r.Next(), v.total); hi < b.prob {
		ref = b.own
	}
	off := ref >> 8
	return v.text[off : off+ref&0xff]
}

// zipfAlias samples ranks 0..n-1 with probability proportional to 1/(rank+1)
// (Zipf's law with exponent 1, close to English word frequencies) in O(1) by
// Walker's alias method (Vose's construction, IEEE TSE 1991). Weights are
// integers, so the table, and the text, are the same on every platform.
type zipfAlias struct {
	total   uint64 // bucket capacity: the sum of the weights
	buckets []aliasBucket
}

// aliasBucket j yields rank j when a uniform draw in [0, total) is below
// prob, else rank alias.
type aliasBucket struct {
	prob  uint64
	alias int32
}

func newZipfAlias(n int) zipfAlias {
	const scale = 1 << 40
	w := make([]uint64, n)
	var total uint64
	for i := range w {
		w[i] = scale / uint64(i+1)
		total += w[i]
	}
	// Scaled weights q[i] = w[i]*n; a bucket holds exactly total.
	q := make([]uint64, n)
	var small, large []int32
	for i := range q {
		q[i] = w[i] * uint64(n)
		if q[i] < total {
			small = append(small, int32(i))
		} else {
			large = append(large, int32(i))
		}
	}
	a := zipfAlias{total: total, buckets: make([]aliasBucket, n)}
	for len(small) > 0 && len(large) > 0 {
		s := small[len(small)-1]
		small = small[:len(small)-1]
		l := large[len(large)-1]
		a.buckets[s] = aliasBucket{q[s], l}
		q[l] -= total - q[s]
		if q[l] < total {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	for _, i := range large {
		a.buckets[i] = aliasBucket{total, i}
	}
	for _, i := range small { // rounding leftovers: full buckets
		a.buckets[i] = aliasBucket{total, i}
	}
	return a
}

func (a *zipfAlias) sample(r *rng.Stream) int {
	j := r.Intn(len(a.buckets))
	b := &a.buckets[j]
	hi, _ := bits.Mul64(r.Next(), a.total)
	if hi < b.prob {
		return j
	}
	return int(b.alias)
}
