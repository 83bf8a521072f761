package boiler

import (
	"unicode"
	"unicode/utf8"

	"github.com/neardup/dedupe/internal/grow"
)

// Fragment kinds. Each normalised key is hashed with its kind mixed in, so
// that one table can count all of them without collisions between kinds.
const (
	kindExact  uint64 = 0x9e3779b97f4a7c15 // case-folded word sequence
	kindMasked uint64 = 0xc2b2ae3d27d4eb4f // digit runs masked
	kindNear   uint64 = 0x165667b19e3779f9 // digits and short words dropped
	kindDel    uint64 = 0x27d4eb2f165667c5 // masked, one word deleted
)

// Deletion keys: a fragment of delMin to delMax words also gets one key per
// word, the masked sequence without that word, so that two fragments that
// differ in one word ("Posted 26 April 2025", "Posted 3 May 2024") share a
// key and count together: the one-deletion neighbourhood used for fast
// approximate dictionary lookup (Garbe's SymSpell; Bocek et al. 2007).
// Longer fragments get the exact, masked and near keys only.
const (
	delMin = 3
	delMax = 8
)

// appendDeletionKeys appends the deletion keys of st to dst.
func appendDeletionKeys(dst []uint64, st *stats) []uint64 {
	if isNumeric(st.numW, st.words) {
		return dst
	}
	return appendWordDeletionKeys(dst, st.wordHashs)
}

// appendWordDeletionKeys appends the deletion keys of the fragment of word
// hashes words to dst.
func appendWordDeletionKeys(dst []uint64, words []uint64) []uint64 {
	n := len(words)
	if n < delMin || n > delMax {
		return dst
	}
	dst = grow.Room(dst, n)
	for skip := 0; skip < n; skip++ {
		dst = append(dst, deletionKey(words, skip))
	}
	return dst
}

// deletionKey is the key of words without words[skip].
func deletionKey(words []uint64, skip int) uint64 {
	var h uint64
	for j, w := range words {
		if j != skip {
			h = mix(h, w)
		}
	}
	return finish(h, kindDel, len(words)-1)
}

// stats are the shallow text features of one paragraph (Kohlschütter et al.
// 2010 call them "shallow text features"), computed in one pass.
type stats struct {
	words     int // word tokens (runs of letters and digits)
	runes     int // non-space runes
	letters   int
	digits    int
	upper     int // words starting with an upper-case letter
	alphaW    int // words with at least one letter
	numW      int // words made of digits only
	seps      int // separator symbols typical of menus: | » › • · > < / ©
	sentEnds  int // '.', '!', '?' followed by a space or the end
	terminal  bool
	exact     uint64   // hash of the normalised word sequence
	masked    uint64   // same with digit runs masked
	near      uint64   // same without digits and words of one or two letters
	wordHashs []uint64 // one hash per word token (lower-cased; digit runs masked)
}

// key is the fragment key a Model counts for st: the near key, else (when
// every word is a digit run or has one or two letters) the masked key.
// The three keys are ever coarser (equal exact keys have equal masked keys,
// equal masked keys equal near keys), so the near key's count is the
// largest of the three on every site: counting it alone gives the
// classifier the same repetition counts for a third of the memory.
func (st *stats) key() uint64 {
	if isNumeric(st.numW, st.words) {
		return 0 // data: see isNumeric
	}
	if st.near != 0 {
		return st.near
	}
	return st.masked
}

// mix folds v into the running key h.
func mix(h, v uint64) uint64 {
	h ^= v
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return h
}

// finish makes a key hash; the empty key stays 0 so that callers can skip it.
// The lowest bit tells the kinds apart in a Model's counts: 1 for deletion
// keys, 0 for the others (see isDeletion).
func finish(h, kind uint64, n int) uint64 {
	if n == 0 {
		return 0
	}
	h = mix(h, kind) ^ uint64(n)
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 29
	if kind == kindDel {
		return h | 1
	}
	h &^= 1
	if h == 0 {
		h = 2
	}
	return h
}

