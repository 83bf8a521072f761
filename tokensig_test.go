package dedupe

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/neardup/dedupe/minhash"
	"github.com/neardup/dedupe/records"
	"github.com/neardup/dedupe/repeats"
	"github.com/neardup/dedupe/shingle"
)

// The signature of a cleaned document is made from the tokens the repeat
// finder made of its paragraphs (cleanWorker.signKept) rather than from
// its cleaned text (signer.sign). These tests check that both give the
// same shingles, hence the same signature.

// tokenSigTexts are texts with what could make the two paths differ:
// punctuation, apostrophes, digits, combining marks and format characters
// at paragraph edges, Unicode white space in blank lines, CRLF, blank lines
// around the text, single-line paragraphs, scripts without spaces.
var tokenSigTexts = []string{
	"one\ntwo",
	"\n\nfirst paragraph of a few words\n\nsecond paragraph of a few words\n\n\n",
	"Line one of the page.\nLine two of the page.\nLine three.\nLine four, the last.",
	"CRLF paragraphs\r\nwith two lines\r\n\r\nand a second one\r\n\r\nthird\r",
	"«Quoted,» she said.\n\n— a dash first; a dash last —\n\n'apostrophes' at the edges'\n\n'\n\ndon't\n\n’t stop",
	"Prices: 26\n\n27 April 2025\n\n3,000.50\n\n-4\n\n5-",
	"cafe\n\n\u0301combining mark first\n\nsoft\u00ad\n\n\u00adhyphen\n\nZWJ\u200d\n\n\u200dword\u200b",
	"full\n\u3000\nwidth\n\u00a0\u0085\u2028\u2029\nspaces\n\u1680\u205f\u202f\t\v\f\nhere",
	"東京都の天気は晴れ\n\n大阪も晴れ\n\nภาษาไทย\n\nÜnïcödé ﬁne ＦＵＬＬ",
	"Ünïcödé ﬁne\r\n\r\nunicode fine\n  \nUNICODE FINE",
	"x y z x y z\n\nx y z\n\n\n\nz y x y",
	"a\n\nb\n\nc\n\nd\n\ne\n\nf\n\ng",
	"\t indented line\n  another indented line \n\n trailing spaces   \n",
	strings.Repeat("A paragraph long enough for the fast path of the word hasher, pasted again and again. ", 5) +
		"\n\n" + strings.Repeat("A paragraph long enough for the fast path of the word hasher, pasted again and again. ", 5) +
		"\n\nEnd.",
}

// cliShingleOptions returns the shingle options of every -normalize the
// CLI offers, with the default and extreme -k.
func cliShingleOptions(t testing.TB) []shingle.Options {
	var out []shingle.Options
	for _, norm := range []string{"fold", "whitespace"} {
		for _, k := range []int{1, 2, shingle.DefaultK, 9, 64} {
			o := Options{Shingle: shingle.Options{K: k}}
			if norm == "whitespace" {
				o.Shingle.Normalization = shingle.Whitespace
			}
			c, err := o.check()
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, c.so)
		}
	}
	return out
}

// checkTokenSignature compares the two ways to sign text with the
// paragraphs marked in drop removed: signKept (tokens from the repeat
// finder) and sign(joinKept), as clean chooses them. It returns false if
// clean would not sign (one paragraph, or all dropped).
func checkTokenSignature(t testing.TB, so shingle.Options, minWords int, text []byte, drop func(i int) bool) bool {
	t.Helper()
	mo := minhash.Options{K: 16}
	w := &Cleaner{signer: newSigner(so, mo), rep: repeats.New(repeats.Options{Threshold: 0.8, MinWords: minWords, Shingle: so})}
	if !w.signer.joinsTokens() {
		t.Fatalf("%+v: joinsTokens is false", so)
	}
	w.spans = shingle.Paragraphs(nil, text, shingle.Auto)
	n := len(w.spans)
	if n < 2 {
		return false
	}
	w.rep.Groups(text)
	// The finder split the text as the worker does.
	sh := shingle.New(so)
	for i, sp := range w.spans {
		if got, want := w.rep.Tokens(i), sh.AppendTokens(nil, text[sp.Start:sp.End]); !slices.Equal(got, want) {
			t.Fatalf("%+v: %q: Tokens(%d) = %x, want %x", so, text, i, got, want)
		}
	}
	w.drop = make([]bool, n)
	ndrop := 0
	for i := range n {
		w.drop[i] = drop(i)
		if w.drop[i] {
			ndrop++
		}
	}
	if ndrop == n {
		return false
	}
	kept := text
	if ndrop > 0 {
		kept = joinKept(nil, text, w.spans, w.drop)
	}
	got, gok := w.signKept(n)
	gotH := slices.Clone(w.signer.hashes)
	want, wok := w.signer.sign(kept)
	wantH := w.signer.hashes
	if !slices.Equal(gotH, wantH) || !slices.Equal(got, want) || gok != wok {
		t.Fatalf("%+v: text %q, drop %v (kept %q):\nshingles from tokens %x\nshingles of the text %x", so, text, w.drop, kept, gotH, wantH)
	}
	return true
}

