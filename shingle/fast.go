package shingle

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
	"unsafe"

	"github.com/neardup/dedupe/internal/grow"
)

// The word hasher: the tokenizer and the token hash fused, for the Words
// unit, over a run of text:
//
//  1. lowerBlocks classifies 64-byte blocks, the plain ones of a run at
//     once with AVX-512 (foldRunAVX512, whitespaceRunAVX512), the others
//     sixteen bytes at a time with SSE2 on amd64 (foldBlockMasks), eight
//     at a time with SWAR arithmetic (bit tricks on a uint64, no per-byte
//     branches) elsewhere, into a 64-bit mask of word bytes per block
//     (s.wbits), and copies the block
//     with its word bytes in lower case (s.low, padded so that a token can
//     be read 8 bytes at a time);
//  2. tokenSpans finds the token boundaries at the edges of those masks,
//     visited with TrailingZeros (or, with AVX-512, compressed out of
//     the byte offsets of a block), writes the span of each token (s.spans)
//     and lists its index by length, 1 to 3, 4 to 8 or more bytes
//     (s.lists), without a jump;
//  3. each list gets XXH3's hash for its lengths, one list at a time, so
//     that no branch depends on a token's length. Every hash is read from
//     s.low: no token is copied.
//
// In Fold mode an apostrophe is removed without ending the token
// ("don't" is "dont"): dropApostrophes moves the bytes of the token
// before it one place to the right in s.low, over it, so that the token
// stays one span of s.low.
//
// A block that holds a byte the fast path cannot handle (s.ftab marks it:
// non-ASCII, NUL in Whitespace mode, a digit with MaskDigits) ends the
// run, unless its non-ASCII bytes are all runes that takeNonASCII takes
// (curly quotes, dashes, accented letters: see nonascii.go). From the start of the token in
// progress up to the next ASCII white space after the special bytes, the
// general tokenizer takes over (scan, then hashWords); after a short run,
// it takes the whole rest of the text (see minFast). Both ends of that
// region are clean cuts: the general tokenizer itself treats the text
// before the token in progress as final, and no token, digit run or NFKC
// composition crosses ASCII white space. TestWordHashesLong,
// TestWordHashesNonASCII and FuzzWordHashes check the result against the
// general tokenizer.
//
// Measured on the 64 generated 3 KB documents of the bench package (go
// test -bench CPU ./bench/, CPU time, 2.1 GHz EPYC shared with other
// jobs): the first fused path, with XXH64 by length class, ran
// AppendTokens at 1.8 times the speed of the general tokenizer (520
// against 290 MB/s). With XXH3 as the token hash: a switch on the length
// per token, 520 MB/s alone but only 250 for shingle+signature (its
// branches are learnt when the same 64 documents come round again, and
// forgotten once the signature runs between them); all three branches
// computed and selected, 390 and 275; counting-sorted by length as for
// XXH64, 590 and 365; one loop that found the tokens, hashed each as if
// of 4 to 8 bytes and listed the others, 570 and 370. A keyed
// multiply-xor hash of two 8-byte words (in the manner of wyhash) ran at
// 810 and 460, but the token hash is XXH3, as the package documents and
// users can reproduce with any xxHash library.
//
// That one loop held more live values than amd64 has registers, and the
// compiler kept a dozen of them on the stack, reloaded for every token.
// Split into a function per pass, each loop runs in registers, and the
// passes were then reshaped one at a time, measured in pairs in the same
// session (tokenize and shingle+onepermutation, MB/s of CPU time; the
// second figure moves with the minhash package too): split, 550 -> 620;
// the 1-3 and 4-8 byte hashes both computed and selected in the pass over
// all tokens, 625 -> 635; the 4-8 byte tokens listed by tokenSpans and
// hashed from their list, the 1-3 byte hash for all tokens, 643 -> 686;
// the 1-3 byte tokens listed too (half the tokens of the benchmark's text
// are of 1 to 3 bytes), 708 -> 760 and 442 -> 462; the last byte of those
// read on its own rather than shifted out of the first four by a variable
// count, which on amd64 ties up the CX register, 768 -> 797 and
// 463 -> 479. Tried and dropped: writing each token's index and span
// into its list in one uint64, with no s.spans (751 -> 722); writing 16
// offsets per block whatever its number of tokens, so that the loop over
// a block's tokens does not end at a different point each time (slower,
// twice the work for 1 to 2 mispredictions a block); the start of a token
// carried into a block selected without a jump (581 -> 570). Later, on
// the real pages and news of the bench package (shingles + signature,
// each form against this one in alternating phases of one process): the
// stores of tokenSpans without bounds checks (unsafe.Add, spans sized 32
// a block) 0.99 to 1.03, no gain; one store per token into the list of
// its length, chosen by two conditional moves, instead of three, 0.97 to
// 0.99.

