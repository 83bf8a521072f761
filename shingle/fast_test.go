package shingle

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestMovemask checks the SWAR bit gathering on every pattern of top bits,
// with garbage in the other bits.
func TestMovemask(t *testing.T) {
	for m := 0; m < 256; m++ {
		var f uint64
		for i := 0; i < 8; i++ {
			f |= uint64(0x55+i) << (8 * i)
			if m>>i&1 != 0 {
				f |= 0x80 << (8 * i)
			} else {
				f &^= 0x80 << (8 * i)
			}
		}
		if got := movemask(f) >> 56; got != uint64(m) {
			t.Fatalf("movemask(%#x) = %#x, want %#x", f, got, m)
		}
		if movemask(f)<<8 != 0 {
			t.Fatalf("movemask(%#x) = %#x has low bits", f, movemask(f))
		}
	}
}

// slowWordHashes is the general path that the fast word hasher must agree
// with: scan the whole text, then hash every token.
func slowWordHashes(s *Shingler, text []byte) []uint64 {
	s.scan(text)
	return s.hashWords(nil)
}

// fastPieces build long texts that cross the 64-byte blocks of the fast
// path in every way: tokens of every length up to 40, capitals, digits,
// punctuation, white space of every kind, and the bytes it leaves to the
// general tokenizer (non-ASCII, NUL, invalid UTF-8), and apostrophes,
// which it removes itself in Fold mode.
var fastPieces = []string{
	" ", " ", " ", "  ", "\n", "\t", "\r\n", "\v\f", ",", ".", "-", "=", "@", "[", "`", "{", "~", "\x01", "\x7f",
	"a", "I", "of", "the", "Fox", "jumps", "OVER", "lazy", "dog's", "12", "2025", "x1y2",
	"abcdefg", "abcdefgh", "abcdefghi", "ABCDEFGHIJKLMNO", "abcdefghijklmnop",
	"supercalifragilisticexpialidocious", "0123456789abcdefghijklmnopqrstuvwxyz0123",
	"’", "'", "\x00", "\xff", "é", "ß", "ﬁ", "東京", "ภา", "\u0301", "=\u0338", "\u00a0", "\u2003", "Ｆ",
	// Non-ASCII runes the fast path takes in Fold mode (see nonASCII), and
	// some it does not: compatibility forms, case foldings of another
	// length, digits, format characters, marks.
	"»", "©", "“", "”", "—", "…", "‘", "\u200b", "\u2060", "É", "Äpfel", "жЖ", "ΣΑΣ", "ς", "İ", "ı", "ſ", "µ", "×",
	"²", "\u0663", "€", "™", "\u2028", "Ǆ", "ǅ", "\u00ad", "\xc3", "\xe2\x80", "\u0308", "\u05b0", "ÿ", "Ÿ",
	// Apostrophes, which the fast path removes in Fold mode: between
	// letters, at the edges of a word, in runs, alone, after a token
	// longer than a block.
	"don't", "rock'n'roll", "'tis", "students'", "''", "'''", "a'b'c'd'e'f'g'h'i'j'k'l'm'n'o'p'q'r's't",
	"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz'",
}

// TestWordHashesLong checks AppendTokens (the fast path) against the
// general tokenizer on long generated texts, in every mode.
func TestWordHashesLong(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 300; trial++ {
		var b strings.Builder
		n := r.IntN(600)
		special := trial%3 != 0 // a third of the texts are plain ASCII
		for b.Len() < n {
			p := fastPieces[r.IntN(len(fastPieces))]
			if !special && (p[0] >= 0x80 || strings.ContainsAny(p, "'\x00")) {
				continue
			}
			b.WriteString(p)
		}
		checkWordHashes(t, b.String())
	}
	checkWordHashes(t, strings.Repeat("abcdefgh", 8))  // a token filling a block
	checkWordHashes(t, strings.Repeat("abcdefgh ", 8)) // ending just past one
	checkWordHashes(t, strings.Repeat("x", 64)+"é")
	checkWordHashes(t, strings.Repeat("x", 200)+" é")
	// An apostrophe at every offset of the blocks, after tokens that
	// start in the block before it or earlier.
	for n := 1; n < 140; n++ {
		checkWordHashes(t, strings.Repeat("y ", 30)+strings.Repeat("x", n)+"'s "+strings.Repeat("z", 70))
		checkWordHashes(t, strings.Repeat("x", n)+"''"+strings.Repeat("w", n%7)+"'")
		checkWordHashes(t, strings.Repeat("y ", 40)+strings.Repeat("ab'", n)+" é")
	}
}

