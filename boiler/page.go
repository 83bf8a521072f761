package boiler

import (
	"bytes"
	"unsafe"

	"github.com/neardup/dedupe/shingle"
)

// Page is one page of a site: its site key (the host of its URL, say) and
// its paragraphs in text order. A paragraph may hold several lines; each
// line is also counted as a fragment of its own (see the package doc).
type Page struct {
	Site       string
	Paragraphs []string
}

// NewPage returns the page of site whose plain text is text, cut into
// paragraphs by shingle.Paragraphs with shingle.Auto, the one splitter of
// this module: at blank lines when a blank line separates two non-blank
// lines of text, else one paragraph per non-blank line. The paragraphs are
// substrings of text, without their line terminators.
func NewPage(site, text string) Page {
	spans := shingle.Paragraphs(nil, stringBytes(text), shingle.Auto)
	paras := make([]string, len(spans))
	for i, s := range spans {
		paras[i] = text[s.Start:s.End]
	}
	return Page{Site: site, Paragraphs: paras}
}

func hasNewline(p []byte) bool { return bytes.IndexByte(p, '\n') >= 0 }

// stringBytes returns the bytes of s without copying; they must not be
// modified (the package only reads them).
func stringBytes(s string) []byte {
	if s == "" {
		return nil
	}
	return unsafe.Slice(unsafe.StringData(s), len(s))
}
