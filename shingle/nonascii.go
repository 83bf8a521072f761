package shingle

import (
	"encoding/binary"
	"math/bits"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The word hasher's non-ASCII blocks. Real text that is mostly ASCII
// carries a few non-ASCII runes: curly quotes and apostrophes, dashes,
// no-break spaces, "»" and "©" in menus, accented letters in names. Each
// used to end the fast run at its block, and a run shorter than minFast
// sent the whole rest of the text to the general tokenizer. Without
// MaskDigits, a block whose every non-ASCII byte belongs to a two-byte
// rune (U+0080 to U+07FF) or to a rune of U+2000 to U+2FFF that the word
// hasher can take as it is now stays on the fast path. In Fold mode:
//
//   - a separator (the fold class cSep: "»", "©", "“", "—", U+00A0) is a
//     run of non-word bytes, as an ASCII separator is one;
//   - an ignored rune (cIgnore: "’", U+200B) is a run of apostrophes,
//     dropped one byte at a time by dropApostrophes, as "'''" would be;
//   - a two-byte letter whose case folding takes two bytes ("É", "ж",
//     "ß" to "ss") is two word bytes, written folded to s.low.
//
// In Whitespace mode, which does not normalise, a white space rune
// (U+00A0, U+2003) is a separator and every other rune whose lower case
// takes as many bytes is part of a word, written lower-cased.
//
// In Fold mode the general tokenizer reads the same runes alike: each is
// left as it is by NFKC, or is a separator that NFKC maps to ASCII
// separators (see nfkcInert), and none combines with the rune before it
// (norm.Properties.BoundaryBefore). What could combine with such a rune or
// reorder around it is a combining mark, which is none of the three: its
// block ends the run, and the general tokenizer re-reads the token in
// progress from its start. A rune cut by the end of a block is read whole
// and its bytes in the next block are taken with that block (spill).
// FuzzWordHashes and TestWordHashesNonASCII check the result against the
// general tokenizer. (No rune of the two ranges but the marks fails
// the BoundaryBefore and combining-class test today; it guards the claim
// against other Unicode versions. The tables take 1,350 letters and
// digits, 3,139 separators and 38 ignored runes.)
//
// Measured on the real web pages of the bench package (go test -cpu 1
// -bench 'RealSpeedup/(pages|news)/fold|RealShape' ./bench/, two runs of
// each test binary in turn): shingles + signature 20.4 -> 26.8-27.2 times
// the naive form (705 -> 869-872 MB/s); against the same pages with every
// non-ASCII rune replaced by an ASCII byte that tokenises alike, tokenize
// 0.70 -> 0.95-0.99 and shingles + signature 0.75 -> 0.95-0.99 of the
// ASCII copy's speed. The news stories, nearly all ASCII, are unchanged.
// On French, German and Russian text (BenchmarkTokens/fold/european/3000,
// three runs of each test binary in turn), AppendTokens went from 85 to
// 435 MB/s; it ran at 82 before the runes cut by a block's end were taken
// (a rune ends one block in two in Russian text, and a block rejected in
// the first 256 bytes of a text hands the whole text to the general
// tokenizer). In Whitespace mode, whose general tokenizer is simpler, the
// same text went from 9.75 to 7.94 us (best of six runs), and the real
// pages' shingles + signature from 20.7-21.2 to 24.0-24.2 times the naive
// form (three runs of each build in turn).

// Classes of the runes of the non-ASCII tables (nonASCII).
const (
	naNone   uint8 = iota // not taken: the block ends the fast run
	naSep                 // a separator
	naIgnore              // removed without ending the token (Fold)
	naWord                // part of a token, written as its folded (or lower-cased) bytes
)

// runeEntry is the class of one rune of the tables and, for naWord, the
// bytes of its case folding (Fold) or lower case (Whitespace), as many as
// the rune's own.
type runeEntry struct {
	class uint8
	b     [3]byte
}

// nonASCIITables holds the entries of the two-byte runes, by lead byte
// (0xC2 to 0xDF) and continuation, and of the three-byte runes from
// U+2000 to U+2FFF (lead byte 0xE2), by second and third byte.
type nonASCIITables struct {
	two   [0xe0 - 0xc2][64]runeEntry
	three [64][64]runeEntry
}

// newTables builds the tables from entry.
func newTables(entry func(rune) runeEntry) *nonASCIITables {
	t := new(nonASCIITables)
	for r := rune(0x80); r < 0x800; r++ {
		t.two[r>>6-2][r&0x3f] = entry(r) // lead byte 0xc0 | r>>6
	}
	for r := rune(0x2000); r < 0x3000; r++ {
		t.three[r>>6&0x3f][r&0x3f] = entry(r)
	}
	return t
}

// foldTables and whitespaceTables return the tables of the two modes,
// built once from the general tokenizer's own classification
// (classifyFold, classifyWhitespace), so that both paths read a rune
// alike.
var (
	foldTables       = sync.OnceValue(func() *nonASCIITables { return newTables(foldEntry) })
	whitespaceTables = sync.OnceValue(func() *nonASCIITables { return newTables(whitespaceEntry) })
)

// wordEntry is the naWord entry of a rune whose folded or lower-cased
// form is f, if f takes as many bytes as r.
func wordEntry(r, f rune) runeEntry {
	e := runeEntry{class: naWord}
	if f <= 0 || utf8.RuneLen(f) != utf8.RuneLen(r) {
		return runeEntry{}
	}
	utf8.EncodeRune(e.b[:], f)
	return e
}

// foldEntry returns the table entry of r in Fold mode without MaskDigits.
func foldEntry(r rune) runeEntry {
	var b [utf8.UTFMax]byte
	enc := utf8.AppendRune(b[:0], r)
	p := norm.NFKC.Properties(enc)
	if !p.BoundaryBefore() || p.CCC() != 0 {
		return runeEntry{}
	}
	cl, f := classifyFold(r)
	switch cl {
	case cSep:
		if nfkcInert(r) {
			return runeEntry{class: naSep}
		}
	case cIgnore:
		if p.Decomposition() == nil && p.BoundaryAfter() {
			return runeEntry{class: naIgnore}
		}
	case cWord, cDigit:
		if cl == cDigit {
			f = caseFold(r) // a word rune without MaskDigits (see classify)
		}
		if p.Decomposition() != nil && string(norm.NFKC.Bytes(enc)) != string(enc) {
			return runeEntry{} // NFKC changes it: ligatures, compatibility forms
		}
		if f == foldSS { // ß: "ss", two bytes too
			return runeEntry{class: naWord, b: [3]byte{'s', 's'}}
		}
		if utf8.RuneLen(r) == 2 { // three-byte letters are left to the general tokenizer
			return wordEntry(r, f)
		}
	}
	return runeEntry{}
}

// whitespaceEntry returns the table entry of r in Whitespace mode without
// MaskDigits: a separator if it is white space, else a word rune lower
// cased (strings.ToLower, which does not normalise).
func whitespaceEntry(r rune) runeEntry {
	switch cl, f := classifyWhitespace(r); cl {
	case cSep:
		return runeEntry{class: naSep}
	case cDigit:
		return wordEntry(r, unicode.ToLower(r)) // a word rune without MaskDigits (see classify)
	default:
		return wordEntry(r, f)
	}
}

// spill is the part of a rune that a block began and the next one holds:
// n bytes of class class, written (for a word rune) as b[:n].
type spill struct {
	n     int
	class uint8
	b     [3]byte
}

// skip returns the bytes of the spilt rune that the general tokenizer
// must not read when the run ends at the block that holds them: none for
// a word rune, whose token is carried and read again from its start; the
// spilt bytes of a separator or an ignored rune, which would read as
// invalid UTF-8, a word in Whitespace mode.
func (sp spill) skip() int {
	if sp.class == naWord {
		return 0
	}
	return sp.n
}

// foldASCII returns the masks of the ASCII bytes of blk in Fold mode: word
// bytes (letters and digits), apostrophes, and the bytes of 0x80 or more.
// The top bit of every byte is cleared first: foldBlock's SWAR arithmetic
// is exact on ASCII bytes only.
func foldASCII(blk *[64]byte) (w, ap, hi uint64) {
	for j := 0; j < 64; j += 8 {
		x := binary.LittleEndian.Uint64(blk[j:])
		h := x & msb
		y := x &^ msb
		l := y | lsb*0x20
		letter := ge(l, 'a') ^ ge(l, 'z'+1)
		digit := ge(y, '0') ^ ge(y, '9'+1)
		apos := ^ge(y^(lsb*'\''), 1)
		w |= movemask((letter|digit)&^h) >> (56 - j)
		ap |= movemask(apos&^h) >> (56 - j)
		hi |= movemask(h) >> (56 - j)
	}
	return w, ap, hi
}

// whitespaceASCII returns the masks of the ASCII bytes of blk in
// Whitespace mode: word bytes (all but ASCII white space) and the bytes
// of 0x80 or more; ok is false if blk holds a NUL (special, as in s.wtab).
func whitespaceASCII(blk *[64]byte) (w, hi uint64, ok bool) {
	var nul uint64
	for j := 0; j < 64; j += 8 {
		x := binary.LittleEndian.Uint64(blk[j:])
		h := x & msb
		y := x &^ msb
		space := ^ge(y^(lsb*' '), 1)        // y_j == ' '
		ctl := ge(y, '\t') &^ ge(y, '\r'+1) // '\t' <= y_j <= '\r'
		w |= movemask(^(space|ctl)&^h) >> (56 - j)
		nul |= ^ge(y, 1) &^ h & msb // x_j == 0
		hi |= movemask(h) >> (56 - j)
	}
	return w, hi, nul == 0
}

// takeNonASCII takes the non-ASCII runes of the block blk, whose bytes of
// 0x80 or more are hi, for the fast path, with the tables t: it adds
// their bytes to the word mask w or the apostrophe mask ap and writes the
// bytes of their word runes to low. It returns ok = false if some
// non-ASCII byte is not part of a rune the tables take.
//
// A rune cut by the end of the block is read whole from next, the bytes
// that follow blk in the run (none past the run's end, where the rune is
// cut by the end of the text: not taken), and the bytes of it that the
// next block holds are returned as out, for the call on that block (in).
// In Cyrillic or Greek text every other block ends inside a letter.
func takeNonASCII(t *nonASCIITables, blk, low *[64]byte, next []byte, in spill, w, ap, hi uint64) (_, _ uint64, out spill, ok bool) {
	if in.n > 0 { // the end of the rune the block before began and read
		first := uint64(1)<<in.n - 1
		hi &^= first
		switch in.class {
		case naIgnore:
			ap |= first
		case naWord:
			w |= first
			low[0] = in.b[0]
			if in.n == 2 {
				low[1] = in.b[1]
			}
		}
	}
	for hi != 0 {
		j := bits.TrailingZeros64(hi)
		// the rune's bytes, from blk and next; zeros (no continuation
		// byte) past the end of the run
		var seq [3]byte
		k := copy(seq[:], blk[j:])
		copy(seq[k:], next)
		c := seq[0]
		n := 2
		var e runeEntry
		switch {
		case c >= 0xc2 && c < 0xe0 && seq[1]&0xc0 == 0x80:
			e = t.two[c-0xc2][seq[1]&0x3f]
		case c == 0xe2 && seq[1]&0xc0 == 0x80 && seq[2]&0xc0 == 0x80:
			e, n = t.three[seq[1]&0x3f][seq[2]&0x3f], 3
		default:
			return 0, 0, spill{}, false
		}
		bitsOf := (uint64(1)<<n - 1) << j // the bits past the block fall off
		switch e.class {
		case naSep:
		case naIgnore:
			ap |= bitsOf
		case naWord:
			w |= bitsOf
			// byte by byte: copy's call cost 7 % on European text
			low[j] = e.b[0]
			if j < 63 {
				low[j+1] = e.b[1]
			}
			if n == 3 && j < 62 {
				low[j+2] = e.b[2]
			}
		default:
			return 0, 0, spill{}, false
		}
		if m := j + n - 64; m > 0 {
			out = spill{n: m, class: e.class}
			copy(out.b[:], e.b[n-m:n])
		}
		hi &^= bitsOf
	}
	return w, ap, out, true
}
