package shingle

import (
	"bytes"
	"unicode/utf8"

	"github.com/neardup/dedupe/internal/grow"
	"golang.org/x/text/unicode/norm"
)

// The tokenizers write the normalised tokens of a text, concatenated, to
// s.norm, and the end offset of each token to s.ends. Both buffers are
// reused from call to call.
//
// Both modes have an ASCII fast path, scanPlain, driven by s.wtab: a
// 256-entry table that maps a byte that continues a word to its output
// byte (lower case), a separator to 0, and a byte that needs more care
// (non-ASCII, apostrophe, masked digit, NUL) to special.

// special marks the bytes that scanPlain leaves to the slow path.
const special = 0xff

// plainChunk bounds the buffer growth scanPlain asks for at once.
const plainChunk = 4096

// buildTable fills s.wtab for the options of s.
func (s *Shingler) buildTable() {
	for c := 0; c < 256; c++ {
		b := byte(c)
		switch {
		case b >= utf8.RuneSelf || b == 0 && s.opts.Normalization == Whitespace:
			s.wtab[c] = special
		case s.asciiClass(b) == cWord:
			s.wtab[c] = asciiLower(b)
		case s.asciiClass(b) == cSep:
			s.wtab[c] = 0
		default:
			s.wtab[c] = special
		}
		// The word hasher removes apostrophes itself (dropApostrophes).
		s.ftab[c] = s.wtab[c] == special && !(b == '\'' && s.opts.Normalization == Fold)
	}
}

func asciiLower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// asciiClass returns the class of the ASCII byte c for the options of s.
func (s *Shingler) asciiClass(c byte) uint8 {
	isDigit := '0' <= c && c <= '9'
	if isDigit {
		if s.opts.MaskDigits {
			return cDigit
		}
		return cWord
	}
	if s.opts.Normalization == Whitespace {
		if isASCIISpace[c] {
			return cSep
		}
		return cWord
	}
	return foldClass(c)
}

// foldClass is the class of the ASCII byte c in Fold mode, a digit being
// a word byte (as it is without MaskDigits).
func foldClass(c byte) uint8 {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return cWord
	case c == '\'':
		return cIgnore
	}
	return cSep
}

