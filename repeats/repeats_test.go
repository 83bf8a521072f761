package repeats

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/neardup/dedupe/shingle"
)

// An article as a web extractor gives it: one paragraph per line, no blank
// line; its six body paragraphs were pasted twice by the page template.
var article = func() string {
	body := []string{
		"The city council voted on Tuesday to extend the opening hours of the central library until ten in the evening.",
		"Council members said the change followed a survey in which most residents asked for later hours during the week.",
		"The library will hire four additional staff members and expects the new schedule to cost about two hundred thousand a year.",
		"Opponents argued that the money would be better spent on repairing the branch libraries in the outer districts of the city.",
		"The mayor said both projects could be funded if the regional government confirms the grant it promised last spring.",
		"The new hours will start in September, after a trial period of three months at the two largest branch libraries.",
	}
	lines := []string{"Home | News | Sports | Weather", "Library to stay open later", "By a staff writer"}
	lines = append(lines, body...)
	lines = append(lines, "Advertisement")
	lines = append(lines, body...)
	lines = append(lines, "Share this article", "Copyright the newspaper. All rights reserved.")
	return strings.Join(lines, "\n") + "\n"
}()

func TestRepeatsArticle(t *testing.T) {
	groups := Find([]byte(article), Options{})
	require.Len(t, groups, 6)
	for i, g := range groups {
		require.Len(t, g.Paragraphs, 2)
		a, b := g.Paragraphs[0], g.Paragraphs[1]
		require.Equal(t, 3+i, a.Index)
		require.Equal(t, 10+i, b.Index)
		require.Equal(t, article[a.Start:a.End], article[b.Start:b.End])
	}
}

func TestRepeatsInterleavedAndNear(t *testing.T) {
	p1 := "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon"
	p2 := "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen"
	p1near := strings.Replace(p1, "upsilon", "phi", 1) // 15 of 16 shingles shared: J = 15/17
	short := "too short to count"
	text := strings.Join([]string{p1, p2, short, p1, p2, short, p1near}, "\n\n")
	var f = New(Options{})
	pairs := f.Pairs(nil, []byte(text))
	var got []string
	for _, p := range pairs {
		got = append(got, fmt.Sprintf("%d-%d %.3f", p.A.Index, p.B.Index, p.Similarity))
	}
	require.Equal(t, []string{"0-3 1.000", "0-6 0.882", "1-4 1.000", "3-6 0.882"}, got)
	groups := f.Groups([]byte(text))
	require.Len(t, groups, 2)
	require.Equal(t, []int{0, 3, 6}, indexes(groups[0]))
	require.Equal(t, []int{1, 4}, indexes(groups[1]))
	require.Equal(t, []float64{1, 1, 15.0 / 17}, groups[0].Similarities) // 3 a copy of 0, 6 near 0
	require.Equal(t, 15.0/17, groups[0].Similarity)
	require.Equal(t, []float64{1, 1}, groups[1].Similarities)
	require.Equal(t, 1.0, groups[1].Similarity)
	// With MinWords 1, the short paragraphs repeat too.
	groups = Find([]byte(text), Options{MinWords: 1})
	require.Len(t, groups, 3)
	require.Equal(t, []int{2, 5}, indexes(groups[2]))
	// A higher threshold drops the near copy.
	groups = Find([]byte(text), Options{Threshold: 0.9})
	require.Equal(t, []int{0, 3}, indexes(groups[0]))
}

// words returns n words w<from>, w<from+1>, ...
func words(from, n int) []string {
	var w []string
	for i := range n {
		w = append(w, fmt.Sprintf("w%d", from+i))
	}
	return w
}

