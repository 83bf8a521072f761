// Package shingle turns text into sets of 64-bit shingle hashes, fast, and
// cuts text into paragraphs with byte offsets.
//
// # Normalisation
//
// A Shingler first normalises text into tokens, in one of two modes:
//
//   - Fold (the default) folds text for robust matching. Text is NFKC
//     normalised (full-width forms, ligatures such as "ﬁ", superscripts and
//     other compatibility characters become their plain forms) and case
//     folded (upper then lower case; "ß" becomes "ss"). Letters, marks and
//     digits make words; white space, punctuation, symbols, control
//     characters (NUL included) and invalid UTF-8 bytes separate words and
//     are dropped. Apostrophes (' ‘ ’ ʼ) and format characters (soft
//     hyphen, zero-width joiners) are removed without separating, so
//     "Don’t" and "dont" are the same token, while hyphens separate:
//     "e-mail" gives "e" and "mail", the same as "e mail". A combining mark
//     extends the token before it and is dropped where no token precedes it.
//     Each Han, Hiragana, Katakana, Thai, Lao, Khmer and Myanmar character
//     is a token of its own (with its combining marks), so text written
//     without spaces still shingles sensibly.
//   - Whitespace gives exactly the tokens of
//     strings.Fields(strings.ToLower(text)): Unicode lower case, split on
//     Unicode white space, punctuation kept, no splitting of scripts
//     written without spaces. Invalid UTF-8 bytes become U+FFFD inside
//     tokens, and NUL is an ordinary character, as in the standard library.
//     This is the truth definition of the evaluation data and the simple
//     mode of text-dedup and datatrove, so results can be compared.
//
// With MaskDigits, every run of decimal digits becomes a single "0" (runs
// joined by an apostrophe in Fold mode count as one), so the dates and
// counts that change from page to page do not change the tokens.
//
// # Shingles
//
// With the Words unit (the default), a shingle is K consecutive tokens
// (K = 5 by default); with the Runes unit it is K consecutive runes of the
// normalised text, which is the tokens joined by single spaces (see
// AppendNormalized). A text with 1 to K-1 tokens has exactly one shingle,
// made of all of them; a text without tokens has none.
//
// # Hashing
//
// Each token is hashed once: XXH3, 64-bit (the xxHash family; the same
// value as xxh3.HashSeed of github.com/zeebo/xxh3) of its
// normalised UTF-8 bytes with seed Options.Seed (in the Runes unit, of each
// rune). The K token hashes t0..tK-1 of a shingle are combined as the
// polynomial t0·3^(K-1) + ... + tK-1 modulo 2^64, which is
// order-sensitive and rolls from shingle to shingle in O(1), plus a value
// derived from the seed and the number of tokens, and then mixed
// (xor-shift, multiply, xor-shift). So "a b" and "b a" differ, and the single
// shingle of a text shorter than K tokens does not collide with a K-token
// shingle by construction. The hashes depend only on the text and the
// Options: they are the same in every process, on every machine and in
// every release of this package (golden tests in testdata pin them;
// changing them is a breaking change).
//
// # Paragraphs
//
// Paragraphs returns the byte spans of the paragraphs of a text: runs of
// non-blank lines (Blank), single non-blank lines (Lines), or Blank when
// the text has blank lines between its lines and Lines otherwise (Auto).
//
// # Concurrency and memory
//
// A Shingler reuses scratch buffers and is not safe for concurrent use:
// use one per goroutine. Once its buffers have grown to the size of the
// documents it sees, Append, AppendTokens and CountTokens do not allocate.
// The package-level functions are safe for concurrent use.
package shingle
