package shingle

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func tokensOf(s *Shingler, text string) []string {
	n := string(s.AppendNormalized(nil, []byte(text)))
	if n == "" {
		return nil
	}
	return strings.Split(n, " ")
}

func TestTokensFold(t *testing.T) {
	tests := []struct {
		in   string
		mask bool
		want string // tokens joined by "|"
	}{
		{"", false, ""},
		{"   \t\n ", false, ""},
		{"Hello, World!", false, "hello|world"},
		{"Don't stop; don’t STOP", false, "dont|stop|dont|stop"},
		{"e-mail  e mail", false, "e|mail|e|mail"},
		{"ﬁne ＦＵＬＬ-width", false, "fine|full|width"},
		{"“quoted” «text»", false, "quoted|text"},
		{"Straße STRASSE strasse", false, "strasse|strasse|strasse"},
		{"ΣΟΦΟΣ σοφος σοφοσ", false, "σοφοσ|σοφοσ|σοφοσ"},
		{"cafe\u0301 café", false, "café|café"},
		// a mark after a rune removed or folded composes with what is left
		{"cafe\u00ad\u0301 cafe\u200d\u0301 cafe'\u0301", false, "café|café|café"},
		{"\u0131\u0301 \u00cd STRA\u00df\u0301E", false, "í|í|strasśe"},
		{"中文abc日本語", false, "中|文|abc|日|本|語"},
		{"カタカナ ひらがな", false, "カ|タ|カ|ナ|ひ|ら|が|な"},
		{"ภาษาไทย", false, "ภ|า|ษ|า|ไ|ท|ย"},
		{"กิน", false, "กิ|น"},
		{"a\x00b\xffc", false, "a|b|c"},
		{"Posted 26 April 2025, 10:30", true, "posted|0|april|0|0|0"},
		{"Posted 3 May 2024, 9:05", true, "posted|0|may|0|0|0"},
		{"mp3 1st 12ab34", true, "mp0|0st|0ab0"},
		{"mp3 1st", false, "mp3|1st"},
		{"x²  ①", false, "x2|1"},
		{"x²  ①", true, "x0|0"},
		{"١٢٣ apples", true, "0|apples"},
		{"1'000", true, "0"},
		{"soft\u00adhyphen zero\u200bwidth", false, "softhyphen|zerowidth"},
		{"'quoted' rock 'n' roll", false, "quoted|rock|n|roll"},
		{"\u0301alone", false, "alone"},
		// spaces that NFKC maps to U+0020, folded without the normaliser
		// (see nfkcInert), and with a mark after them that attaches to
		// the space once normalised
		{"no\u00a0break\u2009thin\u3000ideographic", false, "no|break|thin|ideographic"},
		{"a\u00a0\u0301b caf\u00e9\u00a0e\u0301", false, "a|b|café|é"},
		{"x\u202f\u00a0\u205fy\u00a0", false, "x|y"},
		{"中文，文字（ab）\uff1c\u0338c wait… 1…2", true, "中|文|文|字|ab|c|wait|0|0"},
		{"a\uff07b \u037e\u1fefx\u2026\u0301y", false, "ab|x|y"},
		{"brand™ name ⓘ ½", false, "brandtm|name|i|1|2"},
	}
	for _, tt := range tests {
		s := New(Options{MaskDigits: tt.mask})
		got := strings.Join(tokensOf(s, tt.in), "|")
		if got != tt.want {
			t.Errorf("Fold(mask=%v) tokens(%q) = %q, want %q", tt.mask, tt.in, got, tt.want)
		}
		if ref := strings.Join(refFold(tt.in, tt.mask), "|"); ref != tt.want {
			t.Errorf("refFold(mask=%v)(%q) = %q, want %q", tt.mask, tt.in, ref, tt.want)
		}
	}
}

