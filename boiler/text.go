package boiler

import (
	"unicode"
	"unicode/utf8"
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
	n := len(st.wordHashs)
	if n < delMin || n > delMax {
		return dst
	}
	for skip := 0; skip < n; skip++ {
		dst = append(dst, deletionKey(st.wordHashs, skip))
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
	stop      int      // stopword tokens (filled by the classifier)
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
func finish(h, kind uint64, n int) uint64 {
	if n == 0 {
		return 0
	}
	h = mix(h, kind) ^ uint64(n)
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 29
	if h == 0 {
		h = 1
	}
	return h
}

// maskToken is the hash every digit run is replaced with in the masked key.
const maskToken uint64 = 0x6a09e667f3bcc908

// analyze computes the stats of text, reusing buf for lower-casing and
// st.wordHashs for word hashes. It is the package's normaliser: Unicode
// lower-casing, words are maximal runs of letters, marks and digits, all
// punctuation and symbols dropped; a word is split where letters meet digits
// so that "26th" and "3rd" mask alike.
func analyze(st *stats, buf []byte, text []byte) []byte {
	hs := st.wordHashs[:0]
	*st = stats{}
	var ex, ma, ne uint64
	nEx, nMa, nNe := 0, 0, 0
	lastNonSpace := rune(0)
	prevEnd := false // the previous rune ended a sentence
	i := 0
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			if cls := asciiClass[c]; cls != 0 {
				// ASCII word fast path: a run of letters or a run of digits;
				// a letter run that continues with a non-ASCII byte is left
				// to the general path below ("café").
				isD := cls == classDigit
				mask := cls & (classLetter | classDigit)
				up := cls
				j := i + 1
				for j < len(text) && asciiClass[text[j]]&mask != 0 {
					up |= asciiClass[text[j]]
					j++
				}
				if isD || j == len(text) || text[j] < utf8.RuneSelf {
					w := text[i:j]
					if isD {
						st.digits += j - i
					} else {
						st.letters += j - i
						if up&classUpper != 0 {
							buf = append(buf[:0], w...)
							for k, b := range buf {
								if b <= 'Z' {
									buf[k] = b + 'a' - 'A'
								}
							}
							w = buf
						}
					}
					st.runes += j - i
					i = j
					st.addWord(&hs, w, isD, cls == classLetter|classUpper, &ex, &ma, &ne, &nEx, &nMa, &nNe)
					lastNonSpace = 'a'
					prevEnd = false
					continue
				}
			} else {
				i++
				switch c {
				case ' ', '\t', '\n', '\r', '\v', '\f':
					if prevEnd {
						st.sentEnds++
						prevEnd = false
					}
					continue
				case '.', '!', '?':
					prevEnd = true
				case '|', '>', '<', '/', '*':
					st.seps++
					prevEnd = false
				case '"', '\'', ')':
					// closing quotes keep a sentence end pending
				default:
					prevEnd = false
				}
				st.runes++
				lastNonSpace = rune(c)
				continue
			}
		}
		r, size := utf8.DecodeRune(text[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			buf = buf[:0]
			up := unicode.IsUpper(r)
			digitsOnly := true
			j := i
			for j < len(text) {
				r2, s2 := utf8.DecodeRune(text[j:])
				isL := unicode.IsLetter(r2) || unicode.IsMark(r2)
				isD := unicode.IsDigit(r2)
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
				buf = utf8.AppendRune(buf, unicode.ToLower(r2))
				st.runes++
				j += s2
				if isHanLike(r2) { // one token per character
					break
				}
			}
			i = j
			st.addWord(&hs, buf, digitsOnly, up, &ex, &ma, &ne, &nEx, &nMa, &nNe)
			lastNonSpace = 'a'
			prevEnd = false
			continue
		}
		i += size
		if unicode.IsSpace(r) {
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
	}
	if prevEnd {
		st.sentEnds++
	}
	switch lastNonSpace {
	case '.', '!', '?', '"', '\'', '”', '’', ')', ':', '。', '！', '？':
		st.terminal = lastNonSpace != ':' && lastNonSpace != ')' || st.words > 6
	}
	st.exact = finish(ex, kindExact, nEx)
	st.masked = finish(ma, kindMasked, nMa)
	st.near = finish(ne, kindNear, nNe)
	st.wordHashs = hs
	return buf
}

// Classes of ASCII bytes for analyze's fast path: letters (upper-case ones
// also classUpper) and digits; 0 for every other byte, non-ASCII ones too.
const (
	classLetter = 1 << iota
	classUpper
	classDigit
)

var asciiClass = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = classLetter
		t[c-'a'+'A'] = classLetter | classUpper
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = classDigit
	}
	return t
}()

func isHanLike(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Thai, r)
}

func (st *stats) addWord(hs *[]uint64, w []byte, digitsOnly, up bool, ex, ma, ne *uint64, nEx, nMa, nNe *int) {
	h := hashWord(w)
	if digitsOnly {
		*hs = append(*hs, maskToken)
	} else {
		*hs = append(*hs, h)
	}
	st.words++
	*ex = mix(*ex, h)
	*nEx++
	if digitsOnly {
		st.numW++
		// consecutive digit runs ("22 May 2007 - 06") mask to one token each
		*ma = mix(*ma, maskToken)
		*nMa++
		return
	}
	st.alphaW++
	if up {
		st.upper++
	}
	*ma = mix(*ma, h)
	*nMa++
	if len(w) > 2 {
		*ne = mix(*ne, h)
		*nNe++
	}
}
