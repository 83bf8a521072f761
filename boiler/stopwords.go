package boiler

import (
	"encoding/binary"
	"math/bits"

	"github.com/zeebo/xxh3"
)

// priorStopwords is the small built-in English prior of function words; the
// Model adds the frequent words it learns from the corpus (any language).
var priorStopwords = [...]string{
	"a", "about", "after", "all", "also", "an", "and", "any", "are", "as",
	"at", "be", "because", "been", "before", "but", "by", "can", "could",
	"did", "do", "does", "for", "from", "had", "has", "have", "he", "her",
	"him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just",
	"more", "most", "my", "no", "not", "of", "on", "one", "only", "or",
	"other", "our", "out", "over", "said", "she", "so", "some", "than",
	"that", "the", "their", "them", "then", "there", "these", "they", "this",
	"those", "through", "to", "up", "us", "very", "was", "we", "were",
	"what", "when", "where", "which", "while", "who", "will", "with",
	"would", "you", "your",
}

// wordHash is the hash of a lower-cased word, as analyze computes it.
func wordHash(w string) uint64 { return hashWord(stringBytes(w)) }

// hashWord hashes a lower-cased word. Words of up to 16 bytes (nearly all)
// are read as two overlapping 64-bit loads, which with the length determine
// the word, folded by one 64×64→128-bit multiplication (the short-input
// path of wyhash); longer words go to XXH3, the hash of package shingle.
// xxhash on every word was 12% of labelling time (BenchmarkBoilerGenLabel
// in bench).
func hashWord(w []byte) uint64 {
	n := len(w)
	var a, b uint64
	switch {
	case n > 16:
		return xxh3.Hash(w)
	case n >= 8:
		a, b = binary.LittleEndian.Uint64(w), binary.LittleEndian.Uint64(w[n-8:])
	case n >= 4:
		a = uint64(binary.LittleEndian.Uint32(w)) | uint64(binary.LittleEndian.Uint32(w[n-4:]))<<32
	case n > 0:
		a = uint64(w[0]) | uint64(w[n/2])<<8 | uint64(w[n-1])<<16
	}
	return hashShort(a, b, n)
}

// hashShort is hashWord of a word of n <= 16 bytes from its loads a, b.
func hashShort(a, b uint64, n int) uint64 {
	hi, lo := bits.Mul64(a^0xa0761d6478bd642f, b^0xe7037ed1a0b428db^uint64(n))
	hi, lo = bits.Mul64(hi^lo^0x8ebc6af09c88c6e3, 0x589965cc75374cc3)
	return hi ^ lo
}

// hashASCII is hashWord of w lower-cased, for a run w of 1 to 16 ASCII
// letters or digits: OR-ing 0x20 into every byte lower-cases the letters
// and leaves the digits as they are, so the loads are lower-cased in
// place, without copying w.
func hashASCII(w []byte) uint64 {
	const lower = 0x2020202020202020
	n := len(w)
	var a, b uint64
	switch {
	case n >= 8:
		a, b = binary.LittleEndian.Uint64(w)|lower, binary.LittleEndian.Uint64(w[n-8:])|lower
	case n >= 4:
		a = uint64(binary.LittleEndian.Uint32(w)) | uint64(binary.LittleEndian.Uint32(w[n-4:]))<<32 | lower
	default:
		a = uint64(w[0]) | uint64(w[n/2])<<8 | uint64(w[n-1])<<16 | 0x202020
	}
	return hashShort(a, b, n)
}
