package gen

import (
	"bytes"
	"math"
	"strings"

	"github.com/cespare/xxhash/v2"

	"github.com/neardup/dedupe/bench/internal/rng"
)

// Edits describe a near-duplicate copy made by NearCopy.
type Edits struct {
	// Rate is the probability with which each word of the original is
	// edited: substituted by a random word (half of the edits), deleted (a
	// quarter) or followed by an inserted random word (a quarter). 0 copies
	// the words unchanged; 1 edits every word.
	Rate float64

	// Moves is the number of paragraphs moved to a random other position.
	Moves int

	// Variant selects one of many different copies with the same Rate and
	// Moves. For a fixed Variant, the edits made at a higher Rate include
	// those made at a lower one.
	Variant uint64
}

// NearCopy returns an edited copy of text: a function of the generator's
// seed, text and e only. Paragraphs are runs of text separated by blank
// lines, words are separated by white space; the copy joins words with single
// spaces and paragraphs with one blank line. A substituted word keeps the
// capital and the trailing punctuation of the word it replaces.
func (g *Generator) NearCopy(text []byte, e Edits) []byte {
	h := xxhash.Sum64(text)
	r := rng.New(g.opts.Seed^h, streamEdit, e.Variant)
	rate := math.Max(0, math.Min(1, e.Rate))

	paras := splitParagraphs(text)
	out := make([][]byte, 0, len(paras))
	var words [][]byte
	for _, p := range paras {
		var q []byte
		words = appendFields(words[:0], p)
		for _, w := range words {
			// Draw the same numbers for every word, whatever the rate,
			// so that a higher rate only adds edits.
			u := r.Float()
			kind := r.Intn(4)
			nw := g.vocab.sample(&r)
			if u >= rate {
				q = appendSep(q, w)
				continue
			}
			body, punct := splitPunct(w)
			switch kind {
			case 0, 1: // substitute
				q = appendSep(q, nil)
				if len(body) > 0 && body[0] >= 'A' && body[0] <= 'Z' {
					q = append(q, nw[0]-'a'+'A')
					q = append(q, nw[1:]...)
				} else {
					q = append(q, nw...)
				}
				q = append(q, punct...)
			case 2: // insert after, moving the punctuation to the new word
				q = appendSep(q, body)
				q = appendSep(q, []byte(nw))
				q = append(q, punct...)
			default: // delete, keeping the punctuation on the previous word
				if len(q) > 0 {
					q = append(q, punct...)
				}
			}
		}
		if len(q) > 0 {
			out = append(out, q)
		}
	}
	if len(out) > 1 && e.Moves > 0 {
		mr := rng.New(g.opts.Seed^h, streamMove, e.Variant)
		for range e.Moves {
			from := mr.Intn(len(out))
			p := out[from]
			out = append(out[:from], out[from+1:]...)
			to := mr.Intn(len(out) + 1)
			out = append(out, nil)
			copy(out[to+1:], out[to:])
			out[to] = p
		}
	}
	return bytes.Join(out, []byte("\n\n"))
}

// appendSep appends a space (unless b is empty) and w.
func appendSep(b, w []byte) []byte {
	if len(b) > 0 {
		b = append(b, ' ')
	}
	return append(b, w...)
}

// splitPunct splits a trailing run of . , ? ! : ; from w.
func splitPunct(w []byte) (body, punct []byte) {
	i := len(w)
	for i > 0 && strings.IndexByte(".,?!:;", w[i-1]) >= 0 {
		i--
	}
	return w[:i], w[i:]
}

// splitParagraphs splits text at blank lines (lines empty or only white space).
func splitParagraphs(text []byte) [][]byte {
	var paras [][]byte
	start, blank := -1, false
	lineStart := 0
	for i := 0; i <= len(text); i++ {
		if i < len(text) && text[i] != '\n' {
			continue
		}
		line := text[lineStart:i]
		blank = len(bytes.TrimSpace(line)) == 0
		if blank {
			if start >= 0 {
				paras = append(paras, text[start:lineStart])
				start = -1
			}
		} else if start < 0 {
			start = lineStart
		}
		lineStart = i + 1
	}
	if start >= 0 {
		paras = append(paras, text[start:])
	}
	return paras
}

// appendFields appends the white-space separated fields of p to dst.
func appendFields(dst [][]byte, p []byte) [][]byte {
	return append(dst, bytes.Fields(p)...)
}

