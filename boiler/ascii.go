package boiler

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

// The ASCII fast path of analyze.

// shortWords folds into acc and st the words of text from i on while they
// are runs of 1 to 15 ASCII letters followed by an ASCII byte or the end
// of text (read as a 0 byte past the end: see load8), skipping a
// white space byte, or an ASCII mark and a white space byte, after each
// (as analyze's loop would take them; a line break is white space here
// only when the lines are not marked), and returns the end of what it took
// and the last non-space byte (see analyze). It is analyze's fast path, 89% of the
// words of the generated pages of bench: an 8-byte load finds the word
// (letterBytes) and holds hashASCII's loads, taken apart without branches
// on the word's length. Kept in a function of its own so that the running
// keys stay in registers.
func shortWords(st *stats, acc *keyAcc, hs []uint64, text []byte, i int) (_ []uint64, end int, last byte) {
	ex, ma, ne, nNe, lne := acc.ex, acc.ma, acc.ne, acc.nNe, acc.lne
	split, lines := acc.split, acc.lines
	letters := 0
	space := uint8(afterSpace | afterNewline) // the bits of the bytes taken as a space
	if lines {
		space = afterSpace // a line break is left to analyze, which marks the line
	}
	for i < len(text) {
		v := load8(text, i)
		cls := asciiClass[byte(v)]
		if cls&classLetter == 0 {
			break
		}
		const lower = 0x2020202020202020
		lv := v | lower
		var n, k int       // the word's length; next is byte k of w
		var w, a, b uint64 // hashASCII's loads are a and b
		if stop := ^letterBytes(v) & msb8; stop != 0 {
			// 1 to 7 letters: a without branches on n
			n = bits.TrailingZeros64(stop) >> 3
			k, w = n, v
			a = lv&0xff | lv>>(8*(n/2)&63)&0xff<<8 | lv>>(8*(n-1)&63)&0xff<<16
			if a4 := lv&0xffffffff | lv>>(8*(n-4)&63)<<32; n >= 4 {
				a = a4
			}
		} else {
			// 8 to 15 letters
			w = load8(text, i+8)
			stop := ^letterBytes(w) & msb8
			if stop == 0 {
				break
			}
			k = bits.TrailingZeros64(stop) >> 3
			n = 8 + k
			a, b = lv, binary.LittleEndian.Uint64(text[i+n-8:])|lower
		}
		next := byte(w >> (8 * k & 63))
		if next >= utf8.RuneSelf {
			break
		}
		h := hashShort(a, b, n)
		letters += n
		st.upper += int(cls>>1) & 1 // classUpper
		ex = mix(ex, h)
		if split {
			ma = mix(ma, h)
		}
		hs = append(hs, h)
		if nn := mix(ne, h); n > 2 {
			ne = nn
			nNe++
		}
		if lines && n > 2 {
			lne = mix(lne, h)
		}
		// the usual space is told by a comparison: a load of its class
		// would lengthen the chain from one word to the next
		skip := 1
		last = 'a'
		if next != ' ' {
			if skip = skipAfter(st, next, byte(w>>(8*(k+1)&63)), k < 7, space); skip == 2 {
				last = next
			}
		}
		i += n + skip
	}
	acc.ex, acc.ma, acc.ne, acc.nNe, acc.lne = ex, ma, ne, nNe, lne
	st.letters += letters
	st.runes += letters
	return hs, i, last
}

// load8 returns the 8 bytes of text from i on, those past its end 0 (a
// byte no word holds, so that a word that ends the text ends there). text
// holds 8 bytes or more and i is at most len(text).
func load8(text []byte, i int) uint64 {
	if i+8 <= len(text) {
		return binary.LittleEndian.Uint64(text[i:])
	}
	return binary.LittleEndian.Uint64(text[len(text)-8:]) >> (8 * uint(i+8-len(text)))
}

// skipAfter returns the number of bytes after a word that shortWords
// skips, as analyze's loop would take them, and counts the mark it skips
// in st: next and b1 are the two bytes that follow the word (b1 only when
// ok), space the afterWord bits of white space. It skips a white space
// byte, or an ASCII mark and a white space byte: after a word no sentence
// end is pending, and after the space none is.
func skipAfter(st *stats, next, b1 byte, ok bool, space uint8) int {
	after := afterWord[next]
	if after&space != 0 {
		return 1
	}
	if after&afterMark == 0 || !ok || afterWord[b1]&space == 0 {
		return 0
	}
	st.runes++
	st.sentEnds += int(after>>2) & 1 // afterEnd
	st.seps += int(after>>3) & 1     // afterSep
	return 2
}

const (
	lsb8 = 0x0101010101010101
	msb8 = 0x8080808080808080
)

// letterBytes sets the high bit of the bytes of v that are ASCII letters
// and clears the others. y is every byte lower-cased (OR 0x20 maps 'A' to
// 'Z', and only them, onto 'a' to 'z') without its high bit, so that the
// per-byte additions y+0x1f (high bit set iff y >= 'a') and y+0x05 (iff
// y > 'z') never carry into the next byte.
func letterBytes(v uint64) uint64 {
	y := (v | 0x20*lsb8) &^ msb8
	return (y + 0x1f*lsb8) &^ (y + 0x05*lsb8) &^ v & msb8
}

// Classes of ASCII bytes for analyze's fast path: letters (upper-case ones
// also classUpper) and digits; 0 for every other byte, non-ASCII ones too.
const (
	classLetter = 1 << iota
	classUpper
	classDigit
)

// Classes of the ASCII bytes between words, for analyze's loop and
// shortWords (the one list of each): white space (a line break apart), a
// line break, and the marks (ASCII bytes neither letters, digits nor white
// space), of which the ends of sentences and the separators (see
// stats.seps) have a bit of their own. Bits 2 and 3 are read by position.
const (
	afterSpace = 1 << iota
	afterNewline
	afterEnd
	afterSep
	afterMark
)

var afterWord = func() (t [256]uint8) {
	for c := range utf8.RuneSelf {
		if asciiClass[c] == 0 {
			t[c] = afterMark
		}
	}
	for _, c := range " \t\r\v\f" {
		t[c] = afterSpace
	}
	t['\n'] = afterNewline
	for _, c := range ".!?" {
		t[c] |= afterEnd
	}
	for _, c := range "|></*" {
		t[c] |= afterSep
	}
	return t
}()

var asciiClass = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = classLetter
		t[c-'a'+'A'] = classLetter | classUpper
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = classDigit
	}
	return t
}()
