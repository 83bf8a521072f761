package boiler

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// doubleSpaced returns n paragraphs of technical prose (a function word
// in three, as in a standard; sentences of three lines or more)
// hard-wrapped at 70 columns with every line a paragraph of its own, as
// a typescript set double-spaced reaches the classifier.
func doubleSpaced(r *rand.Rand, n int) []string {
	var lines []string
	for range n {
		lines = append(lines, strings.Split(wrap(sentences(r, 4+r.IntN(3), 3, 31, 10, 3)), "\n")...)
	}
	return lines
}

// A report alone on its site, double-spaced: every line of its text is
// kept, where line by line most of them read as captions.
func TestWrappedLines(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 4))
	paras := append([]string{"Technical Report 7", "Transfer of Records"}, doubleSpaced(r, 12)...)
	p := Page{Site: "solo", Paragraphs: paras}
	m := learn(p)

	out := m.Classifier(Options{}).Classify(nil, p)
	for _, q := range out[2:] {
		assert.Equal(t, Content, q.Label, "line %d %q (%s)", q.Index, q.Text, q.Reason)
	}

	// the cue is what keeps them: read line by line, lines go
	lost := 0
	for _, q := range m.Classifier(Options{Disable: CueWrapped}).Classify(nil, p)[2:] {
		lost += b2i(q.Label != Content)
	}
	assert.Greater(t, lost, len(paras)/4, "lines removed without the cue")
}

// A copy of a kept line of a run is a Repeat, as the copy of a kept
// paragraph is; a run whose lines are all such copies is one too.
func TestWrappedRepeat(t *testing.T) {
	r := rand.New(rand.NewPCG(22, 4))
	paras := doubleSpaced(r, 10)
	var run []string
	for i := 0; i+wrapRun <= len(paras) && run == nil; i++ {
		if isRun(paras[i : i+wrapRun]) {
			run = paras[i : i+wrapRun]
		}
	}
	require.NotNil(t, run, "no run of wrapped lines in the text")
	n := len(paras)
	paras = append(paras, "Appendix A. The text again")
	paras = append(paras, run...)
	paras = append(paras, "Appendix B. One line again", paras[len(paras)-wrapRun-3])
	p := Page{Site: "solo", Paragraphs: paras}
	out := label(learn(p), p)
	for _, q := range out[:n] {
		require.Equal(t, Content, q.Label, "line %d %q (%s)", q.Index, q.Text, q.Reason)
	}
	for _, i := range []int{n + 1, n + 2, n + 3, n + 5} {
		assert.Equal(t, Repeat, out[i].Label, "copy %d %q (%s)", i, out[i].Text, out[i].Reason)
	}
}

// isRun reports whether lines, with three words or more each, make a run
// of wrapped lines.
func isRun(lines []string) bool {
	for i := 0; i+1 < len(lines); i++ {
		if !wraps(lines[i], lines[i+1], wrapFeat(lines[i]), wrapFeat(lines[i+1])) {
			return false
		}
	}
	return true
}

// wrapFeat returns the features of paragraph s that wraps reads, as
// addFeat sets them.
func wrapFeat(s string) *feat {
	return &feat{words: int32(len(strings.Fields(s))), lines: linesOf([]byte(s))}
}

// What does not continue a wrapped line: a sentence that ends or one
// that starts, an identifier, a short or long line, a line with a line
// break, the running furniture of a page.
func TestWraps(t *testing.T) {
	const line = "   the records are read in the order of their keys, and each"
	next := "   of them is copied to the transfer file before the next one"
	assert.True(t, wraps(line, next, wrapFeat(line), wrapFeat(next)))
	assert.True(t, wraps(line, "   networks), which is", wrapFeat(line), wrapFeat("networks), which is")))
	for _, tc := range []struct{ a, b string }{
		{line + ".", next},   // the sentence ends
		{line, "   Of them"}, // a sentence starts
		{line, "   add(Object) - Method in class org.example.Records"},  // an identifier
		{line, "   org.example.records - package of the records types"}, // an identifier
		{line, "   of them"},                           // two words
		{"   the records are read", next},              // short
		{line + strings.Repeat(" and so on", 5), next}, // longer than a typed line
		{line, "   of them is copied\n   to the file"}, // a paragraph of lines
	} {
		assert.False(t, wraps(tc.a, tc.b, wrapFeat(tc.a), wrapFeat(tc.b)), "%q then %q", tc.a, tc.b)
	}
	furniture := &feat{words: 6, inPage: furnMin}
	assert.False(t, wraps("TR 12     Transfer of Records     May 1990 and more", next, furniture, wrapFeat(next)))
	assert.False(t, wraps(line, "   of them is copied to the transfer [Page 3]", wrapFeat(line), furniture))
}

// Lines of identifiers that open in lower case, an index of an API's
// members, are not read as wrapped prose: the run needs the function
// words of prose.
func TestWrappedNotIndex(t *testing.T) {
	var paras []string
	for _, m := range []string{"read", "write", "copy", "close", "open", "seek", "flush"} {
		paras = append(paras, "records "+m+" offset length count value - method of the records file type")
	}
	p := Page{Site: "solo", Paragraphs: paras}
	c := learn(p).Classifier(Options{})
	c.Classify(nil, p)
	assert.Empty(t, c.runs, "runs joined")
}

// TestHardWrapped: a paragraph of several lines is hard-wrapped when a
// line of it breaks a sentence; a headline over its summary, an address,
// and lines that each end a sentence are not.
func TestHardWrapped(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"In order to save typing, a shortcut can be used to repeat the preceding\nchord.  The chord repetition symbol is q:", true},
		{"   This document specifies an IAB standards track protocol for the\n   community of the Internet, and requests discussion and suggestions.", true},
		// a sentence that goes on with a capital is not told from a headline over its summary
		{"   This document specifies an IAB standards track protocol for the\n   Internet community, and requests discussion and suggestions.", false},
		{"Note that the result of the test is modulo the erasure semantics.\nTherefore the expression will return false.", false},
		{"Council Votes On The Harbour Bridge Plan For The City\nThe vote came after a long debate in the chamber.", false},
		{"   Barry Leiba\n   FutureWei Technologies", false},
		{"   Phone: +1 914 433 2749\n   Email: barryleiba@computer.org", false},
		{"for (i = 0; i < n; i++) { total += values[i] * weights[i]; }\n  }", false},
		// code that goes on with a lower-case word passes (it seldom reads as prose)
		{"for (i = 0; i < n; i++) { total += values[i] * weights[i]; }\n  return total;", true},
		{"a short line\nthat goes on in lower case", false}, // the first line is too short for a typed one
		{"In order to save typing, a shortcut can be used to repeat the preceding\nchord.", true},
		{"In order to save typing, a shortcut can be used to repeat the preceding\nchord.\nThe chord repetition symbol is q:", true},
		{"In order to save typing, a shortcut can be used to repeat the preceding\r\nchord.\r\n", true},
		{"In order to save typing, a shortcut can repeat the library.\nfoo bar", false},
		{"exactly forty bytes long, without a stop\nand the rest", true},
		{"a line of thirty-nine bytes, no stop at\nand the rest", false},
		{"one line alone, however long it may be, with no line break in it at all", false},
	} {
		assert.Equal(t, tt.want, hardWrapped([]byte(tt.text)), "%q", tt.text)
		want := severalLines
		switch {
		case tt.want:
			want = wrappedLines
		case !strings.Contains(tt.text, "\n"):
			want = oneLine
		}
		assert.Equal(t, want, linesOf([]byte(tt.text)), "%q", tt.text)
	}
}
