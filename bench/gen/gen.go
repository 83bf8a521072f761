package gen

import (
	"strconv"

	"github.com/neardup/dedupe/bench/internal/rng"
)

// Options configure a Generator. The zero value is the documented default:
// seed 0, 3,072-byte documents over a 30,000-word vocabulary.
type Options struct {
	// Seed selects the corpus: the same seed gives the same bytes, on every
	// platform and Go release.
	Seed uint64

	// DocBytes is the length of a document: a document ends with the
	// sentence in which it reaches DocBytes bytes, so it is at most a word
	// and a punctuation mark longer. 0 means 3072.
	DocBytes int

	// DocWords, when positive, fixes the number of words of a document
	// instead (numbers count as words) and DocBytes is ignored.
	DocWords int

	// Vocabulary is the number of distinct words. 0 means 30000.
	Vocabulary int
}

// Generator makes deterministic English-like synthetic text: documents,
// near-duplicate copies with controlled edits, pairs of known exact Jaccard
// similarity, multi-site web pages with boilerplate, and JSON Lines corpora.
//
// Word frequencies follow Zipf's law over a generated vocabulary whose top
// ranks are common English function words and the rest pronounceable
// syllable strings, shorter at higher ranks. Sentences of 6 to 25 words start
// with a capital and end with a full stop (sometimes a question or
// exclamation mark), carry the odd comma and number; paragraphs of 2 to 6
// sentences are separated by blank lines. The text is ASCII.
//
// A Generator is immutable after New and safe for concurrent use: every
// output is a function of the seed and its arguments only. Its zero value is
// not usable; call New.
type Generator struct {
	opts  Options
	vocab *vocabulary
}

// New returns a Generator for opts. It builds the vocabulary, which takes a
// few milliseconds.
func New(opts Options) *Generator {
	if opts.DocBytes <= 0 {
		opts.DocBytes = 3072
	}
	if opts.DocWords < 0 {
		opts.DocWords = 0
	}
	if opts.Vocabulary <= 0 {
		opts.Vocabulary = 30000
	}
	return &Generator{opts: opts, vocab: newVocabulary(opts.Seed, opts.Vocabulary)}
}

// Options returns the options of g, with defaults filled in.
func (g *Generator) Options() Options { return g.opts }

// Doc returns document i of the corpus. Different i give unrelated
// documents (their word 5-gram Jaccard similarity is close to 0).
func (g *Generator) Doc(i int) []byte { return g.AppendDoc(nil, i) }

// AppendDoc appends document i to dst and returns the extended buffer.
func (g *Generator) AppendDoc(dst []byte, i int) []byte {
	r := rng.New(g.opts.Seed, streamDoc, uint64(i))
	return g.appendText(dst, &r, g.opts.DocBytes, g.opts.DocWords)
}

// appendText appends paragraphs of sentences drawn from r until the text
// reaches nbytes bytes, or has exactly nwords words when nwords > 0.
func (g *Generator) appendText(dst []byte, r *rng.Stream, nbytes, nwords int) []byte {
	start := len(dst)
	words := 0
	done := func() bool {
		if nwords > 0 {
			return words >= nwords
		}
		return len(dst)-start >= nbytes
	}
	for !done() {
		if len(dst) > start {
			dst = append(dst, '\n', '\n')
		}
		for s, nsent := 0, 2+r.Intn(5); s < nsent && !done(); s++ {
			if s > 0 {
				dst = append(dst, ' ')
			}
			n := 6 + r.Intn(20)
			for w := 0; w < n; w++ {
				if w > 0 {
					dst = append(dst, ' ')
				}
				dst = g.appendWord(dst, r, w == 0)
				words++
				if w == n-1 || done() {
					break
				}
				if r.Intn(100) < 7 {
					dst = append(dst, ',')
				}
			}
			switch p := r.Intn(100); {
			case p < 5:
				dst = append(dst, '?')
			case p < 8:
				dst = append(dst, '!')
			default:
				dst = append(dst, '.')
			}
		}
	}
	return dst
}

// appendWord appends one word: a vocabulary word, or about one time in a
// hundred a number (a year, a count or a decimal).
func (g *Generator) appendWord(dst []byte, r *rng.Stream, capital bool) []byte {
	if r.Intn(100) == 0 {
		switch r.Intn(3) {
		case 0:
			return strconv.AppendInt(dst, int64(1900+r.Intn(130)), 10)
		case 1:
			return strconv.AppendInt(dst, int64(r.Intn(1000)), 10)
		default:
			dst = strconv.AppendInt(dst, int64(r.Intn(100)), 10)
			dst = append(dst, '.')
			return strconv.AppendInt(dst, int64(r.Intn(10)), 10)
		}
	}
	w := g.vocab.sample(r)
	if capital {
		dst = append(dst, w[0]-'a'+'A')
		return append(dst, w[1:]...)
	}
	return append(dst, w...)
}
