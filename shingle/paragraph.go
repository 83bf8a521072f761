package shingle

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Split selects how Paragraphs cuts a text.
type Split uint8

const (
	// Auto is the default: Blank if a blank line separates two non-blank
	// lines of the text, else Lines (text extracted from web pages often
	// has no blank lines at all). Blank lines only at the start or the end
	// of a text do not select Blank.
	Auto Split = iota
	// Blank makes a paragraph of every run of non-blank lines.
	Blank
	// Lines makes a paragraph of every non-blank line.
	Lines
)

// String returns the name of the split ("auto", "blank", "lines").
func (m Split) String() string {
	switch m {
	case Auto:
		return "auto"
	case Blank:
		return "blank"
	case Lines:
		return "lines"
	}
	return fmt.Sprintf("Split(%d)", uint8(m))
}

// Span is a paragraph: text[Start:End] holds its lines, without the blank
// lines around it and without the line terminator ("\n" or "\r\n") of its
// last line.
type Span struct{ Start, End int }

// Paragraphs appends to dst the paragraphs of text, in order, and returns
// the extended slice.
//
// Lines end at "\n"; a "\r" just before it belongs to the terminator. A
// line is blank when it is empty or holds only Unicode white space
// (unicode.IsSpace; invalid UTF-8 is not white space). A final line without
// "\n" counts when it is not empty. Unknown modes behave as Auto.
// Paragraphs never allocates beyond growing dst.
func Paragraphs(dst []Span, text []byte, mode Split) []Span {
	if mode != Blank && mode != Lines {
		mode = Lines
		if hasSeparatingBlank(text) {
			mode = Blank
		}
	}
	para := Span{-1, -1}
	for start := 0; start < len(text); {
		end, next := lineEnd(text, start)
		if isBlank(text[start:end]) {
			if para.Start >= 0 {
				dst = append(dst, para)
				para.Start = -1
			}
		} else if mode == Lines {
			dst = append(dst, Span{start, end})
		} else {
			if para.Start < 0 {
				para.Start = start
			}
			para.End = end
		}
		start = next
	}
	if para.Start >= 0 {
		dst = append(dst, para)
	}
	return dst
}

// lineEnd returns the end of the content of the line starting at start
// (before "\n" or "\r\n") and the start of the next line.
func lineEnd(text []byte, start int) (end, next int) {
	i := bytes.IndexByte(text[start:], '\n')
	if i < 0 {
		return len(text), len(text)
	}
	end = start + i
	next = end + 1
	if end > start && text[end-1] == '\r' {
		end--
	}
	return end, next
}

// hasSeparatingBlank reports whether a blank line lies between two
// non-blank lines of text.
func hasSeparatingBlank(text []byte) bool {
	seen, pending := false, false
	for start := 0; start < len(text); {
		end, next := lineEnd(text, start)
		if isBlank(text[start:end]) {
			pending = seen
		} else {
			if pending {
				return true
			}
			seen = true
		}
		start = next
	}
	return false
}

// isBlank reports whether line is empty or only Unicode white space.
func isBlank(line []byte) bool {
	for i := 0; i < len(line); {
		c := line[i]
		if c < utf8.RuneSelf {
			if !isASCIISpace[c] {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(line[i:])
		if (r == utf8.RuneError && n == 1) || !unicode.IsSpace(r) {
			return false
		}
		i += n
	}
	return true
}