// TestWordHashesNonASCII checks AppendTokens against the general
// tokenizer around every rune of the ranges that the fast path's tables
// cover (U+0080 to U+07FF, U+2000 to U+2FFF): inside a word, between
// words, next to apostrophes, before a combining mark, and in a token
// still in progress where a rune the tables do not take ends the fast
// run. Each snippet is a text of its own, after 256 bytes or more of
// ASCII text (a shorter fast run sends the rest of the text to the
// general tokenizer, see minFast), at offsets of the 64-byte blocks where
// the snippet's runes and tokens are cut by the end of a block; in Fold
// and Whitespace modes.
func TestWordHashesNonASCII(t *testing.T) {
	ss := []*Shingler{New(Options{Seed: 5}), New(Options{Seed: 5, Normalization: Whitespace})}
	filler := strings.Repeat("fox ", 80)
	aligns := []int{0, 1, 2, 3, 30, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63}
	step := 1
	if testing.Short() || raceEnabled {
		step = 7 // every seventh rune
	}
	var b []byte
	for r := rune(0x80); r < 0x3000; r += rune(step) {
		if r >= 0x800 && r < 0x2000 {
			r = 0x2000
		}
		c := string(r)
		snippets := [...]string{
			"ab" + c + "cd ",
			c + c + "z’y" + c + "'s ",
			c + "\u0301b ",
			"ab" + c + "cd’e" + c + "f東 ",
			"ab" + c + "f東 ",
			"do" + c + "n’t" + c + "\u0301 ",
			c + " " + c + "\u00a0" + c + "’ ",
		}
		for _, sn := range snippets {
			for _, a := range aligns {
				b = append(append(append(b[:0], filler[:256+a]...), sn...), " fox"...)
				for _, s := range ss {
					got := s.AppendTokens(nil, b)
					if want := slowWordHashes(s, b); !slices.Equal(got, want) {
						t.Fatalf("%U %v: AppendTokens(%q) = %x, general path %x", r, s.Options().Normalization, b, got, want)
					}
				}
			}
		}
	}
}

func checkWordHashes(t *testing.T, text string) {
	t.Helper()
	for _, n := range []Normalization{Fold, Whitespace} {
		for _, m := range []bool{false, true} {
			s := New(Options{Normalization: n, MaskDigits: m, Seed: 5})
			got := s.AppendTokens(nil, []byte(text))
			want := slowWordHashes(s, []byte(text))
			if !slices.Equal(got, want) {
				t.Fatalf("%v mask=%v: AppendTokens(%q) = %x, general path %x", n, m, text, got, want)
			}
		}
	}
}

// FuzzWordHashes fuzzes the fast word hasher against the general
// tokenizer, on the input and on the input repeated to cross many blocks.
func FuzzWordHashes(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Add(strings.Repeat("Hello, World! ", 10) + "é " + strings.Repeat("abc ", 20))
	f.Fuzz(func(t *testing.T, text string) {
		checkWordHashes(t, text)
		checkWordHashes(t, strings.Repeat(text+" ", 1+130/(len(text)+1)))
	})
}

