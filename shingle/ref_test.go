package shingle

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Naive reference tokenizers: the definitions of the package doc written
// as plainly as possible, without fast paths, tables or caches.

// refWhitespace is the truth definition, plus digit masking.
func refWhitespace(text string, mask bool) []string {
	toks := strings.Fields(strings.ToLower(text))
	if mask {
		for i, t := range toks {
			toks[i] = maskRuns(t)
		}
	}
	return toks
}

// maskRuns replaces every run of Unicode decimal digits by "0".
func maskRuns(t string) string {
	var b strings.Builder
	inRun := false
	for _, r := range t {
		if unicode.IsDigit(r) {
			if !inRun {
				b.WriteByte('0')
			}
			inRun = true
			continue
		}
		inRun = false
		b.WriteRune(r)
	}
	return b.String()
}

func refFoldRune(r rune) string {
	f := unicode.ToLower(unicode.ToUpper(r))
	if f == 'ß' {
		return "ss"
	}
	return string(f)
}

func refSingle(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana,
		unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar)
}

// refFold normalises the whole text with NFKC, then classifies it rune by
// rune.
func refFold(text string, mask bool) []string {
	var toks []string
	var cur strings.Builder
	single, lastDigit := false, false
	flush := func() {
		if cur.Len() > 0 {
			// in NFC: a mark after a removed or folded rune composes
			// with what is left ("cafe\u00ad\u0301" is "café")
			toks = append(toks, norm.NFC.String(cur.String()))
			cur.Reset()
		}
		single, lastDigit = false, false
	}
	// Invalid bytes separate tokens; they become U+FFFD before NFKC,
	// because x/text's norm can leave the rune after an invalid lead byte
	// unnormalised ("\xf2½" stays "\xf2½" while "½" becomes "1⁄2").
	for _, r := range norm.NFKC.String(strings.ToValidUTF8(text, "\uFFFD")) {
		switch {
		case r == utf8.RuneError || unicode.IsSpace(r):
			flush()
		case r == '\'' || r == '‘' || r == '’' || r == 'ʼ' || r == '＇' || unicode.Is(unicode.Cf, r):
			// removed, the token goes on
		case unicode.IsDigit(r) && mask:
			if single {
				flush()
			}
			if !lastDigit {
				cur.WriteByte('0')
			}
			lastDigit = true
		case unicode.IsLetter(r) && refSingle(r):
			flush()
			cur.WriteRune(r)
			single = true
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			if single {
				flush()
			}
			cur.WriteString(refFoldRune(r))
			lastDigit = false
		case unicode.IsMark(r):
			if cur.Len() > 0 {
				cur.WriteString(refFoldRune(r))
				lastDigit = false
			}
		default:
			flush()
		}
	}
	flush()
	return toks
}

func refTokens(text string, o Options) []string {
	if o.Normalization == Whitespace {
		return refWhitespace(text, o.MaskDigits)
	}
	return refFold(text, o.MaskDigits)
}