// SWAR constants: a byte value repeated in the eight bytes of a uint64.
const (
	lsb uint64 = 0x0101010101010101
	msb uint64 = 0x8080808080808080
)

// movemask gathers the top bit of each byte of f into the top byte of the
// result (bit 56+i from byte i), other bits zero: the eight shifted copies
// made by the multiplication land in the top byte without overlapping.
func movemask(f uint64) uint64 {
	return (f & msb) * 0x0002040810204081 &^ (1<<56 - 1)
}

// ge returns, for each byte x_i < 0x80 of x, 0x80 if x_i >= c, else 0
// (plus garbage in the low seven bits); c <= 0x80.
func ge(x uint64, c byte) uint64 {
	return x + lsb*uint64(0x80-c)
}

// wordHashes appends to toks the hash of every token of text (Words unit).
func (s *Shingler) wordHashes(toks []uint64, text []byte) []uint64 {
	if !s.ready {
		s.setup()
	}
	for i := 0; i < len(text); {
		var p int
		toks, p = s.fastRun(toks, text, i)
		if p >= len(text) {
			break
		}
		r := len(text)
		if p-i >= minFast {
			r = s.slowEnd(text, p)
		}
		s.scan(text[p:r])
		toks = s.hashWords(toks)
		i = r
	}
	return toks
}

// minFast is the length of a fast run below which the rest of the text
// goes to the general tokenizer at once: text whose special bytes come
// that often (non-ASCII words, digits with MaskDigits) is not worth
// cutting into runs. (Measured with the benchmarks of this package, CPU
// time: without this rule, AppendTokens on the mixed 3 KB text went from
// 116 to 95 MB/s (Fold) and from 333 to 250 MB/s (Whitespace), and with
// MaskDigits on the ASCII text from 410 to 200 MB/s.)
const minFast = 256

// slowEnd returns the end of the region from p that the general tokenizer
// handles: the first ASCII white space after the special bytes that follow
// p, where no other special byte follows within 64 bytes (so that text with
// many non-ASCII words is not cut into many small regions).
func (s *Shingler) slowEnd(text []byte, p int) int {
	r := p
	for {
		for r < len(text) && !s.ftab[text[r]] {
			r++
		}
		for r < len(text) && !isASCIISpace[text[r]] {
			r++
		}
		q := r
		for q < len(text) && q < r+64 && !s.ftab[text[q]] {
			q++
		}
		if q == len(text) || q == r+64 {
			return r
		}
		r = q
	}
}

// maxRun bounds the bytes fastRun reads at once, so that the offsets and
// token indices fit in the 32 bits that s.spans and s.lists give them.
const maxRun = 1 << 26