// Pair is two documents and the exact word 5-gram Jaccard similarity of
// their shingle sets under the truth definition of ../shared/data/README.md:
// tokens are strings.Fields(strings.ToLower(text)), a text with 1 to 4
// tokens has one shingle of all its tokens.
type Pair struct {
	A, B    []byte
	Target  float64 // the similarity asked for
	Jaccard float64 // the exact similarity of A and B
}

// Pairs returns n pairs of documents; pair i aims at the similarity
// targets[i%len(targets)], a value in [0, 1]. A is a fresh document (not one
// of Doc's), B a NearCopy of it (without paragraph moves) whose edit rate is
// searched so that the exact Jaccard similarity is as close to the target as
// the document's length allows: with the default 3 KB documents, within about
// 0.01. A target of 1 gives an unedited copy, a target of 0 an unrelated
// document. Pairs returns nil when targets is empty.
func (g *Generator) Pairs(n int, targets ...float64) []Pair {
	if len(targets) == 0 {
		return nil
	}
	pairs := make([]Pair, n)
	for i := range pairs {
		t := math.Max(0, math.Min(1, targets[i%len(targets)]))
		r := rng.New(g.opts.Seed, streamPairDoc, uint64(2*i))
		a := g.appendText(nil, &r, g.opts.DocBytes, g.opts.DocWords)
		p := Pair{A: a, Target: t}
		var x exactJaccard
		x.setA(a)
		switch {
		case t >= 1:
			p.B = bytes.Clone(a)
		case t <= 0:
			r := rng.New(g.opts.Seed, streamPairDoc, uint64(2*i+1))
			p.B = g.appendText(nil, &r, g.opts.DocBytes, g.opts.DocWords)
		default:
			p.B = g.searchCopy(&x, a, t, uint64(i))
		}
		p.Jaccard = x.with(p.B)
		pairs[i] = p
	}
	return pairs
}

// searchCopy bisects the edit rate of a NearCopy of a so that its exact
// Jaccard similarity with a is closest to t. The similarity falls with the
// rate (edits only accumulate as the rate grows), up to noise.
func (g *Generator) searchCopy(x *exactJaccard, a []byte, t float64, variant uint64) []byte {
	// Starting guess: a word edit breaks about 5 shingles on each side, so
	// about (1-r)^5 of the shingles survive, and J = s/(2-s).
	s := 2 * t / (1 + t)
	guess := 1 - math.Pow(s, 0.2)
	lo, hi := 0.0, 1.0
	var best []byte
	bestErr := math.Inf(1)
	rate := guess
	for range 24 {
		b := g.NearCopy(a, Edits{Rate: rate, Variant: variant})
		j := x.with(b)
		if d := math.Abs(j - t); d < bestErr {
			best, bestErr = b, d
		}
		if j > t {
			lo = rate
		} else {
			hi = rate
		}
		if bestErr < 1e-9 || hi-lo < 1e-6 {
			break
		}
		rate = (lo + hi) / 2
	}
	return best
}

// exactJaccard computes exact word 5-gram Jaccard similarities against one
// fixed text A: tokens are interned to integers and a shingle is the array of
// its 5 token numbers, so no hashing is involved.
type exactJaccard struct {
	ids map[string]uint32
	a   map[[5]uint32]struct{}
}

func (x *exactJaccard) setA(a []byte) {
	x.ids = make(map[string]uint32)
	x.a = x.shingles(a)
}

// with returns the Jaccard similarity of A and b; 0 when both have no token.
func (x *exactJaccard) with(b []byte) float64 {
	sb := x.shingles(b)
	inter := 0
	for s := range sb {
		if _, ok := x.a[s]; ok {
			inter++
		}
	}
	union := len(x.a) + len(sb) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// shingles returns the set of word 5-grams of text; a text with 1 to 4
// tokens has one shingle, padded with an id no token has.
func (x *exactJaccard) shingles(text []byte) map[[5]uint32]struct{} {
	toks := strings.Fields(strings.ToLower(string(text)))
	ids := make([]uint32, len(toks))
	for i, t := range toks {
		id, ok := x.ids[t]
		if !ok {
			id = uint32(len(x.ids))
			x.ids[t] = id
		}
		ids[i] = id
	}
	set := make(map[[5]uint32]struct{}, len(ids))
	if len(ids) == 0 {
		return set
	}
	if len(ids) < 5 {
		s := [5]uint32{^uint32(0), ^uint32(0), ^uint32(0), ^uint32(0), ^uint32(0)}
		copy(s[:], ids)
		set[s] = struct{}{}
		return set
	}
	for i := 0; i+5 <= len(ids); i++ {
		set[[5]uint32(ids[i:i+5])] = struct{}{}
	}
	return set
}
