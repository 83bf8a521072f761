package records

import (
	"bytes"
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

// TestScanAVX512 checks scanAVX512, in both modes, against a byte loop,
// and skipPlain, strUnquote and AppendQuote with them against the same
// functions with eight bytes at a time, on random strings of every length
// to 200 at every alignment to 63, with the bytes that end a run ('"',
// '\\', control characters, and for quoting bytes of 0x80 or more) at
// random places or nowhere.
func TestScanAVX512(t *testing.T) {
	if !useAVX512 {
		t.Skip("no AVX512BW")
	}
	defer func() { useAVX512 = true }()
	r := rand.New(rand.NewPCG(11, 12))
	special := []byte{'"', '\\', 0, 0x1f, '\n', 0x80, 0xc3, 0xa9, 0xff, 0x20, 0x7f, 'n', 'u'}
	buf := make([]byte, 64+200)
	for it := range 40000 {
		n := r.IntN(201)
		off := r.IntN(64)
		s := buf[off : off+n]
		for j := range s {
			s[j] = byte(0x20 + r.IntN(0x5f))
			if s[j] == '"' || s[j] == '\\' {
				s[j] = 'a'
			}
		}
		for range r.IntN(4) {
			if n > 0 && it%7 != 0 {
				s[r.IntN(n)] = special[r.IntN(len(special))]
			}
		}
		if n == 0 {
			continue
		}
		wantPlain, wantHi := n, uint64(0)
		for j, c := range s {
			if c == '"' || c == '\\' || c < 0x20 {
				wantPlain = j
				break
			}
		}
		for _, c := range s[:wantPlain] {
			if c >= 0x80 {
				wantHi = 0x80
			}
		}
		wantQuote := n
		for j, c := range s {
			if c == '"' || c == '\\' || c < 0x20 || c >= 0x80 {
				wantQuote = j
				break
			}
		}
		gotPlain, gotHi := scanAVX512(&s[0], n, 0)
		if gotPlain != wantPlain || wantHi != 0 && gotHi == 0 {
			t.Fatalf("scanAVX512(%q, 0) = %d, %#x; want %d, %#x", s, gotPlain, gotHi, wantPlain, wantHi)
		}
		if got, _ := scanAVX512(&s[0], n, ^uint64(0)); got != wantQuote {
			t.Fatalf("scanAVX512(%q, all ones) = %d; want %d", s, got, wantQuote)
		}
		useAVX512 = false
		q1 := AppendQuote(nil, s)
		line := append(append([]byte(`{"t":`), q1...), '}')
		t1, l1, a1, e1 := unquoteText(line)
		useAVX512 = true
		q2 := AppendQuote(nil, s)
		t2, l2, a2, e2 := unquoteText(line)
		if !bytes.Equal(q1, q2) {
			t.Fatalf("AppendQuote(%q) = %q with AVX-512, %q without", s, q2, q1)
		}
		// ascii may be false for an ASCII literal (a check of UTF-8 then
		// runs on the text), never true for one that is not
		if !bytes.Equal(t1, t2) || l1 != l2 || (e1 == nil) != (e2 == nil) || a2 && !isASCII(line) {
			t.Fatalf("strUnquote(%q) = %q %v %v %v with AVX-512, %q %v %v %v without", line, t2, l2, a2, e2, t1, l1, a1, e1)
		}
	}
}

// unquoteText runs strUnquote on the string value that starts at byte 5
// of line.
func unquoteText(line []byte) ([]byte, bool, bool, error) {
	sc := scanner{b: line, i: 5}
	return sc.strUnquote(nil)
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// TestAppendQuoteReference checks AppendQuote, with and without AVX-512,
// against a quoting of one rune at a time on random strings of ASCII,
// two-byte runes (with broken ones: a missing or extra continuation byte,
// an overlong C0 or C1 lead, a lead at the end), longer runes, U+2028
// and invalid bytes.
func TestAppendQuoteReference(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	pieces := []string{"a", "plain text ", "\"", "\\", "\n", "\x01", "é", "Ж", "ж\u0432", "ß", "\xc3", "\xc3(", "\xc0\x80", "\xc1\xbf",
		"\xdf\xbf", "\xc2\x80", "\x80", "\xbf", "€", "\u2028", "\u2029", "😀", "\xe2\x80", "\xf0\x9f", "\xff", "\x7f", " "}
	defer func() { useAVX512 = avx512Default }()
	for range 20000 {
		var b []byte
		for range r.IntN(60) {
			b = append(b, pieces[r.IntN(len(pieces))]...)
		}
		want := refQuote(b)
		for _, vec := range []bool{false, avx512Default} {
			useAVX512 = vec
			if got := AppendQuote(nil, b); !bytes.Equal(got, want) {
				t.Fatalf("AppendQuote(%q) (AVX-512 %v) = %q; want %q", b, vec, got, want)
			}
		}
	}
}

var avx512Default = useAVX512

// refQuote quotes s one rune at a time, as AppendQuote does.
func refQuote(s []byte) []byte {
	const hexd = "0123456789abcdef"
	dst := []byte{'"'}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRune(s[i:])
		switch {
		case r == '"' || r == '\\':
			dst = append(dst, '\\', byte(r))
		case r == '\n':
			dst = append(dst, `\n`...)
		case r == '\r':
			dst = append(dst, `\r`...)
		case r == '\t':
			dst = append(dst, `\t`...)
		case r < 0x20:
			dst = append(dst, '\\', 'u', '0', '0', hexd[r>>4], hexd[r&0xf])
		case r == utf8.RuneError && n == 1:
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, '\\', 'u', '2', '0', '2', hexd[r&0xf])
		default:
			dst = append(dst, s[i:i+n]...)
		}
		i += n
	}
	return append(dst, '"')
}
