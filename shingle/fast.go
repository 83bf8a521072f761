package shingle

import (
	"encoding/binary"
	"math/bits"
	"slices"
)

// The word hasher: the tokenizer and the token hash fused, for the Words
// unit, over a run of text:
//
//  1. lowerBlocks classifies 64-byte blocks eight bytes at a time with
//     SWAR arithmetic (bit tricks on a uint64, no per-byte branches) into
//     a 64-bit mask of word bytes per block (s.wbits), and copies the block
//     with its word bytes in lower case (s.low, padded so that a token can
//     be read 8 bytes at a time);
//  2. the token boundaries are the edges of those masks, visited with
//     TrailingZeros; each token gets XXH3's hash for 4 to 8 bytes where its
//     end is found, and the tokens of 1 to 3 bytes and of more than 8 are
//     listed (s.short, s.long) without a jump;
//  3. the listed tokens get the hash of their length, one list at a time,
//     so that the branches on the length are predicted. Every hash is read
//     from s.low: no token is copied.
//
// A block that holds a byte the fast path cannot handle (s.wtab marks it
// special: non-ASCII, an apostrophe in Fold mode, NUL in Whitespace mode, a
// digit with MaskDigits) ends the run. From the start of the token in
// progress up to the next ASCII white space after the special bytes, the
// general tokenizer takes over (scan, then hashWords); after a short run,
// it takes the whole rest of the text (see minFast). Both ends of that
// region are clean cuts: the general tokenizer itself treats the text
// before the token in progress as final, and no token, digit run or NFKC
// composition crosses ASCII white space. TestWordHashesLong and
// FuzzWordHashes check the result against the general tokenizer.
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
// XXH64, 590 and 365; this form, 570 and 370. A keyed multiply-xor hash
// of two 8-byte words (in the manner of wyhash) ran at 810 and 460, but
// the token hash is XXH3, as the package documents and users can
// reproduce with any xxHash library.

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
		for r < len(text) && s.wtab[text[r]] != special {
			r++
		}
		for r < len(text) && !isASCIISpace[text[r]] {
			r++
		}
		q := r
		for q < len(text) && q < r+64 && s.wtab[text[q]] != special {
			q++
		}
		if q == len(text) || q == r+64 {
			return r
		}
		r = q
	}
}

// maxRun bounds the bytes fastRun reads at once, so that a token start
// fits in the 28 bits that s.spans gives it.
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
	low, wbits := s.low, s.wbits[:clean]

	// Pass 1: every token is hashed where its end is found as if it were
	// at most 8 bytes long: both of XXH3's branches for 1 to 3 and 4 to 8
	// bytes are computed and the right one selected without a jump. The
	// start and index of each token are written to long, and the count
	// advances only past the longer ones, again without a jump.
	k0 := len(toks)
	toks = slices.Grow(toks, len(run)/2+1)
	out := toks[k0:cap(toks)]
	long := slices.Grow(s.long[:0], len(run)/2+1)
	long = long[:cap(long)]
	short := slices.Grow(s.short[:0], len(run)/2+1)
	short = short[:cap(short)]
	keys := &s.keys
	k, nl, ns := 0, 0, 0
	var carry uint64 // 1 if a token is in progress at b
	ts := 0          // start of the token in progress
	for bi, w := range wbits {
		b := bi * 64
		prev := w<<1 | carry
		starts := w &^ prev
		ends := prev &^ w
		carry = w >> 63
		for ends != 0 {
			e := bits.TrailingZeros64(ends)
			ends &= ends - 1
			st := ts
			if sm := starts & (1<<e - 1); sm != 0 {
				st = b + 63 - bits.LeadingZeros64(sm)
			}
			n := b + e - st
			out[k] = hash4to8(binary.LittleEndian.Uint32(low[st:]), binary.LittleEndian.Uint32(low[max(st+n-4, 0):]), n, keys)
			v := uint64(st)<<34 | uint64(n&3)<<32 | uint64(k)
			long[nl] = v
			nl += int(uint(8-n) >> 63) // 1 if n > 8
			short[ns] = v
			ns += int(uint(n-4) >> 63) // 1 if n < 4
			k++
		}
		if starts != 0 {
			ts = b + 63 - bits.LeadingZeros64(starts)
		}
	}
	s.long, s.short = long[:nl], short[:ns]

	// Pass 2: the tokens of 1 to 3 bytes.
	for _, v := range short[:ns] {
		st, n, k := int(v>>34), int(v>>32&3), uint32(v)
		out[k] = hash1to3(low[st], low[st+n>>1], low[st+n-1], n, keys)
	}

	// Pass 3: the tokens longer than 8 bytes, one in ten or so in English.
	for _, v := range long[:nl] {
		st, k := int(v>>34), uint32(v)
		n := tokenEnd(wbits, st) - st
		if n <= 16 {
			out[k] = hash9to16(binary.LittleEndian.Uint64(low[st:]), binary.LittleEndian.Uint64(low[st+n-8:]), n, keys)
		} else {
			out[k] = s.hashToken(low[st : st+n])
		}
	}
	toks = toks[:k0+k]

	switch {
	case clean*64 >= len(run) && last:
		return toks, len(text) // the padded last block ended every token
	case carry != 0:
		return toks, i + ts
	}
	return toks, i + clean*64
}