// scan tokenizes text into s.norm and s.ends.
func (s *Shingler) scan(text []byte) {
	if !s.ready {
		s.setup()
	}
	if s.opts.Normalization == Fold {
		s.scanFold(text)
	} else {
		s.scanWhitespace(text)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func lastEnd(ends []int) int {
	if len(ends) == 0 {
		return 0
	}
	return ends[len(ends)-1]
}

// scanPlain tokenizes the longest prefix of t (at most plainChunk bytes)
// made of word and separator bytes, appending to nb and ends, and returns
// the number of bytes consumed. A token in progress (len(nb) beyond the
// last end) is continued, and the last token is left in progress.
//
// The loop has no data-dependent branch but its exit, where a loop per
// word mispredicts about once a token. Measured on 3 KB English text
// (CountTokens, CPU time, 2.1 GHz EPYC shared with other jobs): scanning
// went from 600 (Fold) and 790 (Whitespace) MB/s with a loop per word to
// 810 and 830 MB/s; unrolling by four bytes gained nothing.
func scanPlain(tab *[256]byte, t []byte, nb []byte, ends []int) ([]byte, []int, int) {
	if len(t) > plainChunk {
		t = t[:plainChunk]
	}
	nb = grow.Room(nb, len(t))
	ends = grow.Room(ends, len(t)/2+1)
	buf := nb[:cap(nb)]
	eb := ends[:cap(ends)]
	j, k := len(nb), len(ends)
	prev := b2i(j > lastEnd(ends))
	i := 0
	for ; i < len(t); i++ {
		w := tab[t[i]]
		if w == special {
			break
		}
		buf[j] = w
		cur := b2i(w != 0)
		j += cur
		eb[k] = j
		k += prev &^ cur
		prev = cur
	}
	return buf[:j], eb[:k], i
}

// scanFold is the Fold tokenizer. ASCII text goes through scanPlain. At a
// non-ASCII byte, the "segment" from the start of the current token to the
// next ASCII white space is NFKC-normalised (when it is not already) and
// classified rune by rune. NFKC never composes across ASCII white space,
// and the token in progress is re-read from its start, so the result is
// that of normalising the whole text first (FuzzTokens checks this).
func (s *Shingler) scanFold(text []byte) {
	nb := s.norm[:0]
	ends := s.ends[:0]
	lastDigit := false
	floor := 0 // no token in progress starts before floor
	for i := 0; i < len(text); {
		var n int
		nb, ends, n = scanPlain(&s.wtab, text[i:], nb, ends)
		if n > 0 {
			lastDigit = false
			i += n
			if i == len(text) || s.wtab[text[i]] != special {
				continue
			}
		}
		c := text[i]
		switch {
		case c >= utf8.RuneSelf:
			start := i
			if last := lastEnd(ends); len(nb) > last {
				// Re-read the token in progress: it is ASCII, after floor.
				nb = nb[:last]
				for start > floor && s.asciiClass(text[start-1]) != cSep {
					start--
				}
			}
			end := i + 1
			for end < len(text) && !isASCIISpace[text[end]] {
				end++
			}
			// Most text is NFKC-normal already: fold it directly, and
			// normalise only when foldSegment meets a rune that is not
			// inert (Measured on the mixed 3 KB text, CPU time:
			// norm.NFKC.QuickSpan before every segment 95 MB/s, this 108 MB/s;
			// the rest of that path is mostly NFKC of ligatures and
			// full-width forms, and the rune classification).
			seg := text[start:end]
			n0, e0 := len(nb), len(ends)
			var ok bool
			if nb, ends, ok = s.foldSegment(nb, ends, seg, true); !ok {
				s.nfkc = s.appendNFKC(s.nfkc[:0], seg)
				nf := s.nfkc
				nb, ends, _ = s.foldSegment(nb[:n0], ends[:e0], nf, false)
			}
			lastDigit = false
			floor = end
			i = end
		case c == '\'':
			i++
		default: // a digit, with MaskDigits
			if !lastDigit {
				nb = append(nb, '0')
				lastDigit = true
			}
			i++
		}
	}
	if len(nb) > lastEnd(ends) {
		ends = append(ends, len(nb))
	}
	s.norm, s.ends = nb, ends
}

// appendNFKC appends the NFKC form of seg to dst. norm.NFKC.Append
// allocates its reorder buffer on every call; the Iter kept in s does not
// allocate. The Iter of golang.org/x/text v0.34.0 can stall, returning
// nothing forever without advancing, on invalid UTF-8 followed by a
// combining mark (FuzzWordHashes found "\xf5" eight times then U+0301):
// then the byte where it stalled is copied as it is and the Iter restarts
// after it.
func (s *Shingler) appendNFKC(dst, seg []byte) []byte {
	for len(seg) > 0 {
		s.iter.Init(norm.NFKC, seg)
		for {
			if s.iter.Done() {
				return dst
			}
			p := s.iter.Pos()
			b := s.iter.Next()
			if len(b) == 0 && s.iter.Pos() == p {
				dst = append(dst, seg[p])
				seg = seg[p+1:]
				break
			}
			dst = append(dst, b...)
		}
	}
	return dst
}

// foldSegment appends the Fold tokens of seg (starting outside a token)
// to nb and ends, and ends the last one. If needNormal, it stops and
// returns ok = false at the first rune that NFKC might change (seg is then
// to be normalised first); else seg must be NFKC-normalised.
func (s *Shingler) foldSegment(nb []byte, ends []int, seg []byte, needNormal bool) (_ []byte, _ []int, ok bool) {
	n0, e0 := len(nb), len(ends)
	last := len(nb)
	lastDigit := false
	single := false // the token in progress is a single-character token
	// changed: the rune before was removed or folded to another letter,
	// so a combining mark after it may compose with what is left
	// (NFKC composed the text before); compose: one did (see recompose)
	changed, compose := false, false
	for j := 0; j < len(seg); {
		var cl uint8
		var f rune
		if c := seg[j]; c < utf8.RuneSelf {
			cl, f = s.asciiClass(c), rune(asciiLower(c))
			j++
			changed = cl == cIgnore || f != rune(c) // an apostrophe, or upper case ("Y\u030a": ẙ has no capital)
		} else {
			r, n := utf8.DecodeRune(seg[j:])
			var inert bool
			cl, f, inert = s.classify(r)
			if needNormal && (!inert || n == 1) {
				return nb, ends, false
			}
			j += n
			compose = compose || cl == cMark && changed
			changed = cl == cIgnore || cl != cMark && f != r
		}
		if single && cl != cMark && cl != cIgnore {
			ends = append(ends, len(nb))
			last = len(nb)
			single = false
		}
		switch cl {
		case cWord:
			nb = appendFolded(nb, f)
			lastDigit = false
		case cDigit:
			if !lastDigit {
				nb = append(nb, '0')
				lastDigit = true
			}
		case cMark:
			if len(nb) > last {
				nb = appendFolded(nb, f)
				lastDigit = false
			}
		case cSingle:
			if len(nb) > last {
				ends = append(ends, len(nb))
			}
			nb = appendFolded(nb, f)
			last = len(nb) - utf8.RuneLen(f)
			single = true
			lastDigit = false
		case cIgnore:
		default:
			if len(nb) > last {
				ends = append(ends, len(nb))
				last = len(nb)
			}
			lastDigit = false
		}
	}
	if len(nb) > last {
		ends = append(ends, len(nb))
	}
	if compose {
		nb, ends = recompose(nb, ends, n0, e0)
	}
	return nb, ends, true
}

// recompose puts the tokens that start at nb[n0] and ends[e0] in NFC. A
// combining mark after a rune that folding removed (a soft hyphen, a
// zero-width joiner, an apostrophe) or changed (ı to i, ß to ss) is left
// apart from the letter before it, where the same word typed with the
// composed letter is one rune: "cafe\u00ad\u0301" gave "cafe\u0301", not
// "café". Rare: only segments with such a mark come here.
func recompose(nb []byte, ends []int, n0, e0 int) ([]byte, []int) {
	toks := bytes.Clone(nb[n0:])
	nb = nb[:n0]
	start := n0
	for i := e0; i < len(ends); i++ {
		nb = norm.NFC.Append(nb, toks[start-n0:ends[i]-n0]...)
		start, ends[i] = ends[i], len(nb)
	}
	return nb, ends
}

// appendFolded appends the UTF-8 encoding of the folded rune f.
func appendFolded(nb []byte, f rune) []byte {
	if f < utf8.RuneSelf {
		if f == foldSS {
			return append(nb, 's', 's')
		}
		return append(nb, byte(f))
	}
	return utf8.AppendRune(nb, f)
}

// scanWhitespace is the Whitespace tokenizer: the tokens of
// strings.Fields(strings.ToLower(text)), digit runs masked on request.
func (s *Shingler) scanWhitespace(text []byte) {
	nb := s.norm[:0]
	ends := s.ends[:0]
	lastDigit := false
	for i := 0; i < len(text); {
		var n int
		nb, ends, n = scanPlain(&s.wtab, text[i:], nb, ends)
		if n > 0 {
			lastDigit = false
			i += n
			if i == len(text) || s.wtab[text[i]] != special {
				continue
			}
		}
		var cl uint8
		var f rune
		if c := text[i]; c < utf8.RuneSelf {
			cl, f = s.asciiClass(c), rune(c)
			i++
		} else {
			r, n := utf8.DecodeRune(text[i:])
			cl, f, _ = s.classify(r)
			i += n
		}
		switch cl {
		case cSep:
			if len(nb) > lastEnd(ends) {
				ends = append(ends, len(nb))
			}
			lastDigit = false
		case cDigit:
			if !lastDigit {
				nb = append(nb, '0')
				lastDigit = true
			}
		default:
			nb = utf8.AppendRune(nb, f)
			lastDigit = false
		}
	}
	if len(nb) > lastEnd(ends) {
		ends = append(ends, len(nb))
	}
	s.norm, s.ends = nb, ends
}