// TestFoldBlockMasks checks foldBlockMasks (SSE2 on amd64) against the
// SWAR foldBlock and apostrophes on random blocks of ASCII bytes, with
// and without bytes of 0x80 or more and with both digit masks.
func TestFoldBlockMasks(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var blk, low1, low2 [64]byte
	for it := range 20000 {
		for j := range blk {
			switch r.IntN(8) {
			case 0:
				blk[j] = '\''
			case 1:
				blk[j] = byte(r.IntN(256))
			default:
				blk[j] = byte(r.IntN(128))
			}
		}
		if it%2 == 0 { // ASCII only
			for j := range blk {
				blk[j] &= 0x7f
			}
		}
		dm := uint64(0)
		if it%3 == 0 {
			dm = ^uint64(0)
		}
		w1, sp1, ap1 := foldBlock(&blk, &low1, dm)
		w2, sp2, ap2 := foldBlockMasks(&blk, &low2, dm)
		if (sp1 != 0) != (sp2 != 0) || low1 != low2 {
			t.Fatalf("foldBlockMasks(%q, %#x): sp %#x, low %q; foldBlock: sp %#x, low %q", blk, dm, sp2, low2, sp1, low1)
		}
		if sp1 != 0 {
			continue // the masks are not used
		}
		if w1 != w2 || (ap1 != 0) != (ap2 != 0) || ap2 != apostrophes(&blk) {
			t.Fatalf("foldBlockMasks(%q, %#x) = %#x, ap %#x; want %#x, ap %#x", blk, dm, w2, ap2, w1, apostrophes(&blk))
		}
	}
}

// TestRunAVX512 checks foldRunAVX512 and whitespaceRunAVX512 against
// foldBlockMasks and whitespaceBlock on runs of random blocks, most of
// them plain ASCII, some with a byte of 0x80 or more, a NUL, a digit
// (stopping the run under MaskDigits) or an apostrophe: each must stop at
// the first block the per-block form would not take whole, and write low
// and wbits exactly for the blocks before it.
func TestRunAVX512(t *testing.T) {
	if !useAVX512BW {
		t.Skip("no AVX512BW")
	}
	r := rand.New(rand.NewPCG(9, 10))
	const ascii = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ@[`{ \t\n\v\f\r.,;:!?-_/~()"
	for it := range 20000 {
		nb := 1 + r.IntN(6)
		run := make([]byte, 64*nb)
		for j := range run {
			run[j] = ascii[r.IntN(len(ascii))]
			if r.IntN(300) == 0 {
				run[j] = []byte{0, 0x80, 0xc3, 0xff, '\'', '0', '9', 0x1f, 0x7f}[r.IntN(9)]
			}
		}
		if it%5 == 0 {
			for j := range run {
				run[j] = byte(r.IntN(256)) // every class, and the bounds
			}
		}
		dm := uint64(0)
		if it%2 == 0 {
			dm = ^uint64(0)
		}
		for _, fold := range []bool{true, false} {
			low1, low2 := make([]byte, len(run)), make([]byte, len(run))
			w1, w2 := make([]uint64, nb), make([]uint64, nb)
			want := nb
			for bi := range nb {
				blk, low := (*[64]byte)(run[bi*64:]), (*[64]byte)(low1[bi*64:])
				var sp, ap uint64
				if fold {
					w1[bi], sp, ap = foldBlockMasks(blk, low, dm)
				} else {
					w1[bi], sp = whitespaceBlock(blk, low, dm)
				}
				if sp != 0 || ap != 0 {
					want = bi
					break
				}
			}
			var got int
			if fold {
				got = foldRunAVX512(&run[0], &low2[0], &w2[0], nb, dm)
			} else {
				got = whitespaceRunAVX512(&run[0], &low2[0], &w2[0], nb, dm)
			}
			if got != want || !slices.Equal(w1[:want], w2[:want]) || !bytes.Equal(low1[:64*want], low2[:64*want]) {
				t.Fatalf("fold=%v dm=%#x %q: run took %d blocks, masks %x, low %q; per block %d, %x, %q",
					fold, dm, run, got, w2[:got], low2[:64*got], want, w1[:want], low1[:64*want])
			}
		}
	}
}

// TestWordHashesWithoutAVX512 checks the word hasher against the general
// tokenizer with the per-block classification only (as on processors
// without AVX512BW), on the fuzz seeds and on texts that cross blocks.
func TestWordHashesWithoutAVX512(t *testing.T) {
	if !useAVX512BW {
		t.Skip("the per-block form is the only one here")
	}
	useAVX512BW = false
	defer func() { useAVX512BW = true }()
	for _, s := range fuzzSeeds {
		checkWordHashes(t, s)
		checkWordHashes(t, strings.Repeat(s+" ", 1+200/(len(s)+1)))
	}
}
