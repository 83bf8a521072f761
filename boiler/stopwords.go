package boiler

import "github.com/cespare/xxhash/v2"

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
func wordHash(w string) uint64 { return xxhash.Sum64String(w) }