// fastRun hashes the tokens of text from i, where no token is in progress,
// until the end of text or a block with a special byte. It returns the
// extended toks and the offset where it stopped: len(text), or the start of
// the token in progress (or of the block) from which the general tokenizer
// or the next run must take over.
func (s *Shingler) fastRun(toks []uint64, text []byte, i int) ([]uint64, int) {
	run := text[i:]
	last := true
	if len(run) > maxRun {
		run, last = run[:maxRun], false
	}
	clean := s.lowerBlocks(run, last)
	wbits := s.wbits[:clean]

	// Pass 1: the span of every token, and its index in the list of its
	// length. Each pass is a function of its own, so that the registers
	// hold only what its loop uses.
	m := 32*clean + 1 // tokens at most: a block ends at most 32
	spans := grow.Len(s.spans, m)
	lists := grow.Len(s.lists, 3*m)
	s.spans, s.lists = spans, lists
	nt, ns, nm, nl, carry, ts := tokenSpans(spans, lists, wbits)
	spans = spans[:nt]
	short, mid, long := lists[:ns], lists[m:nm], lists[2*m:nl]

	// Pass 2: the tokens of 1 to 3 bytes, half the tokens of English.
	k0 := len(toks)
	toks = grow.Room(toks, nt)
	out := toks[k0 : k0+nt]
	low, keys := s.low, &s.keys
	hashShort(out, spans, short, low, keys.k1to3)

	// Pass 3: the tokens of 4 to 8 bytes.
	hashMid(out, spans, mid, low, keys.k4to8)

	// Pass 4: the tokens longer than 8 bytes, one in ten or twenty.
	for _, j := range long {
		v := spans[j]
		st, e := int(v>>32), int(uint32(v))
		if n := e - st; n <= 16 {
			out[j] = hash9to16(binary.LittleEndian.Uint64(low[st:]), binary.LittleEndian.Uint64(low[e-8:]), n, keys)
		} else {
			out[j] = s.hashToken(low[st:e])
		}
	}
	toks = toks[:k0+nt]

	switch {
	case clean*64 >= len(run) && last:
		return toks, len(text) // the padded last block ended every token
	case carry != 0:
		// The token in progress starts at ts in s.low, after the
		// apostrophes dropped from it: in text, at the first separator
		// before ts.
		return toks, s.tokenStart(text, i, i+ts)
	}
	return toks, i + clean*64 + s.skipSpilt
}

// tokenStart returns the start in text of the token in progress that
// starts at p in s.low, after the bytes from i on that the fast path took:
// p itself or, if apostrophes (or ignored runes) were dropped from the
// token, the end of the first separator before p. p may then fall inside
// a rune of text, but the token's bytes of text before p hold no
// separator: the walk passes continuation bytes and asks the class of the
// rune at each lead byte (every non-ASCII byte there is part of a rune
// the tables took, see takeNonASCII).
func (s *Shingler) tokenStart(text []byte, i, p int) int {
	for ; p > i; p-- {
		switch c := text[p-1]; {
		case c < utf8.RuneSelf:
			if s.wtab[c] == 0 {
				return p
			}
		case c >= 0xc0:
			r, n := utf8.DecodeRune(text[p-1:])
			if cl, _, _ := s.classify(r); cl == cSep {
				return p - 1 + n
			}
		}
	}
	return p
}

// tokenSpans writes to spans the span start<<32 | end of every token of
// the blocks with the word masks wbits, and lists the index of each in
// lists by its length: from 0 for 1 to 3 bytes, from len(spans) for 4 to
// 8 and from 2*len(spans) for more. It returns the number of tokens and
// the ends of the three lists, 1 if a token is in progress at the end and
// its start. The starts and ends alternate: a block's first start opens a
// token unless one is carried in, and each end is followed by the next
// start (or 64 past the block if there is none). spans must have room for
// 32 tokens a block, and lists for three times as many. The three lists share
// one slice so that they take two registers fewer.
func tokenSpans(spans []uint64, lists []uint32, wbits []uint64) (n, ns, nm, nl int, carry uint64, ts int) {
	if len(spans) < 32*len(wbits) || len(lists) < 3*len(spans) {
		panic("shingle: tokenSpans buffers too short")
	}
	st := spanState{nm: len(spans), nl: 2 * len(spans)}
	if useVBMI2 {
		st = tokenSpansVector(spans, lists, wbits, st)
	} else {
		st = spansFrom(spans, lists, wbits, st)
	}
	return st.n, st.ns, st.nm, st.nl, st.carry, st.ts
}