func TestTokensWhitespace(t *testing.T) {
	tests := []struct {
		in   string
		mask bool
		want string
	}{
		{"", false, ""},
		{"Hello, World!", false, "hello,|world!"},
		{"a\u00a0b\u2003c\u3000d", false, "a|b|c|d"},
		{"中文 abc", false, "中文|abc"},
		{"ÀÉÎ İ", false, "àéî|i"},
		{"a\x00b \xffc", false, "a\x00b|\ufffdc"},
		{"Posted 26 April 2025, 10:30", true, "posted|0|april|0,|0:0"},
		{"STRASSE Straße", false, "strasse|straße"},
	}
	for _, tt := range tests {
		s := New(Options{Normalization: Whitespace, MaskDigits: tt.mask})
		got := strings.Join(tokensOf(s, tt.in), "|")
		if got != tt.want {
			t.Errorf("Whitespace(mask=%v) tokens(%q) = %q, want %q", tt.mask, tt.in, got, tt.want)
		}
		if ref := strings.Join(refWhitespace(tt.in, tt.mask), "|"); ref != tt.want {
			t.Errorf("refWhitespace(mask=%v)(%q) = %q, want %q", tt.mask, tt.in, ref, tt.want)
		}
	}
}

var fuzzSeeds = []string{
	"", " ", "Hello, World!", "Don't stop; don’t STOP", "ﬁne ＦＵＬＬ-width",
	"cafe\u0301 café", "=\u0338 a=\u0338b", "中文abc日本語 カタカナ", "กิน ภาษาไทย",
	"a\x00b\xffc", "Posted 26 April 2025, 10:30", "١٢٣ x²①", "Straße ẞ ς",
	"\xe2\x80", "e\u0301\u0323", "ｶﾞｷﾞ", "\u00a8x \u00b4", "ǅungla ǲ", "ŉ ΐ",
	"1'000 12ab34", "A\u0345", "\u0301\u0301", "x\u200dy", "Ⅻ ½", "a\u00a0\u0301b\u2009c\u3000\u0308",
	"\u00a0\u00a0ab\u00a0ﬁ\u00a0", "中文，字\uff1c\u0338x…\u0301y\uff07z",
	"cafe\u00ad\u0301 cafe'\u0301 \u0131\u0301 STRA\u00df\u0301E", "A'\u0300\u0323 \u0130\u0301",
}

// FuzzTokens checks every mode of the tokenizer against the naive
// reference, and the derived counts against the tokens.
func FuzzTokens(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	var opts []Options
	for _, n := range []Normalization{Fold, Whitespace} {
		for _, m := range []bool{false, true} {
			opts = append(opts, Options{Normalization: n, MaskDigits: m, K: 3})
		}
	}
	shinglers := make([]*Shingler, len(opts))
	runeShinglers := make([]*Shingler, len(opts))
	for i, o := range opts {
		shinglers[i] = New(o)
		o.Unit = Runes
		runeShinglers[i] = New(o)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for i, o := range opts {
			s := shinglers[i]
			want := refTokens(text, o)
			got := tokensOf(s, text)
			if !slices.Equal(got, want) {
				t.Fatalf("%v mask=%v: tokens(%q) = %q, want %q", o.Normalization, o.MaskDigits, text, got, want)
			}
			if n := s.CountTokens([]byte(text)); n != len(want) {
				t.Fatalf("CountTokens(%q) = %d, want %d", text, n, len(want))
			}
			th := s.AppendTokens(nil, []byte(text))
			if len(th) != len(want) {
				t.Fatalf("len(AppendTokens(%q)) = %d, want %d", text, len(th), len(want))
			}
			for j, tok := range want {
				if h := s.hashToken([]byte(tok)); th[j] != h {
					t.Fatalf("AppendTokens(%q)[%d] = %x, want hash of %q %x", text, j, th[j], tok, h)
				}
			}
			if sh := s.AppendString(nil, text); len(sh) != wantShingles(len(want), 3) {
				t.Fatalf("len(Append(%q)) = %d for %d tokens", text, len(sh), len(want))
			}
			rs := runeShinglers[i]
			normText := strings.Join(want, " ")
			if n := rs.CountTokens([]byte(text)); n != utf8.RuneCountInString(normText) {
				t.Fatalf("runes: CountTokens(%q) = %d, want %d", text, n, utf8.RuneCountInString(normText))
			}
		}
	})
}

func wantShingles(tokens, k int) int {
	switch {
	case tokens == 0:
		return 0
	case tokens < k:
		return 1
	}
	return tokens - k + 1
}