// TestRepeatsChain: A ~ B and B ~ C, but A and C are below the threshold.
// B is removed in favour of A; C stays, since the only paragraph it
// resembles is removed (single link removed it too).
func TestRepeatsChain(t *testing.T) {
	w := words(0, 14) // 10 shingles
	a := strings.Join(w, " ")
	b := strings.Join(append(slices.Clone(w[:13]), "x"), " ") // J(A, B) = 9/11
	c := "y " + strings.Join(w[1:13], " ") + " x"             // J(B, C) = 9/11, J(A, C) = 8/12
	text := []byte(strings.Join([]string{a, b, c}, "\n\n"))
	f := New(Options{})
	require.Len(t, f.Pairs(nil, text), 2) // 0-1 and 1-2
	groups := f.Groups(text)
	require.Equal(t, []simGroup{{[]int{0, 1}, []float64{1, 9.0 / 11}, 9.0 / 11}}, groupSims(groups))
	// C before B: A and C both stay, B goes to the first of the two on a tie.
	text = []byte(strings.Join([]string{a, c, b}, "\n\n"))
	require.Equal(t, []simGroup{{[]int{0, 2}, []float64{1, 9.0 / 11}, 9.0 / 11}}, groupSims(Find(text, Options{})))
}

// TestRepeatsStar: B and C are each near copies of A but below the
// threshold to each other; both are removed in favour of A, and the group
// holds the pair B, C.
func TestRepeatsStar(t *testing.T) {
	w := words(0, 14)
	a := strings.Join(w, " ")
	b := strings.Join(append(slices.Clone(w[:13]), "x"), " ") // J(A, B) = 9/11
	c := "y " + strings.Join(w[1:], " ")                      // J(A, C) = 9/11, J(B, C) = 8/12
	text := []byte(strings.Join([]string{a, b, c}, "\n\n"))
	groups := Find(text, Options{})
	require.Equal(t, []simGroup{{[]int{0, 1, 2}, []float64{1, 9.0 / 11, 9.0 / 11}, 9.0 / 11}}, groupSims(groups))
}

// TestRepeatsMostSimilarKept: a copy of a removed paragraph goes to the
// most similar paragraph that stays by then, which may come after the
// first copy. A, B (near A), X (near B, not A), B again: B is removed for
// A, X stays, and the second B is removed for X, more similar than A.
func TestRepeatsMostSimilarKept(t *testing.T) {
	w := words(0, 60) // 56 shingles
	a := strings.Join(w, " ")
	b := strings.Join(append(slices.Clone(w[:55]), words(100, 5)...), " ") // J(A, B) = 51/61
	x := "y z " + b[strings.Index(b, "w2 "):]                              // J(B, X) = 54/58, J(A, X) = 49/63
	text := []byte(strings.Join([]string{a, b, x, b}, "\n\n"))
	f := New(Options{})
	require.Len(t, f.Pairs(nil, text), 5) // 0-1, 0-3, 1-2, 1-3 (copies), 2-3; not 0-2
	want := []simGroup{
		{[]int{0, 1}, []float64{1, 51.0 / 61}, 51.0 / 61},
		{[]int{2, 3}, []float64{1, 54.0 / 58}, 54.0 / 58},
	}
	require.Equal(t, want, groupSims(f.Groups(text)))
}

func indexes(g Group) []int {
	var out []int
	for _, p := range g.Paragraphs {
		out = append(out, p.Index)
	}
	return out
}

// naiveRepeatPairs is the reference for Finder.Pairs: every pair of
// paragraphs compared by exact Jaccard.
func naiveRepeatPairs(text []byte, opts Options) []Pair {
	f := New(opts) // for its defaults
	opts = f.opts
	sh := shingle.New(opts.Shingle)
	spans := shingle.Paragraphs(nil, text, opts.Split)
	sets := make([][]uint64, len(spans))
	for i, sp := range spans {
		p := text[sp.Start:sp.End]
		if sh.CountTokens(p) >= opts.MinWords {
			sets[i] = shingle.Set(sh.Append(nil, p))
		}
	}
	var want []Pair
	for i := range spans {
		for j := i + 1; j < len(spans); j++ {
			if len(sets[i]) == 0 || len(sets[j]) == 0 {
				continue
			}
			if s := shingle.Jaccard(sets[i], sets[j]); s >= opts.Threshold {
				want = append(want, Pair{
					A:          Paragraph{i, spans[i].Start, spans[i].End},
					B:          Paragraph{j, spans[j].Start, spans[j].End},
					Similarity: s,
				})
			}
		}
	}
	return want
}