// spansFrom is the loop of tokenSpans over the blocks of wbits, from the
// state st (the offset st.b for the first block); it returns the state
// after them.
func spansFrom(spans []uint64, lists []uint32, wbits []uint64, st spanState) spanState {
	n, ns, nm, nl, carry, ts, b0 := st.n, st.ns, st.nm, st.nl, st.carry, st.ts, st.b
	// A block ends at most 32 tokens, so n < len(spans) and the stores
	// below stay inside spans and lists (checked by tokenSpans). Without
	// their bounds checks, the loop keeps its state in registers;
	// measured with tz (go test -cpu 1 -bench 'RealSpeedup/(pages|news)/fold'
	// ./bench/, seven runs of each build in turn, loaded machine): pages
	// 308-323 -> 321-331 MB/s, news 217-229 -> 224-231 MB/s; the ratios to
	// the naive form moved with its speed, 12.8-13.9 -> 13.0-13.6 and
	// 10.3-10.6 -> 10.4-11.2. (With BSF, before tz, the same change had
	// gained nothing.)
	sp, lp := unsafe.Pointer(unsafe.SliceData(spans)), unsafe.Pointer(unsafe.SliceData(lists))
	for bi, w := range wbits {
		b := b0 + bi*64
		prev := w<<1 | carry
		starts := w &^ prev
		ends := prev &^ w
		if carry == 0 {
			ts = b + tz(starts)
			starts &= starts - 1
		}
		carry = w >> 63
		for ends != 0 {
			e := b + tz(ends)
			ends &= ends - 1
			*(*uint64)(unsafe.Add(sp, n*8)) = uint64(ts)<<32 | uint64(e)
			long := int(uint(ts+8-e) >> 63)     // 1 if e-ts > 8
			notShort := int(uint(ts+3-e) >> 63) // 1 if e-ts >= 4
			*(*uint32)(unsafe.Add(lp, ns*4)) = uint32(n)
			ns += 1 - notShort
			*(*uint32)(unsafe.Add(lp, nm*4)) = uint32(n)
			nm += notShort - long
			*(*uint32)(unsafe.Add(lp, nl*4)) = uint32(n)
			nl += long
			n++
			ts = b + tz(starts)
			starts &= starts - 1
		}
	}
	return spanState{n, ns, nm, nl, carry, ts, b0 + 64*len(wbits)}
}

// spanState is the state of tokenSpans between blocks, for
// tokenSpansAVX512 (whose assembly knows its layout): the tokens and the
// ends of the three lists so far, the token in progress (carry, ts) and
// the offset of the next block.
type spanState struct {
	n, ns, nm, nl int
	carry         uint64
	ts            int
	b             int
}

// tokenSpansVector is tokenSpans with tokenSpansAVX512 for the blocks of
// up to 16 tokens and spansFrom for the others (TestTokenSpansVector).
// The scalar loop ends a block's tokens at a different count each time,
// about one misprediction a block, and costs a dozen instructions a
// token; the vector form takes some 60 instructions a block whatever its
// tokens. Measured (go test -cpu 1 -bench 'RealSpeedup/(news|pages)/fold'
// ./bench/, three runs of each test binary in turn): news 15.5-16.3 ->
// 18.1-19.8 times the naive form, web pages 17.5-17.9 -> 20.2-22.6; in
// the profile of the pages' shingles + signature, tokenSpans took 27 %
// (with tz), tokenSpansAVX512 8 %.
func tokenSpansVector(spans []uint64, lists []uint32, wbits []uint64, st spanState) spanState {
	for bi := 0; bi < len(wbits); bi++ {
		bi += tokenSpansAVX512(&spans[0], &lists[0], &wbits[bi], len(wbits)-bi, &st)
		if bi < len(wbits) {
			st = spansFrom(spans, lists, wbits[bi:bi+1], st)
		}
	}
	return st
}

