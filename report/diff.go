package report

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A segment is a run of text of one side of a pair, changed (not in the
// other side's text) or not.
type segment struct {
	Text    string
	Changed bool
}

// maxEdits bounds the edit distance that diffWords computes exactly; past
// it (texts that share little), a word is marked when the other text lacks
// it. Memory is O(maxEdits²) integers: 2 MB at 500.
const maxEdits = 500

// diffWords splits a and b into segments, marking the words that are not in
// a longest common subsequence of the two word sequences (words are runs of
// non-space characters; the spaces between them are kept as they are).
func diffWords(a, b string) (sa, sb []segment) {
	wa, wb := words(a), words(b)
	ca, cb, ok := myers(wa, wb, maxEdits)
	if !ok {
		ca, cb = bagDiff(wa, wb), bagDiff(wb, wa)
	}
	return segments(a, wa, ca), segments(b, wb, cb)
}

// A word is the byte range [start, end) of a word in its text.
type word struct {
	start, end int
	s          string
}

func words(s string) []word {
	var ws []word
	start := -1
	for i, r := range s {
		if unicode.IsSpace(r) {
			if start >= 0 {
				ws = append(ws, word{start, i, s[start:i]})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		ws = append(ws, word{start, len(s), s[start:]})
	}
	return ws
}

// myers marks the words of a and b that are not in a longest common
// subsequence, by the greedy O(ND) algorithm of E. W. Myers, "An O(ND)
// Difference Algorithm and Its Variations", Algorithmica 1 (1986): for
// d = 0, 1, ... it extends the furthest-reaching d-path on every diagonal k
// (x - y = k) by one edit and a snake of equal words, and stops when a path
// reaches (n, m); the saved frontiers give the path back. The common prefix
// and suffix are skipped first. ok is false when more than maxD edits are
// needed.
func myers(a, b []word, maxD int) (ca, cb []bool, ok bool) {
	ca, cb = make([]bool, len(a)), make([]bool, len(b))
	lo := 0
	for lo < len(a) && lo < len(b) && a[lo].s == b[lo].s {
		lo++
	}
	ha, hb := len(a), len(b)
	for ha > lo && hb > lo && a[ha-1].s == b[hb-1].s {
		ha--
		hb--
	}
	x0, y0 := a[lo:ha], b[lo:hb]
	n, m := len(x0), len(y0)
	off := n + m + 1
	v := make([]int, 2*off+1) // v[off+k]: furthest x on diagonal k
	var trace [][]int         // trace[d]: v[off-d-1 .. off+d+1] before step d
	for d := 0; d <= n+m; d++ {
		if d > maxD {
			return nil, nil, false
		}
		trace = append(trace, append([]int(nil), v[off-d-1:off+d+2]...))
		for k := -d; k <= d; k += 2 {
			x := v[off+k-1] + 1 // a word of a deleted
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1] // a word of b inserted
			}
			y := x - k
			for x < n && y < m && x0[x].s == y0[y].s {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				backtrack(trace, n, m, ca[lo:ha], cb[lo:hb])
				return ca, cb, true
			}
		}
	}
	return ca, cb, true // not reached: d = n+m always ends
}

// backtrack follows the saved frontiers from (n, m) back to (0, 0) and
// marks the words deleted from a and inserted from b.
func backtrack(trace [][]int, n, m int, ca, cb []bool) {
	x, y := n, m
	for d := len(trace) - 1; d > 0; d-- {
		v := trace[d] // index i holds diagonal i-d-1
		at := func(k int) int { return v[k+d+1] }
		k := x - y
		prev := k - 1
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			prev = k + 1
		}
		px := at(prev)
		py := px - prev
		for x > px && y > py { // the snake: equal words
			x--
			y--
		}
		if x == px {
			cb[py] = true // moved down: b[py] inserted
		} else {
			ca[px] = true // moved right: a[px] deleted
		}
		x, y = px, py
	}
}

// bagDiff marks the words of a that b lacks (counting repeats).
func bagDiff(a, b []word) []bool {
	count := map[string]int{}
	for _, w := range b {
		count[w.s]++
	}
	c := make([]bool, len(a))
	for i, w := range a {
		if count[w.s] > 0 {
			count[w.s]--
		} else {
			c[i] = true
		}
	}
	return c
}

// segments cuts s into runs of unchanged and changed text; the space
// between two changed words is part of the changed run.
func segments(s string, ws []word, changed []bool) []segment {
	var out []segment
	pos := 0
	for i := 0; i < len(ws); {
		if !changed[i] {
			i++
			continue
		}
		j := i
		for j+1 < len(ws) && changed[j+1] {
			j++
		}
		if ws[i].start > pos {
			out = append(out, segment{Text: s[pos:ws[i].start]})
		}
		out = append(out, segment{Text: s[ws[i].start:ws[j].end], Changed: true})
		pos = ws[j].end
		i = j + 1
	}
	if pos < len(s) {
		out = append(out, segment{Text: s[pos:]})
	}
	return out
}

// validUTF8 replaces invalid bytes, which html/template would pass through.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}