// TestRepeatPairsBruteForce compares the screen, the grouping of identical
// sets and the prefix-filter join with all pairs, on paragraphs drawn from a
// tiny vocabulary (many shared shingles, many identical sets, some of them
// from different word orders with K=1), with and without token counting.
func TestRepeatPairsBruteForce(t *testing.T) {
	words := strings.Fields("a b c d e f g h i j k l m n o p q r s t u v w x y z")
	shapes := []Options{
		{MinWords: 5, Shingle: shingle.Options{K: 3}},
		{MinWords: 2, Shingle: shingle.Options{K: 3}},
		{MinWords: 1, Shingle: shingle.Options{K: 1}},
		{MinWords: 3, Shingle: shingle.Options{K: 4, Unit: shingle.Runes}},
	}
	for seed := range uint64(8) {
		rng := rand.New(rand.NewPCG(seed, 9))
		var paras []string
		for range 150 {
			var p []string
			switch n := rng.IntN(6); {
			case len(paras) > 0 && n < 3:
				p = strings.Fields(paras[rng.IntN(len(paras))])
				for range rng.IntN(4) {
					p[rng.IntN(len(p))] = words[rng.IntN(len(words))]
				}
			case len(paras) > 0 && n == 3:
				p = strings.Fields(paras[rng.IntN(len(paras))])
				rng.Shuffle(len(p), func(i, j int) { p[i], p[j] = p[j], p[i] })
			default:
				for range 1 + rng.IntN(30) {
					p = append(p, words[rng.IntN(6)])
				}
			}
			paras = append(paras, strings.Join(p, " "))
		}
		text := []byte(strings.Join(paras, "\n\n"))
		require.Len(t, shingle.Paragraphs(nil, text, shingle.Auto), len(paras))
		for _, shape := range shapes {
			for _, th := range []float64{0.3, 0.5, 0.8, 1} {
				opts := shape
				opts.Threshold = th
				f := New(opts)
				got := f.Pairs(nil, text)
				want := naiveRepeatPairs(text, opts)
				require.Equal(t, want, got, "seed %d threshold %v %+v", seed, th, shape)
				spans := shingle.Paragraphs(nil, text, opts.Split)
				groups := f.Groups(text)
				checkGroups(t, groups, spans, want)
				// the same groups from the caller's spans, which f must
				// not write to
				before := slices.Clone(spans)
				require.Equal(t, groups, New(opts).GroupsIn(text, spans))
				f.Groups([]byte("x y z"))
				require.Equal(t, before, spans)
			}
		}
	}
}

// TestRepeatsNoAllocs guards the fast path: a document without repeats
// costs no allocation once the finder's buffers have grown, even when its
// paragraphs share a few shingles (the opening phrase).
func TestRepeatsNoAllocs(t *testing.T) {
	var b strings.Builder
	for i := range 30 {
		fmt.Fprintf(&b, "According to the annual report, paragraph %d has its own words: %d apples, %d pears and %d plums, nothing else here.\n\n", i, i*3, i*5, i*7)
	}
	text := []byte(b.String())
	f := New(Options{})
	var pairs []Pair
	allocs := testing.AllocsPerRun(100, func() {
		pairs = f.Pairs(pairs[:0], text)
		if f.Groups(text) != nil {
			t.Fatal("groups in a text without repeats")
		}
	})
	require.Empty(t, pairs)
	require.Zero(t, allocs)
}