// dropPatterns are the paragraphs to drop in TestTokenSignature: none,
// each alone, all but each, alternate, and random ones.
func dropPatterns(n int, rng *rand.Rand) []func(int) bool {
	ps := []func(int) bool{
		func(int) bool { return false },
		func(i int) bool { return i%2 == 0 },
		func(i int) bool { return i%2 == 1 },
		func(i int) bool { return i == 0 || i == n-1 },
	}
	for j := range min(n, 6) {
		ps = append(ps, func(i int) bool { return i == j }, func(i int) bool { return i != j })
	}
	for range 4 {
		mask := rng.Uint64()
		ps = append(ps, func(i int) bool { return mask>>(i%64)&1 != 0 })
	}
	return ps
}

func TestTokenSignature(t *testing.T) {
	texts := append(demoTexts(t), tokenSigTexts...)
	rng := rand.New(rand.NewPCG(1, 2))
	signed := 0
	for _, so := range cliShingleOptions(t) {
		for _, minWords := range []int{1, 10} {
			for _, text := range texts {
				n := len(shingle.Paragraphs(nil, []byte(text), shingle.Auto))
				for _, drop := range dropPatterns(n, rng) {
					if checkTokenSignature(t, so, minWords, []byte(text), drop) {
						signed++
					}
				}
			}
		}
	}
	if signed < 1000 {
		t.Errorf("only %d signatures compared", signed)
	}
}

// TestTokenSignatureRunes: in the Runes unit the tokens of the paragraphs
// do not join (the space between two words is a token), and clean signs
// the cleaned text.
func TestTokenSignatureRunes(t *testing.T) {
	so := shingle.Options{Unit: shingle.Runes}
	s := newSigner(so, minhash.Options{K: 16})
	if s.joinsTokens() {
		t.Fatal("joinsTokens in the Runes unit")
	}
	sh := shingle.New(so)
	a, b := []byte("one two"), []byte("three")
	joined := sh.AppendTokens(nil, []byte("one two\n\nthree"))
	if concat := append(sh.AppendTokens(nil, a), sh.AppendTokens(nil, b)...); slices.Equal(joined, concat) {
		t.Fatal("the Runes tokens of paragraphs join: joinsTokens could be true")
	}
}

// TestCleanSignature runs the clean step on the demo corpus and the texts
// above, with repeats on (the tokens path) and off (the text path), and
// checks that the signature is that of the cleaned text.
func TestCleanSignature(t *testing.T) {
	texts := append(demoTexts(t), tokenSigTexts...)
	for _, norm := range []shingle.Normalization{shingle.Fold, shingle.Whitespace} {
		for _, noRepeats := range []bool{false, true} {
			o := Options{Shingle: shingle.Options{Normalization: norm}, MinWords: 1, NoRepeats: noRepeats}
			w, err := NewCleaner(o, nil)
			if err != nil {
				t.Fatal(err)
			}
			ref := newSigner(w.cfg.so, w.cfg.mo)
			for i, text := range texts {
				d := &records.Record{ID: fmt.Sprint(i), Text: []byte(text)}
				r := w.Clean(d)
				if r.Empty {
					continue
				}
				want, _ := ref.sign(r.Text)
				if !slices.Equal(r.Signature, want) {
					t.Fatalf("%v, repeats %v: text %q cleaned to %q: signature %x, want %x",
						norm, !noRepeats, text, r.Text, r.Signature, want)
				}
			}
		}
	}
}

// FuzzTokenSignature compares signKept with sign(joinKept) for any text,
// drop pattern and CLI shingle options (and MaskDigits, which the CLI does
// not offer).
func FuzzTokenSignature(f *testing.F) {
	for i, text := range tokenSigTexts {
		f.Add([]byte(text), uint64(i)*0x9e3779b97f4a7c15, uint8(i))
	}
	for i, text := range demoTexts(f)[:8] {
		f.Add([]byte(text), uint64(i)*0x2545f4914f6cdd1d, uint8(i))
	}
	f.Fuzz(func(t *testing.T, text []byte, mask uint64, sel uint8) {
		so := shingle.Options{
			Normalization: shingle.Normalization(sel & 1),
			K:             1 + int(sel>>1&7),
			MaskDigits:    sel&0x10 != 0,
		}
		minWords := 1 + int(sel>>5)
		checkTokenSignature(t, so, minWords, text, func(i int) bool { return mask>>(i%64)&1 != 0 })
	})
}
