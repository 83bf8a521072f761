package main

import (
	"bytes"
	"encoding/binary"

	"github.com/cespare/xxhash/v2"
	dgryski "github.com/dgryski/go-minhash"
	ekzhu "github.com/ekzhu/minhash-lsh"

	"github.com/neardup/dedupe/bench/naive"
	"github.com/neardup/dedupe/minhash"
	"github.com/neardup/dedupe/shingle"
)

// A method turns one document into a MinHash signature of k values.
//
// Methods whose input is "text" start from the document's bytes and include
// their tokenising and shingling; methods whose input is "hashes" start from
// the document's word 5-shingle hashes (the shingle package's Whitespace
// mode, computed once, outside the timing), so that they measure the
// signature alone.
type method struct {
	id    string // short name for benchmarks
	name  string
	input string // "text" or "hashes"
	// truth reports whether the method sketches exactly the shingle sets of
	// the truth definition (strings.Fields(strings.ToLower(text)), word
	// 5-grams), so that its estimates can be scored against exact Jaccard.
	truth bool
	// new returns a function computing a signature; it returns the
	// signature as a comparable key per value (valid until the next call).
	new func(k int) func(text []byte, hashes []uint64) []uint64
}

// methods lists everything the program measures, ours first.
var methods = []method{
	{"ours-fold", "dedupe one-permutation (fold)", "text", false, oursText(shingle.Options{}, minhash.OnePermutation)},
	{"ours", "dedupe one-permutation (whitespace)", "text", true, oursText(whitespace, minhash.OnePermutation)},
	{"ours-classic", "dedupe classic (whitespace)", "text", true, oursText(whitespace, minhash.Classic)},
	{"naive", "naive k-permutation (whitespace)", "text", true, naiveText},
	{"dgryski", "dgryski/go-minhash", "text", true, dgryskiText},
	{"ekzhu", "ekzhu/minhash-lsh", "text", true, ekzhuText},
	{"ours", "dedupe one-permutation", "hashes", true, oursHashes(minhash.OnePermutation)},
	{"ours-classic", "dedupe classic", "hashes", true, oursHashes(minhash.Classic)},
	{"naive", "naive k-permutation", "hashes", true, naiveHashes},
	{"dgryski", "dgryski/go-minhash", "hashes", true, dgryskiHashes},
	{"ekzhu", "ekzhu/minhash-lsh", "hashes", true, ekzhuHashes},
}

var whitespace = shingle.Options{Normalization: shingle.Whitespace}

// widen copies a 32-bit signature into dst as 64-bit values.
func widen(dst []uint64, sig []uint32) []uint64 {
	dst = dst[:0]
	for _, v := range sig {
		dst = append(dst, uint64(v))
	}
	return dst
}

func oursText(opts shingle.Options, f minhash.Family) func(int) func([]byte, []uint64) []uint64 {
	return func(k int) func([]byte, []uint64) []uint64 {
		s := shingle.New(opts)
		h := minhash.New(minhash.Options{K: k, Family: f})
		var sh []uint64
		var sig minhash.Signature
		var out []uint64
		return func(text []byte, _ []uint64) []uint64 {
			sh = s.Append(sh[:0], text)
			sig = h.Append(sig[:0], sh)
			out = widen(out, sig)
			return out
		}
	}
}

func oursHashes(f minhash.Family) func(int) func([]byte, []uint64) []uint64 {
	return func(k int) func([]byte, []uint64) []uint64 {
		h := minhash.New(minhash.Options{K: k, Family: f})
		var sig minhash.Signature
		var out []uint64
		return func(_ []byte, hashes []uint64) []uint64 {
			sig = h.Append(sig[:0], hashes)
			out = widen(out, sig)
			return out
		}
	}
}

func naiveText(k int) func([]byte, []uint64) []uint64 {
	s := shingle.New(whitespace)
	n := naive.New(k, 1)
	var sh []uint64
	var sig []uint32
	var out []uint64
	return func(text []byte, _ []uint64) []uint64 {
		sh = s.Append(sh[:0], text)
		sig = n.Append(sig[:0], sh)
		out = widen(out, sig)
		return out
	}
}

func naiveHashes(k int) func([]byte, []uint64) []uint64 {
	n := naive.New(k, 1)
	var sig []uint32
	var out []uint64
	return func(_ []byte, hashes []uint64) []uint64 {
		sig = n.Append(sig[:0], hashes)
		out = widen(out, sig)
		return out
	}
}

