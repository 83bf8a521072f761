package repeats

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/neardup/dedupe/shingle"
	"github.com/neardup/dedupe/unionfind"
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
	require.Equal(t, 15.0/17, groups[0].Similarity) // the weakest pair, 0-6 or 3-6
	require.Equal(t, 1.0, groups[1].Similarity)
	// With MinWords 1, the short paragraphs repeat too.
	groups = Find([]byte(text), Options{MinWords: 1})
	require.Len(t, groups, 3)
	require.Equal(t, []int{2, 5}, indexes(groups[2]))
	// A higher threshold drops the near copy.
	groups = Find([]byte(text), Options{Threshold: 0.9})
	require.Equal(t, []int{0, 3}, indexes(groups[0]))
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
				checkGroups(t, f.Groups(text), shingle.Paragraphs(nil, text, opts.Split), want)
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
// reference pairs want: valid offsets, paragraphs in text order (the kept
// one first), groups ordered by their first paragraph, disjoint, equal to
// the connected components of the pairs, each with the lowest similarity
// of its pairs.
func checkGroups(t testing.TB, groups []Group, spans []shingle.Span, want []Pair) {
	t.Helper()
	inGroup := map[int]int{}
	for gi, g := range groups {
		require.GreaterOrEqual(t, len(g.Paragraphs), 2)
		if gi > 0 {
			require.Less(t, groups[gi-1].Paragraphs[0].Index, g.Paragraphs[0].Index)
		}
		for i, p := range g.Paragraphs {
			require.True(t, p.Index >= 0 && p.Index < len(spans))
			require.Equal(t, shingle.Span{Start: p.Start, End: p.End}, spans[p.Index])
			if i > 0 {
				require.Less(t, g.Paragraphs[i-1].Index, p.Index)
			}
			_, dup := inGroup[p.Index]
			require.False(t, dup, "paragraph %d in two groups", p.Index)
			inGroup[p.Index] = gi
		}
	}
	low := make([]float64, len(groups))
	for i := range low {
		low[i] = 2 // above any similarity: a group without pairs fails below
	}
	u := unionfind.New(len(spans))
	for _, p := range want {
		u.Union(p.A.Index, p.B.Index)
		ga, okA := inGroup[p.A.Index]
		gb, okB := inGroup[p.B.Index]
		if !okA || !okB || ga != gb {
			t.Fatalf("pair %d-%d not in one group", p.A.Index, p.B.Index)
		}
		low[ga] = min(low[ga], p.Similarity)
	}
	groupOf := map[int]int{} // component root → group
	for a, g := range inGroup {
		r := u.Find(a)
		if g0, ok := groupOf[r]; ok && g0 != g {
			t.Fatalf("paragraphs of one component in groups %d and %d", g0, g)
		}
		groupOf[r] = g
	}
	if len(groupOf) != len(groups) {
		t.Fatalf("%d groups, %d components", len(groups), len(groupOf))
	}
	for gi, g := range groups {
		require.Equal(t, low[gi], g.Similarity, "group %d (%v)", gi, g.Paragraphs)
	}
}
