package boiler

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// analyzeRef is analyze written plainly, one rune at a time, for the tests
// of its fast paths: words are runs of letters and marks, or of digits (a
// run that starts with an ASCII digit ends at the first byte that is not
// one), lower-cased with unicode.ToLower and hashed with hashWord.
func analyzeRef(text []byte) stats {
	var st stats
	var k refKeys
	last := rune(0)
	prevEnd := false
	for i := 0; i < len(text); {
		if c := text[i]; '0' <= c && c <= '9' {
			j := i
			for j < len(text) && '0' <= text[j] && text[j] <= '9' {
				j++
			}
			st.digits += j - i
			st.runes += j - i
			k.add(&st, text[i:j], true, false)
			i, last, prevEnd = j, 'a', false
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		if unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) {
			w, digits, j := refWord(&st, text, i)
			k.add(&st, w, digits, unicode.IsUpper(r))
			i, last, prevEnd = j, 'a', false
			continue
		}
		i += size
		if unicode.IsSpace(r) {
			if prevEnd {
				st.sentEnds++
				prevEnd = false
			}
			continue
		}
		st.runes++
		last = r
		prevEnd = refPunct(&st, r, prevEnd)
	}
	if prevEnd {
		st.sentEnds++
	}
	switch last {
	case '.', '!', '?', '"', '\'', '”', '’', ')', ':', '。', '！', '？':
		st.terminal = last != ':' && last != ')' || st.words > 6
	}
	st.exact = finish(k.ex, kindExact, st.words)
	st.masked = finish(k.ma, kindMasked, st.words)
	st.near = finish(k.ne, kindNear, k.nNe)
	return st
}

// refKeys are analyzeRef's running keys.
type refKeys struct {
	ex, ma, ne uint64
	nNe        int
}

// add counts the lower-cased word w in st and folds it into the keys.
func (k *refKeys) add(st *stats, w []byte, digits, up bool) {
	h := hashWord(w)
	st.words++
	k.ex = mix(k.ex, h)
	if digits {
		st.numW++
		st.wordHashs = append(st.wordHashs, maskToken)
		k.ma = mix(k.ma, maskToken)
		return
	}
	st.alphaW++
	if up {
		st.upper++
	}
	st.wordHashs = append(st.wordHashs, h)
	k.ma = mix(k.ma, h)
	if len(w) > 2 {
		k.ne = mix(k.ne, h)
		k.nNe++
	}
}

// refWord returns the lower-cased word that starts at text[i], whether it
// is a digit run, and its end; it counts its letters, digits and runes.
func refWord(st *stats, text []byte, i int) (w []byte, digits bool, end int) {
	digits = true
	j := i
	for j < len(text) {
		r, size := utf8.DecodeRune(text[j:])
		isL := unicode.IsLetter(r) || unicode.IsMark(r)
		isD := unicode.IsDigit(r)
		if !isL && !isD || isL && digits && j > i || isD && !digits {
			break
		}
		if isL {
			digits = false
			st.letters++
		} else {
			st.digits++
		}
		st.runes++
		w = utf8.AppendRune(w, unicode.ToLower(r))
		j += size
		if isHanLike(r) {
			break
		}
	}
	return w, digits, j
}

// refPunct counts the punctuation rune r in st and returns whether a
// sentence end is pending after it.
func refPunct(st *stats, r rune, prevEnd bool) bool {
	switch r {
	case '.', '!', '?', '。', '！', '？':
		return true
	case '|', '>', '<', '/', '*', '»', '›', '«', '‹', '•', '·', '©', '→', '▪', '►':
		st.seps++
		return false
	case '"', '\'', ')', '”', '’':
		return prevEnd
	}
	return false
}

// checkAnalyze compares analyze, and analyzeLines with its line marks,
// with analyzeRef on s.
func checkAnalyze(t *testing.T, s string) {
	t.Helper()
	want := analyzeRef([]byte(s))
	var got stats
	analyze(&got, nil, []byte(s))
	if len(got.wordHashs) == 0 {
		got.wordHashs = nil
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("analyze(%q) =\n%+v, want\n%+v", s, got, want)
	}
	var lines []lineMark
	analyzeLines(&got, nil, []byte(s), &lines)
	if len(got.wordHashs) == 0 {
		got.wordHashs = nil
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("analyzeLines(%q) =\n%+v, want\n%+v", s, got, want)
	}
	from := 0
	for k, line := range strings.Split(s, "\n") {
		w := analyzeRef([]byte(line))
		l := lines[k]
		if !slices.Equal(got.wordHashs[from:l.end], w.wordHashs) || l.near != w.near {
			t.Fatalf("line %d of %q: words %x near %x, want %x %x", k, s, got.wordHashs[from:l.end], l.near, w.wordHashs, w.near)
		}
		from = l.end
	}
	if len(lines) != strings.Count(s, "\n")+1 {
		t.Fatalf("%q: %d line marks", s, len(lines))
	}
}