// tz is bits.TrailingZeros64(x), 64 for x = 0, as the population count
// of the bits below the lowest set bit. With the default GOAMD64=v1, Go
// compiles TrailingZeros64 to BSF and a conditional move for x = 0, and
// BSF is several micro-ops on AMD Zen (a reciprocal throughput of 3
// cycles on Zen 2, Agner Fog's tables) where POPCNT, which Go selects at
// run time behind a predictable branch, is one. In tokenSpans, on the real pages
// and news (go test -cpu 1 -bench 'RealSpeedup/(pages|news)/fold'
// ./bench/, two runs of each build in turn): pages 311-314 -> 320-321
// MB/s, news 213-218 -> 219-227; a de Bruijn multiply and table lookup
// instead, 313 and 220-223. GOAMD64=v3 (TZCNT) gained 10 % over v1 before
// this change.
func tz(x uint64) int {
	return bits.OnesCount64(^x & (x - 1))
}

// hashShort sets out[j] to XXH3's hash for 1 to 3 bytes (key k1to3) of
// each token j listed in short, which spans[j] locates in low.
func hashShort(out, spans []uint64, short []uint32, low []byte, k1to3 uint64) {
	out = out[:len(spans)]
	for _, j := range short {
		v := spans[j]
		st, e := uint(v>>32), uint(uint32(v))
		n := e - st
		// XXH3's input is first<<16 | middle<<24 | last | n<<8; the first
		// two bytes of x for n = 2 or 3.
		x := uint64(binary.LittleEndian.Uint32(low[st : st+4]))
		last := uint64(low[e-1])
		c := x & 0xffff
		if n == 1 {
			c = last<<8 | last
		}
		out[j] = avalanche((c<<16 | last | uint64(n)<<8) ^ k1to3)
	}
}

// hashMid sets out[j] to XXH3's hash for 4 to 8 bytes (key k4to8) of each
// token j listed in mid, which spans[j] locates in low.
func hashMid(out, spans []uint64, mid []uint32, low []byte, k4to8 uint64) {
	out = out[:len(spans)]
	for _, j := range mid {
		v := spans[j]
		st, e := uint(v>>32), uint(uint32(v))
		lo := binary.LittleEndian.Uint32(low[st : st+4])
		hi := binary.LittleEndian.Uint32(low[e-4 : e])
		out[j] = hash4to8(lo, hi, int(e-st), k4to8)
	}
}

