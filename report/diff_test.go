package report

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// lcsLen is the length of a longest common subsequence of a and b, by the
// textbook dynamic programme: the reference for myers.
func lcsLen(a, b []word) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i].s == b[j].s {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// checkDiff checks that the words myers leaves unmarked are a common
// subsequence of a and b, and a longest one.
func checkDiff(t *testing.T, a, b string) {
	t.Helper()
	wa, wb := words(a), words(b)
	ca, cb, ok := myers(wa, wb, len(wa)+len(wb))
	if !ok {
		t.Fatalf("myers(%q, %q) gave up below n+m edits", a, b)
	}
	var ka, kb []string
	for i, w := range wa {
		if !ca[i] {
			ka = append(ka, w.s)
		}
	}
	for i, w := range wb {
		if !cb[i] {
			kb = append(kb, w.s)
		}
	}
	if strings.Join(ka, " ") != strings.Join(kb, " ") {
		t.Fatalf("myers(%q, %q): unmarked words differ: %q and %q", a, b, ka, kb)
	}
	if want := lcsLen(wa, wb); len(ka) != want {
		t.Fatalf("myers(%q, %q) keeps %d words, the LCS has %d", a, b, len(ka), want)
	}
}

func TestMyers(t *testing.T) {
	for _, c := range [][2]string{
		{"", ""}, {"a", ""}, {"", "a"}, {"a", "a"}, {"a b c", "a c"}, {"a c", "a b c"},
		{"a b c a b b a", "c b a b a c"}, {"x y z", "p q r"}, {"the cat sat", "the dog sat down"},
	} {
		checkDiff(t, c[0], c[1])
	}
	r := rand.New(rand.NewPCG(1, 2))
	gen := func() string {
		ws := make([]string, r.IntN(30))
		for i := range ws {
			ws[i] = string(rune('a' + r.IntN(4)))
		}
		return strings.Join(ws, " ")
	}
	for range 2000 {
		checkDiff(t, gen(), gen())
	}
}

func FuzzMyers(f *testing.F) {
	f.Add("a b c a b b a", "c b a b a c")
	f.Add("Markets rose on Monday", "Markets rose sharply on Monday")
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a) > 400 || len(b) > 400 {
			return
		}
		checkDiff(t, a, b)
		sa, sb := diffWords(a, b)
		if join(sa) != a || join(sb) != b {
			t.Fatalf("diffWords(%q, %q) does not cut the texts into segments", a, b)
		}
	})
}

func join(segs []segment) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteString(s.Text)
	}
	return b.String()
}

func TestDiffWords(t *testing.T) {
	a := "Markets rose on Monday as oil fell.\n\nThe index  gained 2 percent."
	b := "Markets rose sharply on Monday as oil fell.\nThe index gained 3 percent. Today."
	sa, sb := diffWords(a, b)
	if join(sa) != a || join(sb) != b {
		t.Fatal("the segments do not join to the texts")
	}
	marked := func(segs []segment) []string {
		var m []string
		for _, s := range segs {
			if s.Changed {
				m = append(m, s.Text)
			}
		}
		return m
	}
	if got := marked(sa); strings.Join(got, "|") != "2" {
		t.Errorf("marked in a: %q, want [2]", got)
	}
	if got := marked(sb); strings.Join(got, "|") != "sharply|3|Today." {
		t.Errorf("marked in b: %q, want [sharply 3 Today.]", got)
	}
}

// TestDiffWordsFar checks the fallback for texts too different for an exact
// diff: the words the other text lacks are marked.
func TestDiffWordsFar(t *testing.T) {
	a := strings.Repeat("x ", maxEdits) + "common"
	b := strings.Repeat("y ", maxEdits) + "common"
	if _, _, ok := myers(words(a), words(b), maxEdits); ok {
		t.Fatalf("myers did not give up on %d edits", 2*maxEdits)
	}
	sa, sb := diffWords(a, b)
	if len(sa) != 2 || !sa[0].Changed || sa[1].Changed || sa[1].Text != " common" || len(sb) != 2 {
		t.Errorf("diffWords of far texts: %+v, %+v", sa, sb)
	}
}