// isDeletion reports whether the key h is a deletion key (see finish).
func isDeletion(h uint64) bool { return h&1 != 0 }

// maskToken is the hash every digit run is replaced with in the masked key.
const maskToken uint64 = 0x6a09e667f3bcc908

// analyze computes the stats of text, reusing buf for lower-casing and
// st.wordHashs for word hashes. It is the package's normaliser: Unicode
// lower-casing, words are maximal runs of letters, marks and digits, all
// punctuation and symbols dropped; a word is split where letters meet digits
// so that "26th" and "3rd" mask alike.
//
// Most words take the fast path, shortWords; the loop here takes the rest
// (digit runs, long, non-ASCII and last words, most punctuation). ASCII
// words are hashed in place (hashASCII) and folded into the keys without
// a call per word. Analysing the 2,000 generated pages of bench's
// BoilerGen benchmarks (6.9 MB, paragraphs split as NewPage does)
// took 33.4 ms of CPU time when every word was copied for lower-casing,
// hashed and passed to a function with pointers to ten locals, 19.1 ms
// since.
func analyze(st *stats, buf []byte, text []byte) []byte {
	return analyzeLines(st, buf, text, nil)
}

// lineMark describes one line of a paragraph analysed by analyzeLines: its
// words are the paragraph's wordHashs[previous line's end:end], near its
// near key.
type lineMark struct {
	end  int
	near uint64
	num  int // digit runs of the paragraph up to the end of the line
}