// lowerBlocks classifies run in blocks of 64 bytes, up to the first block
// with a special byte, and returns the number of blocks before it. For
// each, s.wbits holds the mask of its word bytes (bit j for byte j) and
// s.low its bytes with the word bytes in lower case. The last block of run
// is padded with spaces, which end the last token, and s.low has 16 bytes
// to spare beyond the blocks, so that a token can be read 8 bytes at a time.
func (s *Shingler) lowerBlocks(run []byte, last bool) int {
	nb := len(run)/64 + b2i(last)
	s.low = grow.Len(s.low, nb*64+16)
	s.wbits = grow.Len(s.wbits, nb)
	low, wbits := s.low, s.wbits
	var dm uint64
	if s.opts.MaskDigits {
		dm = ^uint64(0)
	}
	fold := s.opts.Normalization == Fold
	var spilt spill // of a rune cut by the end of the block before (see takeNonASCII)
	s.skipSpilt = 0
	var pad [64]byte
	full := len(run) / 64 // the blocks with 64 bytes of run
	for bi := 0; bi < nb; bi++ {
		if useAVX512BW && bi < full && spilt.n == 0 {
			// the plain blocks from bi on at once (see foldRunAVX512);
			// the loop below takes the first other one
			if fold {
				bi += foldRunAVX512(&run[bi*64], &low[bi*64], &wbits[bi], full-bi, dm)
			} else {
				bi += whitespaceRunAVX512(&run[bi*64], &low[bi*64], &wbits[bi], full-bi, dm)
			}
			if bi == nb {
				break
			}
		}
		blk := run[min(bi*64, len(run)):]
		if len(blk) < 64 {
			for j := copy(pad[:], blk); j < len(pad); j++ {
				pad[j] = ' '
			}
			blk = pad[:]
		}
		var w, sp uint64
		in := spilt // the end of a rune block bi-1 began
		if fold {
			var ap uint64
			w, sp, ap = foldBlockMasks((*[64]byte)(blk), (*[64]byte)(low[bi*64:]), dm)
			if sp != 0 && dm == 0 {
				next := run[min((bi+1)*64, len(run)):]
				w2, ap2, hi := foldASCII((*[64]byte)(blk))
				if w2, ap2, out, ok := takeNonASCII(foldTables(), (*[64]byte)(blk), (*[64]byte)(low[bi*64:]), next, spilt, w2, ap2, hi); ok {
					w, ap, sp, spilt = w2, ap2, 0, out
				}
			}
			if ap != 0 && sp == 0 {
				var ok bool
				if w, ok = s.dropApostrophes(bi, w, ap); !ok {
					s.skipSpilt = in.skip()
					return bi
				}
			}
		} else {
			w, sp = whitespaceBlock((*[64]byte)(blk), (*[64]byte)(low[bi*64:]), dm)
			if sp != 0 && dm == 0 {
				next := run[min((bi+1)*64, len(run)):]
				if w2, hi, noNUL := whitespaceASCII((*[64]byte)(blk)); noNUL {
					if w2, _, out, ok := takeNonASCII(whitespaceTables(), (*[64]byte)(blk), (*[64]byte)(low[bi*64:]), next, spilt, w2, 0, hi); ok {
						w, sp, spilt = w2, 0, out
					}
				}
			}
		}
		if sp != 0 {
			s.skipSpilt = in.skip()
			return bi
		}
		wbits[bi] = w
	}
	return nb
}

// foldBlock classifies the 64 bytes of blk in Fold mode, eight at a time
// with SWAR arithmetic: it returns the mask of the word bytes (letters and
// digits; bit j for blk[j]), a non-zero sp if blk has a special byte (a
// digit too if dm is all ones) and a non-zero ap if it has an apostrophe,
// and writes blk to low with every byte ORed with 0x20, which lowers the
// letters and leaves the digits alone.
// The flags are exact when no byte of blk is 0x80 or more (no carry
// crosses a byte); when one is, sp is non-zero and the mask is not used,
// as it is not when dm makes a digit special.
//
// A range test is the xor of two ge: c <= x_j < d sets the top bit of
// one sum only. The apostrophes clear the top bits of nap. Measured (its own loop over the 3 KB text of this
// package's benchmarks, 2.1 GHz EPYC shared with other jobs): 1020 ns a
// text with the form x &^ ge for ranges, a ^ge per word for the
// apostrophe and the digits masked out of the word mask; 920 ns this form;
// 860 ns with dm = 0 built in (not worth a second function).
//
// On amd64, lowerBlocks calls foldBlockMasks instead, the same
// classification in SSE2, 2.5 times as fast on its own
// (BenchmarkFoldBlocks); foldBlock is the portable form and its reference
// (TestFoldBlockMasks).
func foldBlock(blk, low *[64]byte, dm uint64) (w, sp, ap uint64) {
	nap := ^uint64(0)
	for j := 0; j < 64; j += 8 {
		x := binary.LittleEndian.Uint64(blk[j:])
		l := x | lsb*0x20
		letter := ge(l, 'a') ^ ge(l, 'z'+1)
		digit := ge(x, '0') ^ ge(x, '9'+1)
		nap &= ge(x^(lsb*'\''), 1) // top bit clear where x_j == '\''
		w = w>>8 | movemask(letter|digit)
		sp |= x | digit&dm
		binary.LittleEndian.PutUint64(low[j:], l)
	}
	return w, sp & msb, ^nap & msb
}

