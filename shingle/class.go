package shingle

import (
	"golang.org/x/text/unicode/norm"
	"unicode"
	"unicode/utf8"
)

// Classes of runes, after normalisation.
const (
	cSep    uint8 = iota // ends the current token (white space, punctuation, symbols, controls, invalid UTF-8)
	cWord                // part of a word token
	cDigit               // decimal digit (Unicode Nd): masked by MaskDigits
	cIgnore              // removed without ending the token (apostrophes, format characters)
	cSingle              // a token on its own (scripts written without spaces)
	cMark                // combining mark: extends the current token, dropped outside one
)

// foldSS is the folded value of ß and ẞ, which fold to "ss".
const foldSS = -2

// isASCIISpace reports the ASCII bytes that unicode.IsSpace accepts.
var isASCIISpace = [256]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// singleScripts are the scripts written without spaces between words, whose
// characters are tokens of their own in Fold mode.
var singleScripts = []*unicode.RangeTable{
	unicode.Han, unicode.Hiragana, unicode.Katakana,
	unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar,
}

// apostrophes are removed inside words in Fold mode, so that "don't",
// "don’t" and "dont" are the same token.
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '\u2018', '\u2019', '\u02bc', '\uff07':
		return true
	}
	return false
}

// classifyFold returns the Fold class of r, which must already be NFKC
// normalised, and its case-folded value (foldSS for "ss").
func classifyFold(r rune) (uint8, rune) {
	switch {
	case r == utf8.RuneError || unicode.IsSpace(r):
		return cSep, r
	case isApostrophe(r) || unicode.Is(unicode.Cf, r):
		return cIgnore, r
	case unicode.IsDigit(r):
		return cDigit, r
	case unicode.IsLetter(r):
		for _, t := range singleScripts {
			if unicode.Is(t, r) {
				return cSingle, r
			}
		}
		return cWord, caseFold(r)
	case unicode.IsMark(r):
		return cMark, caseFold(r)
	case unicode.IsNumber(r):
		return cWord, caseFold(r)
	}
	return cSep, r
}

// caseFold maps r to its simple case folding (upper then lower case, so
// that ſ, K and k, ς and σ fold together); ß and ẞ fold to "ss".
func caseFold(r rune) rune {
	f := unicode.ToLower(unicode.ToUpper(r))
	if f == 'ß' {
		return foldSS
	}
	return f
}

// classifyWhitespace returns the Whitespace class of r and its lower case
// (the mapping of strings.ToLower). Invalid UTF-8 becomes U+FFFD, as in
// strings.ToLower.
func classifyWhitespace(r rune) (uint8, rune) {
	switch {
	case unicode.IsSpace(r):
		return cSep, r
	case unicode.IsDigit(r):
		return cDigit, r
	}
	return cWord, unicode.ToLower(r)
}

// cacheSize is the number of entries of the direct-mapped rune cache. The
// Unicode classification costs 50-150 ns a rune (range-table searches); a
// text uses few distinct runes, so a small cache makes the non-ASCII path
// several times faster (see BenchmarkTokens/fold/cyrillic).
const cacheSize = 1024

type cacheEntry struct {
	key   rune // rune + 1; 0 means empty
	fold  rune
	class uint8
	inert bool // see nfkcInert
}

type cache [cacheSize]cacheEntry

// classify returns the class and folded value of the non-ASCII rune r for
// the normalisation of s, and whether it is inert (see nfkcInert).
func (s *Shingler) classify(r rune) (uint8, rune, bool) {
	e := &s.c[uint32(r)%cacheSize]
	if e.key == r+1 {
		return e.class, e.fold, e.inert
	}
	var c uint8
	var f rune
	if s.opts.Normalization == Fold {
		c, f = classifyFold(r)
	} else {
		c, f = classifyWhitespace(r)
	}
	if !s.opts.MaskDigits && c == cDigit {
		c = cWord
		if s.opts.Normalization == Fold {
			f = caseFold(r)
		} else {
			f = unicode.ToLower(r)
		}
	}
	*e = cacheEntry{key: r + 1, fold: f, class: c, inert: nfkcInert(r)}
	return c, f, e.inert
}

// nfkcInert reports whether Fold may tokenise r as it is in text that
// NFKC leaves alone elsewhere: r does not combine with the runes before
// it, and NFKC maps it to itself without letting the runes after it
// combine with or reorder around it, or maps it to ASCII separators only
// while r is a separator too: U+00A0 NO-BREAK SPACE and the other
// fixed-width spaces (to a space), full-width punctuation such as U+FF0C
// (to ','), U+2026 (to "..."). Nothing joins such ASCII to what precedes
// it, and what can attach to it afterwards is a combining mark, which is
// not inert itself: foldSegment stops there and normalises the segment.
// No-break spaces are most of the runes that NFKC changes in real text
// (29,423 of 31,376 in every 50th document of the README's documentation
// corpus, then full-width commas), and each sent its segment through the
// normaliser; in Chinese text, a full-width comma every few words did.
func nfkcInert(r rune) bool {
	if r == utf8.RuneError {
		return false
	}
	var b [utf8.UTFMax]byte
	p := norm.NFKC.Properties(utf8.AppendRune(b[:0], r))
	if !p.BoundaryBefore() || p.CCC() != 0 {
		return false
	}
	d := p.Decomposition()
	if d == nil {
		return p.BoundaryAfter()
	}
	if c, _ := classifyFold(r); c != cSep {
		return false
	}
	for _, c := range d {
		if c >= utf8.RuneSelf || foldClass(c) != cSep {
			return false
		}
	}
	return true
}
