package shingle

import (
	"fmt"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalization selects how text is normalised before it is cut into tokens.
type Normalization uint8

const (
	// Fold is the default: NFKC compatibility folding (curly quotes,
	// ligatures, full-width forms), Unicode case folding, apostrophes and
	// format characters removed inside words, other punctuation, symbols and
	// control characters treated as separators, white space collapsed.
	Fold Normalization = iota
	// Whitespace reproduces strings.Fields(strings.ToLower(text)) exactly:
	// the truth definition of the evaluation data and the simple mode of
	// text-dedup and datatrove. Punctuation is kept; scripts written without
	// spaces are not split.
	Whitespace
)

// String returns the name of the normalisation ("fold", "whitespace").
func (n Normalization) String() string {
	switch n {
	case Fold:
		return "fold"
	case Whitespace:
		return "whitespace"
	}
	return fmt.Sprintf("Normalization(%d)", uint8(n))
}

// Unit selects what a shingle is made of.
type Unit uint8

const (
	// Words makes shingles of K consecutive word tokens (the default). In
	// Fold mode every Han, Hiragana, Katakana, Thai, Lao, Khmer and Myanmar
	// character is a token of its own.
	Words Unit = iota
	// Runes makes shingles of K consecutive runes of the normalised text
	// (tokens joined by single spaces, see AppendNormalized).
	Runes
)

// String returns the name of the unit ("words", "runes").
func (u Unit) String() string {
	switch u {
	case Words:
		return "words"
	case Runes:
		return "runes"
	}
	return fmt.Sprintf("Unit(%d)", uint8(u))
}

// DefaultK is the shingle size used when Options.K is 0.
const DefaultK = 5

// Options configures a Shingler. The zero value is the default: Fold
// normalisation, no digit masking, word 5-shingles, seed 0.
type Options struct {
	Normalization Normalization
	// MaskDigits replaces every run of decimal digits (Unicode Nd) by a
	// single '0', so "Posted 26 April 2025" and "Posted 3 May 2024" give
	// the same tokens.
	MaskDigits bool
	Unit       Unit
	// K is the shingle size in tokens (or runes); 0 means DefaultK.
	// K < 0 makes New panic.
	K int
	// Seed selects the hash function; equal seeds give equal hashes in
	// every process, on every machine and in every release.
	Seed uint64
}

// Shingler turns text into shingle hashes. It owns scratch buffers that it
// reuses from call to call, so once they have grown to the size of the
// documents it sees, Append and AppendTokens do not allocate.
//
// A Shingler is not safe for concurrent use; use one per goroutine. The
// zero value is usable and behaves as New(Options{}).
type Shingler struct {
	opts  Options
	ready bool

	keys  tokenKeys             // of the token hash (hashToken)
	init  []uint64              // init[m]: added to the polynomial of an m-token shingle, m = 1..K
	pk    uint64                // 3^K, to roll the polynomial
	ascii [utf8.RuneSelf]uint64 // token hash of each ASCII rune (Runes unit)
	wtab  [256]byte             // ASCII fast path: output byte of a "word" byte, 0 otherwise
	ftab  [256]bool             // the bytes the word hasher leaves to the general tokenizer

	norm  []byte   // normalised tokens, concatenated
	ends  []int    // ends[i]: end of token i in norm
	toks  []uint64 // token hashes
	low   []byte   // fast path: the text, word bytes in lower case
	wbits []uint64 // fast path: word-byte mask of each 64-byte block
	spans []uint64 // fast path: start<<32 | end of each token
	lists []uint32 // fast path: the indices of the tokens of 1 to 3, 4 to 8 and more bytes, in thirds
	nfkc  []byte   // NFKC scratch
	iter  norm.Iter
	c     cache // rune classification cache

	// fast path: the bytes at the start of the first block lowerBlocks
	// did not take that end a separator the block before began (see
	// spill.skip); the general tokenizer starts after them
	skipSpilt int
}

// New returns a Shingler for opts. It panics if opts.K is negative or a
// Normalization or Unit is not one of the constants of this package.
func New(opts Options) *Shingler {
	s := &Shingler{opts: opts}
	s.setup()
	return s
}

func (s *Shingler) setup() {
	o := &s.opts
	if o.K < 0 {
		panic(fmt.Sprintf("shingle: negative K %d", o.K))
	}
	if o.Normalization > Whitespace {
		panic(fmt.Sprintf("shingle: unknown %v", o.Normalization))
	}
	if o.Unit > Runes {
		panic(fmt.Sprintf("shingle: unknown %v", o.Unit))
	}
	if o.K == 0 {
		o.K = DefaultK
	}
	s.init = make([]uint64, o.K+1)
	for m := 1; m <= o.K; m++ {
		s.init[m] = avalanche(avalanche(o.Seed^initSalt) + uint64(m)*prime5)
	}
	s.pk = 1
	for range o.K {
		s.pk *= combineP
	}
	s.setKeys()
	for r := 0; r < utf8.RuneSelf; r++ {
		s.ascii[r] = s.hashToken([]byte{byte(r)})
	}
	s.buildTable()
	s.ready = true
}

// Options returns the options of s with defaults filled in (K is never 0).
func (s *Shingler) Options() Options {
	if !s.ready {
		s.setup()
	}
	return s.opts
}

// Append appends to dst the hashes of the shingles of text, in text order
// (a text that repeats itself gives repeated hashes; use Set for a set).
// A text with 1 to K-1 tokens has exactly one shingle, made of all its
// tokens; a text without tokens has none.
func (s *Shingler) Append(dst []uint64, text []byte) []uint64 {
	toks := s.tokenHashes(text)
	return s.combine(dst, toks)
}

// AppendString is Append for a string; it does not copy text.
func (s *Shingler) AppendString(dst []uint64, text string) []uint64 {
	return s.Append(dst, stringBytes(text))
}

// AppendTokens appends to dst one hash per token of text, in text order
// (in the Runes unit, one per rune of the normalised text).
func (s *Shingler) AppendTokens(dst []uint64, text []byte) []uint64 {
	return s.appendTokens(dst, text)
}

// AppendShingles appends to dst the hashes of the shingles of the token
// hashes toks, combined exactly as Append combines the tokens of a text:
// for every text,
//
//	s.Append(dst, text) == s.AppendShingles(dst, s.AppendTokens(nil, text))
//
// so a caller that needs both the tokens and the shingles of a text
// tokenises it once. Tokens of several texts may be concatenated: in the
// Words unit no token crosses ASCII white space, and blank lines have no
// token, so the tokens of paragraphs (Paragraphs) joined by the line
// breaks and blank lines between them are the concatenation of their
// tokens, and AppendShingles of those are the shingles of the joined text.
// Not so in the Runes unit, whose tokens include the spaces between words.
// AppendShingles does not modify toks.
func (s *Shingler) AppendShingles(dst, toks []uint64) []uint64 {
	if !s.ready {
		s.setup()
	}
	return s.combine(dst, toks)
}

// AppendNormalized appends to dst the normalised tokens of text joined by
// single spaces (no leading or trailing space). In the Runes unit, the
// shingles are the rune k-grams of this text.
func (s *Shingler) AppendNormalized(dst []byte, text []byte) []byte {
	s.scan(text)
	prev := 0
	for i, e := range s.ends {
		if i > 0 {
			dst = append(dst, ' ')
		}
		dst = append(dst, s.norm[prev:e]...)
		prev = e
	}
	return dst
}

// CountTokens returns the number of tokens of text (in the Runes unit, the
// number of runes of the normalised text).
func (s *Shingler) CountTokens(text []byte) int {
	s.scan(text)
	if s.opts.Unit == Words {
		return len(s.ends)
	}
	if len(s.ends) == 0 {
		return 0
	}
	// s.norm is valid UTF-8 (invalid input bytes never reach it as such),
	// so its runes are its bytes that are not continuation bytes.
	// (utf8.RuneCount allocated with go1.26 when this was written.)
	n := len(s.ends) - 1
	for _, c := range s.norm {
		if c&0xc0 != 0x80 {
			n++
		}
	}
	return n
}

// tokenHashes scans text and returns the token hashes in s.toks.
func (s *Shingler) tokenHashes(text []byte) []uint64 {
	s.toks = s.appendTokens(s.toks[:0], text)
	return s.toks
}

// appendTokens appends the token hashes of text to toks, with no copy
// through s.toks.
func (s *Shingler) appendTokens(toks []uint64, text []byte) []uint64 {
	if s.opts.Unit == Words {
		return s.wordHashes(toks, text)
	}
	s.scan(text)
	return s.runeHashes(toks)
}

// runeHashes appends the hash of every rune of the normalised text.
func (s *Shingler) runeHashes(toks []uint64) []uint64 {
	prev := 0
	for i, e := range s.ends {
		if i > 0 {
			toks = append(toks, s.ascii[' '])
		}
		w := s.norm[prev:e]
		for j := 0; j < len(w); {
			if c := w[j]; c < utf8.RuneSelf {
				toks = append(toks, s.ascii[c])
				j++
				continue
			}
			_, n := utf8.DecodeRune(w[j:])
			toks = append(toks, s.hashToken(w[j:j+n]))
			j += n
		}
		prev = e
	}
	return toks
}

// initSalt separates the shingle states from the token hashes.
const initSalt uint64 = 0x9e3779b97f4a7c15