func TestRepeatsManyParagraphs(t *testing.T) {
	// 5,000 paragraphs, each repeated once far away: stays fast because no
	// all-pairs comparison is made (this test takes milliseconds).
	rng := rand.New(rand.NewPCG(1, 1))
	var b strings.Builder
	var paras []string
	for i := range 2500 {
		var p []string
		for range 12 {
			p = append(p, fmt.Sprintf("w%d", rng.IntN(5000)))
		}
		p = append(p, fmt.Sprint(i))
		paras = append(paras, strings.Join(p, " "))
	}
	for _, p := range append(paras, paras...) {
		b.WriteString(p)
		b.WriteString("\n\n")
	}
	groups := Find([]byte(b.String()), Options{})
	require.Len(t, groups, 2500)
	for i, g := range groups {
		require.Equal(t, []int{i, i + 2500}, indexes(g))
	}
}

func TestRepeatsEmpty(t *testing.T) {
	require.Empty(t, Find(nil, Options{}))
	require.Empty(t, Find([]byte("\n\n  \n"), Options{}))
	require.Empty(t, New(Options{}).Pairs(nil, []byte("one paragraph only with enough words in it to count for sure")))
}

// FuzzRepeats checks Pairs and Groups against the all-pairs reference
// (checkGroups), and Tokens.
func FuzzRepeats(f *testing.F) {
	f.Add([]byte(article), uint8(80), uint8(10), uint8(0))
	f.Add([]byte("a b c d\n\nd c b a\n\na b c d\n\n"), uint8(100), uint8(1), uint8(1))
	f.Add([]byte("x y z x y z\n\nx y z\n\n\n\nz y x y"), uint8(50), uint8(2), uint8(2))
	f.Add([]byte("Ünïcödé ﬁne\r\n\r\nunicode fine\n  \nUNICODE FINE"), uint8(30), uint8(1), uint8(3))
	f.Fuzz(func(t *testing.T, text []byte, th, minWords, shape uint8) {
		if len(text) > 4096 {
			return // the reference is quadratic; long texts add nothing
		}
		opts := Options{
			Threshold: float64(th%100+1) / 100,
			MinWords:  int(minWords % 8),
			Split:     shingle.Split(shape % 3),
			Shingle:   shingle.Options{K: 1 + int(shape/3%4), Unit: shingle.Unit(shape / 12 % 2)},
		}
		rf := New(opts)
		got := rf.Pairs(nil, text)
		want := naiveRepeatPairs(text, opts)
		if len(got) != 0 || len(want) != 0 {
			require.Equal(t, want, got)
		}
		spans := shingle.Paragraphs(nil, text, opts.Split)
		checkGroups(t, rf.Groups(text), spans, want)
		checkTokens(t, rf, text, spans, opts.Shingle)
	})
}

// checkGroups checks groups, found in a text split as spans, against the
// greedy grouping of the reference pairs want (naiveGreedy), and checks
// that their offsets are those of spans.
func checkGroups(t testing.TB, groups []Group, spans []shingle.Span, want []Pair) {
	t.Helper()
	for _, g := range groups {
		for _, p := range g.Paragraphs {
			require.True(t, p.Index >= 0 && p.Index < len(spans))
			require.Equal(t, shingle.Span{Start: p.Start, End: p.End}, spans[p.Index])
		}
	}
	require.Equal(t, naiveGreedy(want), groupSims(groups))
}

// simGroup is a group as paragraph indexes and similarities.
type simGroup struct {
	Paragraphs   []int
	Similarities []float64
	Similarity   float64
}

func groupSims(groups []Group) []simGroup {
	var out []simGroup
	for _, g := range groups {
		out = append(out, simGroup{indexes(g), g.Similarities, g.Similarity})
	}
	return out
}

