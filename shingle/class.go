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
// NFKC leaves alone elsewhere: r neither combines with the runes before
// it nor lets the runes after it combine with or reorder around it, and
// NFKC maps it to itself, or to a lone U+0020 SPACE that, like r, is a
// separator (U+00A0 NO-BREAK SPACE, the fixed-width spaces U+2000 to
// U+200A, U+202F, U+205F, U+3000). No-break spaces are most of the runes
// that NFKC changes in real text (29,423 of 31,376 in every 50th document
// of the README's documentation corpus), and each sent its segment
// through the normaliser.
func nfkcInert(r rune) bool {
	if r == utf8.RuneError {
		return false
	}
	var b [utf8.UTFMax]byte
	p := norm.NFKC.Properties(utf8.AppendRune(b[:0], r))
	if !p.BoundaryBefore() || p.CCC() != 0 {
		return false
	}
	if d := p.Decomposition(); d != nil {
		// What follows can only attach to the space if it is a
		// combining mark, which is not inert: foldSegment stops there.
		return string(d) == " " && unicode.IsSpace(r)
	}
	return p.BoundaryAfter()
}
