package boiler

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestRuneTables checks decodeRune and appendLower against utf8 and
// unicode: on every rune, and on every two-byte sequence and every
// three-byte one that starts with 0xE2 (the tables' lead bytes), valid or
// not, followed by a byte of each kind.
func TestRuneTables(t *testing.T) {
	check := func(p []byte) {
		r, size, flags, e, ok := decodeRune(runeTab(), p)
		wr, wsize := utf8.DecodeRune(p)
		if !ok {
			flags = runeFlags(wr) // the caller asks the unicode package
		}
		if r != wr || size != wsize || flags != runeFlags(wr) {
			t.Fatalf("decodeRune(% x) = %U, %d, %04b; want %U, %d, %04b", p, r, size, flags, wr, wsize, runeFlags(wr))
		}
		if got, want := string(appendLower(nil, r, e)), string(unicode.ToLower(wr)); got != want {
			t.Fatalf("appendLower(%U) = %q, want %q", r, got, want)
		}
	}
	var b [utf8.UTFMax + 1]byte
	for r := rune(0); r <= unicode.MaxRune; r++ {
		n := utf8.EncodeRune(b[:], r)
		b[n] = 'x'
		check(b[:n+1])
		check(b[:n])
	}
	for b0 := range 256 {
		for b1 := range 256 {
			for _, b2 := range []byte{0, 'a', 0x80, 0x9f, 0xbf, 0xc3, 0xff} {
				check([]byte{byte(b0), byte(b1), b2})
				check([]byte{0xe2, byte(b0), byte(b1), b2})
			}
			check([]byte{byte(b0), byte(b1)})
		}
	}
}