// apostrophes returns the mask of the apostrophes of the ASCII block blk
// (bit j for blk[j]).
func apostrophes(blk *[64]byte) uint64 {
	var a uint64
	for j := 0; j < 64; j += 8 {
		x := binary.LittleEndian.Uint64(blk[j:])
		a = a>>8 | movemask(^ge(x^(lsb*'\''), 1))
	}
	return a
}

// maxApostrophes bounds the apostrophes dropApostrophes takes in a block,
// and so the bytes it moves (at most 127 for each).
const maxApostrophes = 16

// dropApostrophes removes the apostrophes ap of block bi, whose word mask
// is w (the earlier blocks are in s.wbits, their bytes in s.low), and
// returns the block's new word mask. Each apostrophe, in text order, takes
// the last byte of the word bytes right before it (the token in progress,
// without its earlier apostrophes): they move one place to the right in
// s.low, and the first of them is no longer a word byte. An apostrophe
// with no word byte before it stays a separator, which is the same as
// removing it, as the token after it starts after it either way. It
// returns ok = false, having changed nothing, if the block has more than
// maxApostrophes or a token before an apostrophe reaches back over all of
// block bi-1 (so that no more than 127 bytes move for one apostrophe).
//
// That a separator and a removed apostrophe tokenise alike holds only in
// ASCII text: that is all the fast path sees. FuzzWordHashes checks the
// result against the general tokenizer.
func (s *Shingler) dropApostrophes(bi int, w, ap uint64) (_ uint64, ok bool) {
	var prev uint64 // word mask of block bi-1
	if bi > 0 {
		prev = s.wbits[bi-1]
	}
	// Removing apostrophes only clears bits of w|ap, so the lowest
	// apostrophe has the longest token before it within the block.
	below := uint64(1)<<bits.TrailingZeros64(ap) - 1
	if bits.OnesCount64(ap) > maxApostrophes || (w|ap)&below == below && prev == ^uint64(0) {
		return w, false
	}
	base := bi * 64
	low := s.low
	for a := ap; a != 0; a &= a - 1 {
		j := bits.TrailingZeros64(a)
		var p int // the first word byte of the token before the apostrophe
		if nonWord := ^w & (uint64(1)<<j - 1); nonWord != 0 {
			if w>>(j-1)&1 == 0 {
				continue // no token in progress
			}
			p = base + bits.Len64(nonWord)
		} else if bi > 0 && prev>>63 != 0 {
			p = base - bits.LeadingZeros64(^prev) // from block bi-1
		} else if j > 0 {
			p = base
		} else {
			continue
		}
		q := base + j
		copy(low[p+1:q+1], low[p:q])
		if p >= base {
			w &^= 1 << (p - base)
		} else {
			prev &^= 1 << (p - base + 64)
		}
		w |= 1 << j
	}
	if bi > 0 {
		s.wbits[bi-1] = prev
	}
	return w, true
}

// whitespaceBlock is foldBlock for Whitespace mode: every byte but ASCII
// white space is a word byte, NUL and masked digits are special (as in
// s.wtab), and low receives blk with 'A'..'Z' in lower case.
func whitespaceBlock(blk, low *[64]byte, dm uint64) (w, sp uint64) {
	for j := 0; j < 64; j += 8 {
		x := binary.LittleEndian.Uint64(blk[j:])
		space := ^ge(x^(lsb*' '), 1)              // x_j == ' '
		ctl := ge(x, '\t') &^ ge(x, '\r'+1)       // '\t' <= x_j <= '\r'
		nul := ^ge(x, 1)                          // x_j == 0
		digit := ge(x, '0') &^ ge(x, '9'+1)       // '0' <= x_j <= '9'
		upper := ge(x, 'A') &^ ge(x, 'Z'+1) & msb // 'A' <= x_j <= 'Z'
		w = w>>8 | movemask(^(space | ctl))
		sp |= x | nul | digit&dm
		binary.LittleEndian.PutUint64(low[j:], x|upper>>2)
	}
	return w, sp & msb
}
