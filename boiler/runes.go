package boiler

import (
	"sync"
	"unicode"
	"unicode/utf8"
)

// The classes of the non-ASCII runes that analyze reads most, from tables.
// Each rune outside ASCII used to cost a decoding and three to five
// searches of Unicode's range tables (unicode.IsLetter, IsMark, IsDigit,
// then IsSpace or IsUpper and ToLower), some 50 ns: French, German or
// Russian text went through analyze at a seventh of the speed of English.
// The runes of two bytes (U+0080 to U+07FF: Latin, Greek, Cyrillic,
// Hebrew, Arabic, ...) and those of U+2000 to U+2FFF (punctuation, dashes,
// quotes, symbols) are looked up instead, with the same answers: the
// tables are built from the same functions (TestRuneTables checks them
// all).

// Rune flags: what analyze asks of a rune.
const (
	rWord  = 1 << iota // unicode.IsLetter or unicode.IsMark: part of a word
	rDigit             // unicode.IsDigit
	rUpper             // unicode.IsUpper
	rSpace             // unicode.IsSpace
)

// runeFlags returns the flags of r, from the unicode package.
func runeFlags(r rune) uint8 {
	var f uint8
	if unicode.IsLetter(r) || unicode.IsMark(r) {
		f |= rWord
	}
	if unicode.IsDigit(r) {
		f |= rDigit
	}
	if unicode.IsUpper(r) {
		f |= rUpper
	}
	if unicode.IsSpace(r) {
		f |= rSpace
	}
	return f
}

// lowerEntry is a two-byte rune's flags and the UTF-8 encoding of its
// lower case (unicode.ToLower), of n bytes.
type lowerEntry struct {
	flags uint8
	n     uint8
	low   [3]byte
}

// runeTables holds the flags of the ASCII runes, the entries of the
// two-byte runes, by lead byte (0xC2 to 0xDF) and continuation, and the
// flags of U+2000 to U+2FFF (lead byte 0xE2), by second and third byte.
type runeTables struct {
	ascii [utf8.RuneSelf]uint8
	two   [0xe0 - 0xc2][64]lowerEntry
	three [64][64]uint8
}

var runeTab = sync.OnceValue(func() *runeTables {
	t := new(runeTables)
	for r := range rune(utf8.RuneSelf) {
		t.ascii[r] = runeFlags(r)
	}
	for r := rune(0x80); r < 0x800; r++ {
		e := &t.two[r>>6-2][r&0x3f] // lead byte 0xc0 | r>>6
		e.flags = runeFlags(r)
		e.n = uint8(len(utf8.AppendRune(e.low[:0], unicode.ToLower(r))))
	}
	for r := rune(0x2000); r < 0x3000; r++ {
		t.three[r>>6&0x3f][r&0x3f] = runeFlags(r)
	}
	return t
})

// decodeRune is utf8.DecodeRune with the flags of the rune when the tables
// hold it (ok), and for a two-byte rune its table entry (else nil). For
// other runes the caller asks the unicode package what it needs: the
// searches of its range tables cost more than the rest of a rune's work.
// t is runeTab(), looked up once by the caller (a sync.OnceValue call per
// rune took a tenth of analyze's time on Russian text).
func decodeRune(t *runeTables, p []byte) (r rune, size int, flags uint8, e *lowerEntry, ok bool) {
	if len(p) == 0 {
		return utf8.RuneError, 0, 0, nil, false
	}
	switch c := p[0]; {
	case c < utf8.RuneSelf:
		return rune(c), 1, t.ascii[c], nil, true
	case c >= 0xc2 && c < 0xe0 && len(p) >= 2 && p[1]&0xc0 == 0x80:
		e = &t.two[c-0xc2][p[1]&0x3f]
		return rune(c&0x1f)<<6 | rune(p[1]&0x3f), 2, e.flags, e, true
	case c == 0xe2 && len(p) >= 3 && p[1]&0xc0 == 0x80 && p[2]&0xc0 == 0x80:
		r = 0x2000 | rune(p[1]&0x3f)<<6 | rune(p[2]&0x3f)
		return r, 3, t.three[p[1]&0x3f][p[2]&0x3f], nil, true
	}
	r, size = utf8.DecodeRune(p)
	return r, size, 0, nil, false
}

// appendLower appends the lower case of r (entry e, if not nil) to buf.
func appendLower(buf []byte, r rune, e *lowerEntry) []byte {
	if e != nil {
		if e.n == 2 { // nearly always: without the copy's call
			return append(buf, e.low[0], e.low[1])
		}
		return append(buf, e.low[:e.n]...)
	}
	return utf8.AppendRune(buf, unicode.ToLower(r))
}
