package records

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestValidUTF8 checks validUTF8 against utf8.Valid: every sequence of
// two bytes, at the end of the text and followed by others, at every
// offset of the eight-byte words, long ASCII runs before a rune or an
// error, and random texts of valid and invalid pieces.
func TestValidUTF8(t *testing.T) {
	var q []byte
	check := func(p []byte) {
		t.Helper()
		if got, want := validUTF8(p), utf8.Valid(p); got != want {
			t.Fatalf("validUTF8(% x) = %v, want %v", p, got, want)
		}
	}
	step := 1
	if testing.Short() || raceEnabled {
		step = 7
	}
	for b0 := 0; b0 < 256; b0 += step {
		for b1 := 0; b1 < 256; b1++ {
			for _, b2 := range []byte{0x80, 0x8f, 0x90, 0xa0, 0xbf, 'a'} {
				for _, b3 := range []byte{0x80} {
					b := [...]byte{byte(b0), byte(b1), b2, b3, 'x', 0xa9}
					for _, l := range []int{2, len(b)} {
						for pre := range 8 {
							q = append(append(q[:0], "aaaaaaaaaaaa"[:pre]...), b[:l]...)
							check(q)
							check(append(q, "bbbbbbbbb"...))
						}
					}
				}
			}
		}
	}
	// long ASCII runs (passed 64 bytes at a time), then a rune or an
	// error at every offset of the blocks
	for pre := range 200 {
		for _, tail := range []string{"", "\xff", "é", "\xc3", "\xe2\x80\x94", "\xe2\x80", "😀", "\xed\xa0\x80"} {
			for _, post := range []string{"", "a", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"} {
				q = append(append(append(q[:0], strings.Repeat("x", pre)...), tail...), post...)
				check(q)
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", " ", "é", "ж", "—", "東", "😀", "\xc3", "\x80", "\xe2\x80", "\xf0\x9f", "\xed\xa0\x80", "\xc0\xaf", "\xef\xbf\xbd"}
	for range 100000 {
		q = q[:0]
		for k := r.IntN(40); k > 0; k-- {
			q = append(q, pieces[r.IntN(len(pieces))]...)
		}
		check(q)
	}
}

func FuzzValidUTF8(f *testing.F) {
	f.Add([]byte("Привет, мир — «ça va» 😀"))
	f.Add([]byte("abc\xc3"))
	f.Fuzz(func(t *testing.T, p []byte) {
		if got, want := validUTF8(p), utf8.Valid(p); got != want {
			t.Fatalf("validUTF8(% x) = %v, want %v", p, got, want)
		}
	})
}