// shingleBytes calls push with each word 5-gram of text under the truth
// definition, as the bytes of its tokens joined by single spaces: the
// straightforward way to feed a library whose sketch takes []byte elements
// (neither peer tokenises). A text with 1 to 4 tokens has one shingle.
// Buffers are reused across calls.
type shingleBytes struct {
	lower []byte
	toks  [][]byte
	buf   []byte
}

func (s *shingleBytes) each(text []byte, push func([]byte)) {
	s.lower = appendLower(s.lower[:0], text)
	s.toks = appendFields(s.toks[:0], s.lower)
	n := len(s.toks)
	if n == 0 {
		return
	}
	if n < 5 {
		s.buf = append(s.buf[:0], bytes.Join(s.toks, []byte{' '})...)
		push(s.buf)
		return
	}
	for i := 0; i+5 <= n; i++ {
		s.buf = s.buf[:0]
		for j, t := range s.toks[i : i+5] {
			if j > 0 {
				s.buf = append(s.buf, ' ')
			}
			s.buf = append(s.buf, t...)
		}
		push(s.buf)
	}
}

// appendLower appends text lower-cased as strings.ToLower does, with an
// ASCII fast path.
func appendLower(dst, text []byte) []byte {
	for _, c := range text {
		if c >= 0x80 {
			return append(dst, bytes.ToLower(text)...)
		}
	}
	for _, c := range text {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// appendFields appends the fields of text split at Unicode white space, as
// bytes.Fields, without allocating the result.
func appendFields(dst [][]byte, text []byte) [][]byte {
	start := -1
	for i, c := range text {
		if c >= 0x80 { // rare here; defer to the standard library
			return append(dst[:0], bytes.Fields(text)...)
		}
		space := c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
		if space {
			if start >= 0 {
				dst = append(dst, text[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		dst = append(dst, text[start:])
	}
	return dst
}

// dgryskiText feeds go-minhash the shingle bytes, hashed by its two hash
// functions: xxhash with two seeds (a fast 64-bit hash, as its doc advises).
func dgryskiText(k int) func([]byte, []uint64) []uint64 {
	var s shingleBytes
	d := xxhash.NewWithSeed(0x5eed)
	h2 := func(b []byte) uint64 {
		d.ResetWithSeed(0x5eed)
		d.Write(b)
		return d.Sum64()
	}
	return func(text []byte, _ []uint64) []uint64 {
		m := dgryski.NewMinWise(xxhash.Sum64, h2, k)
		s.each(text, m.Push)
		return m.Signature()
	}
}

// dgryskiHashes feeds go-minhash our shingle hashes as 8 bytes each, with
// hash functions that only decode and remix them (the second made odd, so
// that its k multiples differ): the library's own cost.
func dgryskiHashes(k int) func([]byte, []uint64) []uint64 {
	h1 := func(b []byte) uint64 { return binary.LittleEndian.Uint64(b) }
	h2 := func(b []byte) uint64 { return mix64(binary.LittleEndian.Uint64(b)) | 1 }
	var buf [8]byte
	return func(_ []byte, hashes []uint64) []uint64 {
		m := dgryski.NewMinWise(h1, h2, k)
		for _, h := range hashes {
			binary.LittleEndian.PutUint64(buf[:], h)
			m.Push(buf[:])
		}
		return m.Signature()
	}
}

// ekzhuText feeds minhash-lsh the shingle bytes; it hashes them with its own
// seeded FNV-1a functions.
func ekzhuText(k int) func([]byte, []uint64) []uint64 {
	var s shingleBytes
	return func(text []byte, _ []uint64) []uint64 {
		m := ekzhu.NewMinhash(1, k)
		s.each(text, m.Push)
		return m.Signature()
	}
}

// ekzhuHashes feeds minhash-lsh our shingle hashes as 8 bytes each (its hash
// functions are fixed).
func ekzhuHashes(k int) func([]byte, []uint64) []uint64 {
	var buf [8]byte
	return func(_ []byte, hashes []uint64) []uint64 {
		m := ekzhu.NewMinhash(1, k)
		for _, h := range hashes {
			binary.LittleEndian.PutUint64(buf[:], h)
			m.Push(buf[:])
		}
		return m.Signature()
	}
}

func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// similarity is the fraction of equal values of two signatures, the
// estimator all these sketches share (minhash.Similarity is the same on
// non-empty sets, which are all that is measured here).
func similarity(a, b []uint64) float64 {
	eq := 0
	for i := range a {
		if a[i] == b[i] {
			eq++
		}
	}
	return float64(eq) / float64(len(a))
}