// analyzeLines is analyze; when lines is not nil, it also appends to
// *lines one lineMark per line of text (lines end at '\n'), so that the
// lines' fragment keys need no second pass (see PageAnalysis.addParagraph).
//
// It is one function of over 80 lines because it is the hot loop of
// learning and labelling. Split into named parts (the ASCII word, the
// runes between words, the final keys and counts: calls that spill the
// running state), analyze executed 2.9% more instructions on English
// prose and 1.9% more on mixed text (callgrind on BenchmarkAnalyze, 10
// iterations: 441.4M to 454.1M, 4.82G to 4.91G; shortWords, 87% of the
// prose's instructions, unchanged). In CPU time the difference was within
// the ±5% noise of the shared machine.
func analyzeLines(st *stats, buf []byte, text []byte, lines *[]lineMark) []byte {
	hs := st.wordHashs[:0]
	*st = stats{}
	acc := keyAcc{lines: lines != nil}
	var rt *runeTables // runeTab(), at the first rune that needs it
	lastNonSpace := rune(0)
	prevEnd := false // the previous rune ended a sentence
	i := 0
	for i < len(text) {
		// shortWords only at a letter: called at every byte this loop
		// takes, it mostly returned at once, after loading and storing the
		// running keys
		if len(text) >= 8 && asciiClass[text[i]]&classLetter != 0 {
			i0 := i
			var last byte
			hs, i, last = shortWords(st, &acc, hs, text, i)
			if i != i0 {
				lastNonSpace = rune(last)
				prevEnd = false
				if i == len(text) {
					break
				}
			}
		}
		c := text[i]
		cls := asciiClass[c]
		var h uint64
		var n int // byte length of the lower-cased word
		var isD, up bool
		isWord := false
		if cls&(classLetter|classDigit) != 0 {
			// an ASCII word shortWords did not take: a run of letters or
			// a run of digits; a letter run that continues with a
			// non-ASCII byte is left to the general path below ("café")
			isD = cls == classDigit
			mask := cls & (classLetter | classDigit)
			j := i + 1
			for j < len(text) && asciiClass[text[j]]&mask != 0 {
				j++
			}
			if isD || j == len(text) || text[j] < utf8.RuneSelf {
				n = j - i
				if isD {
					st.digits += n
				} else {
					st.letters += n
				}
				st.runes += n
				up = cls&classUpper != 0
				if n <= 16 {
					h = hashASCII(text[i:j])
				} else {
					buf = append(buf[:0], text[i:j]...)
					for k := range buf {
						buf[k] |= 0x20
					}
					h = hashWord(buf)
				}
				i = j
				isWord = true
			}
		} else if c < utf8.RuneSelf {
			i++
			switch after := afterWord[c]; {
			case after&(afterSpace|afterNewline) != 0:
				if prevEnd {
					st.sentEnds++
					prevEnd = false
				}
				if c == '\n' && lines != nil {
					*lines = append(*lines, lineMark{len(hs), finish(acc.lne, kindNear, acc.nNe-acc.lineNe), st.numW})
					acc.lne, acc.lineNe = 0, acc.nNe
				}
				for i < len(text) && text[i] == ' ' {
					i++ // a space after white space changes nothing
				}
				continue
			case after&afterEnd != 0:
				prevEnd = true
			case after&afterSep != 0:
				st.seps++
				prevEnd = false
			case c == '"' || c == '\'' || c == ')':
				// closing quotes keep a sentence end pending
			default:
				prevEnd = false
			}
			st.runes++
			lastNonSpace = rune(c)
			continue
		}
		if !isWord {
			if rt == nil {
				rt = runeTab()
			}
			r, size, flags, _, ok := decodeRune(rt, text[i:])
			if !ok && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) {
				flags = rWord // a word (the two flags are told apart in unicodeWord)
			}
			if flags&(rWord|rDigit) == 0 {
				i += size
				if ok && flags&rSpace != 0 || !ok && unicode.IsSpace(r) {
					if prevEnd {
						st.sentEnds++
						prevEnd = false
					}
					continue
				}
				st.runes++
				switch r {
				case '»', '›', '«', '‹', '•', '·', '©', '→', '▪', '►', '|':
					st.seps++
					prevEnd = false
				case '”', '’':
				case '。', '！', '？':
					prevEnd = true
				default:
					prevEnd = false
				}
				lastNonSpace = r
				continue
			}
			up = ok && flags&rUpper != 0 || !ok && unicode.IsUpper(r)
			buf, i, isD = unicodeWord(st, rt, buf[:0], text, i)
			h = hashWord(buf)
			n = len(buf)
		}
		hs = acc.add(st, hs, h, isD, up, n)
		lastNonSpace = 'a'
		prevEnd = false
	}
	if prevEnd {
		st.sentEnds++
	}
	if lines != nil {
		*lines = append(*lines, lineMark{len(hs), finish(acc.lne, kindNear, acc.nNe-acc.lineNe), st.numW})
	}
	st.words = len(hs)
	st.alphaW = st.words - st.numW
	switch lastNonSpace {
	case '.', '!', '?', '"', '\'', '”', '’', ')', ':', '。', '！', '？':
		st.terminal = lastNonSpace != ':' && lastNonSpace != ')' || st.words > 6
	}
	st.exact = finish(acc.ex, kindExact, st.words)
	st.masked = finish(acc.masked(), kindMasked, st.words)
	st.near = finish(acc.ne, kindNear, acc.nNe)
	st.wordHashs = hs
	return buf
}

// keyAcc accumulates the keys of a word sequence. Equal keys mean equal
// word sequences: the exact key hashes every word, the masked key replaces
// digit runs by maskToken (consecutive ones, as in "22 May 2007 - 06",
// mask to one token each), the near key drops digit runs and words of one
// or two bytes. The number of words is len(st.wordHashs).
//
// Until the first digit run the masked key is the exact key, so ma is
// folded only from there on (split): a multiplication less per word of
// most paragraphs, 3% of analyze's time. With lines set (analyzeLines),
// lne and lineNe are the near key of the current line.
type keyAcc struct {
	ex, ma, ne uint64
	nNe        int  // words in ne
	split      bool // ma is its own, not ex
	lines      bool
	lne        uint64
	lineNe     int // nNe where the current line began: the line's near key holds nNe - lineNe words
}

