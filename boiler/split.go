package boiler

import (
	"bytes"
	"unsafe"
)

// Span is the byte range text[Start:End] of one paragraph: its lines,
// without surrounding blank lines and without the final newline.
type Span struct{ Start, End int }

// SplitParagraphs appends to dst the paragraphs of text: runs of non-blank
// lines, a blank line being empty or only white space. It is the page format
// Learner.Add, Classifier.Page and Clean read.
func SplitParagraphs(dst []Span, text []byte) []Span {
	forEachParagraph(text, func(start, end int) {
		dst = append(dst, Span{start, end})
	})
	return dst
}

// forEachParagraph calls fn with the bounds of every paragraph of text.
func forEachParagraph(text []byte, fn func(start, end int)) {
	start, end := -1, -1
	for i := 0; i < len(text); {
		j := bytes.IndexByte(text[i:], '\n')
		lineEnd := len(text)
		next := len(text)
		if j >= 0 {
			lineEnd = i + j
			next = lineEnd + 1
		}
		line := text[i:lineEnd]
		if isBlank(line) {
			if start >= 0 {
				fn(start, end)
				start = -1
			}
		} else {
			if start < 0 {
				start = i
			}
			end = lineEnd
			if end > start && text[end-1] == '\r' {
				end--
			}
		}
		i = next
	}
	if start >= 0 {
		fn(start, end)
	}
}

func isBlank(line []byte) bool {
	for _, c := range line {
		switch c {
		case ' ', '\t', '\r', '\v', '\f':
		default:
			if c < 0x80 {
				return false
			}
			return len(bytes.TrimSpace(line)) == 0
		}
	}
	return true
}

func hasNewline(p []byte) bool { return bytes.IndexByte(p, '\n') >= 0 }

// forEachLine calls fn with every non-blank line of p.
func forEachLine(p []byte, fn func(line []byte)) {
	for len(p) > 0 {
		j := bytes.IndexByte(p, '\n')
		line := p
		if j >= 0 {
			line, p = p[:j], p[j+1:]
		} else {
			p = nil
		}
		if !isBlank(line) {
			fn(line)
		}
	}
}

// stringBytes returns the bytes of s without copying; they must not be
// modified (the package only reads them).
func stringBytes(s string) []byte {
	if s == "" {
		return nil
	}
	return unsafe.Slice(unsafe.StringData(s), len(s))
}