// tokenEnd returns the end of the token that starts at st: the first
// byte after st that is not a word byte in the masks wbits, or the end of
// the last block.
func tokenEnd(wbits []uint64, st int) int {
	bi, off := st/64, st%64
	w := ^wbits[bi] >> off
	for w == 0 {
		bi++
		if bi == len(wbits) {
			return bi * 64
		}
		w, off = ^wbits[bi], 0
	}
	return bi*64 + off + bits.TrailingZeros64(w)
}

// lowerBlocks classifies run in blocks of 64 bytes, up to the first block
// with a special byte, and returns the number of blocks before it. For
// each, s.wbits holds the mask of its word bytes (bit j for byte j) and
// s.low its bytes with the word bytes in lower case. The last block of run
// is padded with spaces, which end the last token, and s.low has 16 bytes
// to spare beyond the blocks, so that a token can be read 8 bytes at a time.
func (s *Shingler) lowerBlocks(run []byte, last bool) int {
	nb := len(run)/64 + b2i(last)
	s.low = slices.Grow(s.low[:0], nb*64+16)[:nb*64+16]
	s.wbits = slices.Grow(s.wbits[:0], nb)[:nb]
	low, wbits := s.low, s.wbits
	var dm uint64
	if s.opts.MaskDigits {
		dm = ^uint64(0)
	}
	fold := s.opts.Normalization == Fold
	var pad [64]byte
	for bi := range wbits {
		blk := run[min(bi*64, len(run)):]
		if len(blk) < 64 {
			for j := copy(pad[:], blk); j < len(pad); j++ {
				pad[j] = ' '
			}
			blk = pad[:]
		}
		var w, sp uint64
		if fold {
			w, sp = foldBlock((*[64]byte)(blk), (*[64]byte)(low[bi*64:]), dm)
		} else {
			w, sp = whitespaceBlock((*[64]byte)(blk), (*[64]byte)(low[bi*64:]), dm)
		}
		if sp != 0 {
			return bi
		}
		wbits[bi] = w
	}
	return nb
}

// foldBlock classifies the 64 bytes of blk in Fold mode, eight at a time
// with SWAR arithmetic: it returns the mask of the word bytes (letters,
// and digits unless dm masks them; bit j for blk[j]) and a non-zero sp if
// blk has a special byte, and writes blk to low with every byte ORed with
// 0x20, which lowers the letters and leaves the digits alone. The flags
// are exact when no byte of blk is 0x80 or more (no carry crosses a
// byte); when one is, sp is non-zero and the flags are not used.
func foldBlock(blk, low *[64]byte, dm uint64) (w, sp uint64) {
	for j := 0; j < 64; j += 8 {
		x := binary.LittleEndian.Uint64(blk[j:])
		l := x | lsb*0x20
		letter := ge(l, 'a') &^ ge(l, 'z'+1)
		digit := ge(x, '0') &^ ge(x, '9'+1)
		apos := ^ge(x^(lsb*'\''), 1) // x_j == '\''
		w = w>>8 | movemask(letter|digit&^dm)
		sp |= x | apos | digit&dm
		binary.LittleEndian.PutUint64(low[j:], l)
	}
	return w, sp & msb
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