// add folds the word of hash h and n bytes (lower-cased) into a and st,
// and appends its hash (maskToken for digit runs) to hs.
func (a *keyAcc) add(st *stats, hs []uint64, h uint64, digitsOnly, up bool, n int) []uint64 {
	if digitsOnly && !a.split {
		a.ma, a.split = a.ex, true
	}
	a.ex = mix(a.ex, h)
	if digitsOnly {
		st.numW++
		a.ma = mix(a.ma, maskToken)
		return append(hs, maskToken)
	}
	if up {
		st.upper++
	}
	if a.split {
		a.ma = mix(a.ma, h)
	}
	if n > 2 {
		a.ne = mix(a.ne, h)
		a.nNe++
		a.lne = mix(a.lne, h)
	}
	return append(hs, h)
}

// masked is the running masked key.
func (a *keyAcc) masked() uint64 {
	if a.split {
		return a.ma
	}
	return a.ex
}

// unicodeWord appends to buf the lower-cased word that starts at text[i],
// a letter, digit or mark, and returns it with the index of its end and
// whether it is a digit run; it counts the word's letters, digits and
// runes in st.
func unicodeWord(st *stats, t *runeTables, buf, text []byte, i int) (_ []byte, end int, digitsOnly bool) {
	digitsOnly = true
	j := i
	for j < len(text) {
		// A letter (or mark) of ASCII or of two bytes, not a digit, is
		// taken here as the general step below would take it through
		// decodeRune and appendLower, without their call and results per
		// rune (none of these runes is Han-like). Measured (go test -run
		// XXX -bench Analyze -cpu 1 ./boiler/, three runs of each build in
		// turn): european 92-106 -> 121-145 MB/s, mixed 102-122 -> 142-166,
		// prose unchanged (366-433 -> 366-427). dedupe clean on 20,000
		// French, German and Russian pages: 1.00-1.03 -> 0.93-0.97 s.
		if c := text[j]; c < utf8.RuneSelf {
			if t.ascii[c]&(rWord|rDigit) == rWord {
				if digitsOnly && j > i {
					break
				}
				digitsOnly = false
				st.letters++
				st.runes++
				buf = append(buf, c|0x20) // an ASCII letter (see analyzeLines)
				j++
				continue
			}
		} else if c >= 0xc2 && c < 0xe0 && j+1 < len(text) && text[j+1]&0xc0 == 0x80 {
			if e := &t.two[c-0xc2][text[j+1]&0x3f]; e.flags&(rWord|rDigit) == rWord {
				if digitsOnly && j > i {
					break
				}
				digitsOnly = false
				st.letters++
				st.runes++
				if e.n == 2 {
					buf = append(buf, e.low[0], e.low[1])
				} else {
					buf = append(buf, e.low[:e.n]...)
				}
				j += 2
				continue
			}
		}
		r2, s2, flags, e, ok := decodeRune(t, text[j:])
		var isL, isD bool
		if ok {
			isL, isD = flags&rWord != 0, flags&rDigit != 0
		} else {
			isL, isD = unicode.IsLetter(r2) || unicode.IsMark(r2), unicode.IsDigit(r2)
		}
		if !isL && !isD {
			break
		}
		if isL && digitsOnly && j > i {
			break
		}
		if isD && !digitsOnly {
			break
		}
		if isL {
			digitsOnly = false
			st.letters++
		} else {
			st.digits++
		}
		buf = appendLower(buf, r2, e)
		st.runes++
		j += s2
		if isHanLike(r2) { // one token per character
			break
		}
	}
	return buf, j, digitsOnly
}

// isHanLike reports whether r is of a script written without spaces
// between words (Han, Hiragana, Katakana, Thai), whose characters are
// tokens of their own. Every rune of a word with a non-ASCII letter is
// tested, mostly Latin ones: those below the first of the four scripts
// (Thai, U+0E01) skip the four range-table searches.
func isHanLike(r rune) bool {
	if r < 0x0e01 {
		return false
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Thai, r)
}

// isNumeric reports whether a fragment of words words, digits of them
// digit runs, is data: a row of a table of figures or a line of an
// earnings report, whose shape recurs on many pages ("Shr 26 cts vs 87
// cts", "JUN  125.2  125.0  124.7") while its figures differ. A third of
// its words or more are figures. Such fragments get no fragment key: the
// page cues alone label them.
func isNumeric(digits, words int) bool { return 3*digits >= words && digits > 0 }