// randomText returns text made of pieces that exercise the fast paths and
// their edges: words of every length and case, punctuation after words,
// digits, line breaks, non-ASCII letters, digits and spaces, invalid UTF-8.
func randomText(r *rand.Rand) string {
	pieces := []string{" ", " ", " ", ", ", ". ", ",", ".", "! ", "? ", "\n", "\r\n", "\t", "|", "-", "'", "\") ",
		": ", "; ", ") ", ".\n", "?\n", ":\r\n", "!\t", "| ", "/\n", "* ", "\v", "\f", "\x01 ", "\x00",
		"0", "42", "2024", "٣", "é", "É", "ß", "İ", "K", "日本", "ǅ", "\u0301", "\u00a0", "”", "»", "。", "\xff", "\xe2\x82"}
	letters := "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	var b strings.Builder
	for n := r.IntN(40); n > 0; n-- {
		if r.IntN(2) == 0 {
			for k := 1 + r.IntN(18); k > 0; k-- {
				b.WriteByte(letters[r.IntN(len(letters))])
			}
		} else {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
	}
	return b.String()
}

func TestAnalyzeReference(t *testing.T) {
	for _, s := range []string{
		"", " ", "a", "Ab", "abc", "abcdefg", "abcdefgh", "abcdefghijklmno", "abcdefghijklmnop",
		"abcdefghijklmnopq", "The cat sat on the mat, then slept. The end", "word, word. word! word",
		"Posted 26 April 2025", "26th 3rd", "café 12ab", "naïve cafés", "abc日本語 テキスト",
		"12٣ ٣12", "\xff\xfe abc", "a|b|c", "Home | News\nSport | Weather", "line one\r\nline two\n\n \n",
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyzAB 12345678901234567890",
		"He said \"no.\" Then left.", "Done:", "(see above)", "seven words in this one line here)",
		"a * b / c < d > e » f › g « h ‹ i • j · k © l → m ▪ n ► o", "end.” next。 then！ so？ fine.’ x",
		"Note: see (below) and this; then/ that* end.\nNext!\tThen?\fso|\vdone:\r\nok) \"quoted\" fine' x- y",
		// the last words, read past the end as 0 bytes (load8), beside real 0 bytes
		"ends in abcdefgh", "ends in abcdefghijklmno", "ends in abcdefghijklmnop", "a b c d e f g h", "the end.",
		"the end ", "the end\n", "zero\x00", "zero\x00 byte", "zeros\x00\x00 x\x00", "\x00\x00\x00\x00\x00\x00\x00\x00abc",
	} {
		checkAnalyze(t, s)
	}
	for _, p := range synCorpus(5, 3, 3) {
		for _, s := range p.paras {
			checkAnalyze(t, s)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		checkAnalyze(t, randomText(r))
	}
}

func FuzzAnalyzeReference(f *testing.F) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 20 {
		f.Add(randomText(r))
	}
	f.Fuzz(func(t *testing.T, s string) { checkAnalyze(t, s) })
}

// letterBytes flags exactly the ASCII letters, whatever the bytes beside.
func TestLetterBytes(t *testing.T) {
	for c := range 256 {
		for pos := range 8 {
			for _, fill := range []uint64{0, 0xff, 'a', 'Z', '@', '[', '`', '{', 0x80} {
				v := fill * lsb8
				v = v&^(0xff<<(8*pos)) | uint64(c)<<(8*pos)
				got := letterBytes(v)>>(8*pos)&0xff == 0x80
				if want := asciiClass[c]&classLetter != 0; got != want {
					t.Fatalf("letterBytes(%#x): byte %d (%#x) is a letter: %v, want %v", v, pos, c, got, want)
				}
			}
		}
	}
}

// hashASCII of a run of ASCII letters or digits is hashWord of its lower
// case.
func TestHashASCII(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	const runes = "abcxyzABCXYZ0123456789"
	for n := 1; n <= 16; n++ {
		for range 200 {
			w := make([]byte, n)
			for i := range w {
				w[i] = runes[r.IntN(len(runes))]
			}
			if got, want := hashASCII(w), hashWord(bytes.ToLower(w)); got != want {
				t.Fatalf("hashASCII(%q) = %x, want %x", w, got, want)
			}
		}
	}
}

// The line keys of a multi-line paragraph are those of its lines analysed
// alone.
func TestLineKeys(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	var an PageAnalysis
	for range 5000 {
		p := randomText(r) + "\n" + randomText(r)
		an.Analyze(Page{Site: "s", Paragraphs: []string{p}})
		var st stats
		analyze(&st, nil, []byte(p))
		var want []uint64
		add := func(st *stats) {
			if h := st.key(); h != 0 {
				want = append(want, h)
			}
			want = appendDeletionKeys(want, st)
		}
		add(&st)
		for _, line := range strings.Split(p, "\n") {
			st := analyzeRef([]byte(line))
			add(&st)
		}
		if !slices.Equal(an.keys, want) {
			t.Fatalf("%q: keys %x, want %x", p, an.keys, want)
		}
	}
}

// Once its scratch buffers and dst have grown, Classify allocates only the
// reasons that name counts ("site 3/12 pages", "on 4 other sites").
func TestClassifyAllocs(t *testing.T) {
	pages, _ := benchCorpus()
	c := learn(pages...).Classifier(Options{})
	var out []Paragraph
	counted := 0
	classify := func() {
		counted = 0
		for _, p := range pages {
			out = c.Classify(out[:0], p)
			for _, q := range out {
				if strings.HasPrefix(q.Reason, "site ") || strings.HasPrefix(q.Reason, "on ") {
					counted++
				}
			}
		}
	}
	classify()
	if n := testing.AllocsPerRun(3, classify); n > float64(counted) {
		t.Errorf("Classify: %v allocations per run, want at most %d (the reasons with counts)", n, counted)
	}
}

// isHanLike's shortcut below Thai agrees with the four scripts' tables
// for every rune.
func TestIsHanLike(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai)
		if got := isHanLike(r); got != want {
			t.Fatalf("isHanLike(%U) = %v", r, got)
		}
	}
}