// naiveGreedy is the reference for Finder.Groups: it visits the paragraphs
// of the pairs in text order and removes each one that has a pair with an
// earlier paragraph that stays, in favour of the most similar such one (the
// first on ties).
func naiveGreedy(pairs []Pair) []simGroup {
	sim := map[[2]int]float64{}
	var paras []int
	for _, p := range pairs {
		sim[[2]int{p.A.Index, p.B.Index}] = p.Similarity
		paras = append(paras, p.A.Index, p.B.Index)
	}
	slices.Sort(paras)
	paras = slices.Compact(paras)
	var kept []int
	groupOf := map[int]int{} // kept paragraph → index in out
	var out []simGroup
	for _, j := range paras {
		best, bs := -1, 0.0
		for _, k := range kept {
			if s, ok := sim[[2]int{k, j}]; ok && s > bs {
				best, bs = k, s
			}
		}
		if best < 0 {
			kept = append(kept, j)
			continue
		}
		gi, ok := groupOf[best]
		if !ok {
			gi = len(out)
			groupOf[best] = gi
			out = append(out, simGroup{Paragraphs: []int{best}, Similarities: []float64{1}, Similarity: 1})
		}
		g := &out[gi]
		g.Paragraphs = append(g.Paragraphs, j)
		g.Similarities = append(g.Similarities, bs)
		g.Similarity = min(g.Similarity, bs)
	}
	slices.SortFunc(out, func(a, b simGroup) int { return a.Paragraphs[0] - b.Paragraphs[0] })
	return out
}

// nearRepeats returns n paragraphs of 20 random words, then their copies
// with the last word changed (Jaccard 15/17 on 5-word shingles): distinct
// sets, so that the search goes through the join.
func nearRepeats(rng *rand.Rand, n int) []byte {
	var paras, copies []string
	for range n {
		w := make([]string, 20)
		for j := range w {
			w[j] = fmt.Sprintf("w%d", rng.IntN(100000))
		}
		paras = append(paras, strings.Join(w, " "))
		w[19] = "changed"
		copies = append(copies, strings.Join(w, " "))
	}
	return []byte(strings.Join(append(paras, copies...), "\n\n"))
}

// TestFinderAfterLargeText searches small texts with a Finder that
// searched a large one: the same groups as a new Finder, and the join's
// maps made for the small text (see resetMap).
func TestFinderAfterLargeText(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	large := nearRepeats(rng, 3000)
	f := New(Options{})
	require.Len(t, f.Groups(large), 3000)
	require.Greater(t, f.freqN, 3000*16)
	require.Greater(t, f.hashN, 3000)
	for range 5 {
		small := nearRepeats(rng, 3)
		want := New(Options{}).Groups(small)
		require.Len(t, want, 3)
		require.Equal(t, want, f.Groups(small))
		require.Less(t, f.freqN, 1024)
		require.Less(t, f.hashN, 1024)
	}
}

// TestRepeatsCapped: a text whose join would compare more pairs than the
// bound (a listing whose lines differ in a number: 20,000 lines took 63 s
// and 8.5 GB) gets its identical groups only, and Capped counts it.
func TestRepeatsCapped(t *testing.T) {
	const base = "This widget is available in several colours and sizes and ships free within three business days from the central warehouse"
	var lines []string
	for i := range 100 {
		lines = append(lines, fmt.Sprintf("%d. %s", i, base))
	}
	lines = append(lines, "A closing note that appears twice in the listing and is the same both times, word for word.")
	lines = append(lines, lines[len(lines)-1])
	text := []byte(strings.Join(lines, "\n") + "\n")

	f := New(Options{})
	groups := f.Groups(text)
	require.Len(t, groups, 2, "the numbered lines, and the note")
	require.Len(t, groups[0].Paragraphs, 100)
	require.Zero(t, f.Capped)

	f.maxCompared = 1000 // the 100 lines compare 4,950 pairs
	groups = f.Groups(text)
	require.Len(t, groups, 1, "the identical note only")
	require.Equal(t, []int{100, 101}, []int{groups[0].Paragraphs[0].Index, groups[0].Paragraphs[1].Index})
	require.Equal(t, 1, f.Capped)
	require.Len(t, f.Groups([]byte(article)), 6, "the next text is searched whole")
}
