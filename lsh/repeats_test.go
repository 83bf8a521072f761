package lsh

import (
	"fmt"
	"math/rand/v2"
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
	groups := Repeats([]byte(article), RepeatOptions{})
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
	var f = NewRepeatFinder(RepeatOptions{})
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
	// With MinWords 1, the short paragraphs repeat too.
	groups = Repeats([]byte(text), RepeatOptions{MinWords: 1})
	require.Len(t, groups, 3)
	require.Equal(t, []int{2, 5}, indexes(groups[2]))
	// A higher threshold drops the near copy.
	groups = Repeats([]byte(text), RepeatOptions{Threshold: 0.9})
	require.Equal(t, []int{0, 3}, indexes(groups[0]))
}

func indexes(g RepeatGroup) []int {
	var out []int
	for _, p := range g.Paragraphs {
		out = append(out, p.Index)
	}
	return out
}

// TestRepeatPairsBruteForce compares the prefix-filter join with all pairs.
func TestRepeatPairsBruteForce(t *testing.T) {
	words := strings.Fields("a b c d e f g h i j k l m n o p q r s t u v w x y z")
	for seed := range uint64(8) {
		rng := rand.New(rand.NewPCG(seed, 9))
		var paras []string
		for range 150 {
			var p []string
			if len(paras) > 0 && rng.IntN(2) == 0 {
				p = strings.Fields(paras[rng.IntN(len(paras))])
				for range rng.IntN(4) {
					p[rng.IntN(len(p))] = words[rng.IntN(len(words))]
				}
			} else {
				for range 3 + rng.IntN(30) {
					p = append(p, words[rng.IntN(6)])
				}
			}
			paras = append(paras, strings.Join(p, " "))
		}
		text := []byte(strings.Join(paras, "\n\n"))
		for _, th := range []float64{0.3, 0.5, 0.8, 1} {
			opts := RepeatOptions{Threshold: th, MinWords: 5, Shingle: shingle.Options{K: 3}}
			got := NewRepeatFinder(opts).Pairs(nil, text)
			sh := shingle.New(opts.Shingle)
			var want []RepeatPair
			sets := make([][]uint64, len(paras))
			for i, p := range paras {
				if sh.CountTokens([]byte(p)) >= 5 {
					sets[i] = shingle.Set(sh.Append(nil, []byte(p)))
				}
			}
			spans := shingle.Paragraphs(nil, text, shingle.Auto)
			require.Len(t, spans, len(paras))
			for i := range paras {
				for j := i + 1; j < len(paras); j++ {
					if sets[i] == nil || sets[j] == nil {
						continue
					}
					if s := shingle.Jaccard(sets[i], sets[j]); s >= th {
						want = append(want, RepeatPair{
							A:          Paragraph{i, spans[i].Start, spans[i].End},
							B:          Paragraph{j, spans[j].Start, spans[j].End},
							Similarity: s,
						})
					}
				}
			}
			require.Equal(t, want, got, "seed %d threshold %v", seed, th)
		}
	}
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
	groups := Repeats([]byte(b.String()), RepeatOptions{})
	require.Len(t, groups, 2500)
	for i, g := range groups {
		require.Equal(t, []int{i, i + 2500}, indexes(g))
	}
}

func TestRepeatsEmpty(t *testing.T) {
	require.Empty(t, Repeats(nil, RepeatOptions{}))
	require.Empty(t, Repeats([]byte("\n\n  \n"), RepeatOptions{}))
	require.Empty(t, NewRepeatFinder(RepeatOptions{}).Pairs(nil, []byte("one paragraph only with enough words in it to count for sure")))
}
