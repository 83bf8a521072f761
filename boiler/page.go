package boiler

import (
	"bytes"
	"strings"
	"unsafe"

	"github.com/neardup/dedupe/shingle"
)

// Page is one page of a site: its site key (the host of its URL, say) and
// its paragraphs in text order. A paragraph may hold several lines; each
// line is also counted as a fragment of its own (see the package doc).
//
// Lines, when known, holds the line of the page's text each paragraph
// starts on, from 0, blank lines counted (NewPage fills it). A line that
// recurs from page to page is then a page's number, header or footer only
// where its occurrences are evenly spaced, as printed pages are (see
// Classifier.runningFurniture). Nil means unknown, and so does a Lines
// that is not one entry per paragraph, from 0 or more, never going back,
// up to 1<<28: it is ignored.
type Page struct {
	Site       string
	Paragraphs []string
	Lines      []int
}

// NewPage returns the page of site whose plain text is text, cut into
// paragraphs by shingle.Paragraphs with shingle.Auto, the one splitter of
// this module: at blank lines when a blank line separates two non-blank
// lines of text, else one paragraph per non-blank line. The paragraphs are
// substrings of text, without their line terminators; Lines holds the line
// each starts on.
func NewPage(site, text string) Page {
	spans := shingle.Paragraphs(nil, stringBytes(text), shingle.Auto)
	paras := make([]string, len(spans))
	lines := make([]int, len(spans))
	line, from := 0, 0
	for i, s := range spans {
		paras[i] = text[s.Start:s.End]
		line += strings.Count(text[from:s.Start], "\n")
		lines[i], from = line, s.Start
	}
	return Page{Site: site, Paragraphs: paras, Lines: lines}
}

func hasNewline(p []byte) bool { return bytes.IndexByte(p, '\n') >= 0 }

// bytesString returns b as a string without copying; b must not be
// modified while the string is in use.
func bytesString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// stringBytes returns the bytes of s without copying; they must not be
// modified (the package only reads them).
func stringBytes(s string) []byte {
	if s == "" {
		return nil
	}
	return unsafe.Slice(unsafe.StringData(s), len(s))
}
