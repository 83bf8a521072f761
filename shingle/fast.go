package shingle

import (
	"encoding/binary"
	"math/bits"
	"slices"
)

// The word hasher: the tokenizer and the token hash fused, for the Words
// unit, in three passes over a run of text:
//
//  1. lowerBlocks classifies 64-byte blocks eight bytes at a time with
//     SWAR arithmetic (bit tricks on a uint64, no per-byte branches) into
//     a 64-bit mask of word bytes per block (s.wbits), and copies the block
//     with its word bytes in lower case (s.low, padded so that a token can
//     be read 8 bytes at a time);
//  2. the token boundaries are the edges of those masks, visited with
//     TrailingZeros; each token is recorded as start and length (s.spans)
//     and the tokens are counting-sorted by length (s.order);
//  3. XXH64 of each token, exactly as hashToken, one loop per length
//     (hashShort, hashLane), read from s.low: no token is copied.
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
// Measured on the 64 generated 3 KB documents of the bench package, CPU
// time, 2.1 GHz EPYC shared with other jobs, against the previous path
// (scanPlain into s.norm, then hashWords) interleaved in the same run:
// AppendTokens 1.80 times as fast (520 against 290 MB/s), Append 1.66 times
// (425 against 255 MB/s). By step, for AppendTokens: one fused pass that
// hashed each token as its end was found, with every XXH64 step computed
// and selected by length (conditional moves), 1.3 times; hashing by length
// groups instead, 1.6 (the multiplier is the bottleneck, and the fused
// form wasted half its multiplies); cheaper SWAR (no masking of the high
// bit, movemask without a shift), 1.7; the group loops in small functions
// (hashShort, hashLane: Go spilled registers in the big one) and the start
// kept in s.order, 1.8. The 1-byte products from a table (p5) and a
// rolling combine with a shorter dependency chain made no measurable
// change. On the single repeated document of BenchmarkTokens the old byte
// loop is as fast (about 470 MB/s): its branches are learnt when the same
// 3 KB come round again.

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

// p5[c] is c·prime5, the product of each 1-byte step of XXH64: a load
// instead of one of the multiplies that bound the hash loops (no
// measurable change on its own, see above).
var p5 = func() (t [256]uint64) {
	for c := range t {
		t[c] = uint64(c) * prime5
	}
	return t
}()

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

	// Pass 1: the token spans, start<<4 | class, where the class is the
	// length below 16; longer tokens are hashed at once (class 0).
	spans := slices.Grow(s.spans[:0], len(run)/2+1)
	spans = spans[:cap(spans)]
	k0 := len(toks)
	toks = slices.Grow(toks, len(run)/2+1)
	out := toks[k0:cap(toks)]
	var count [16]int
	k := 0
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
			if n >= 16 {
				out[k] = s.hashToken(low[st : b+e])
				n = 0
			}
			spans[k] = uint32(st)<<4 | uint32(n)
			count[n&15]++
			k++
		}
		if starts != 0 {
			ts = b + 63 - bits.LeadingZeros64(starts)
		}
	}
	spans = spans[:k]
	s.spans = spans

	// Pass 2: the tokens in order of length (a counting sort), so that
	// the hashing below runs one loop per length, whose branches are
	// predicted.
	order := slices.Grow(s.order[:0], k)[:k]
	s.order = order
	var off [16]int
	for c, sum := 1, count[0]; c < 16; c++ {
		off[c] = sum
		sum += count[c]
	}
	for j, v := range spans {
		c := v & 15
		order[off[c]] = uint64(v>>4)<<32 | uint64(j)
		off[c]++
	}

	// Pass 3: XXH64 of each token, one length at a time.
	g := count[0]
	for c := 1; c < 16; c++ {
		if c < 8 {
			hashShort(out, order[g:g+count[c]], low, c, s.opts.Seed)
		} else {
			hashLane(out, order[g:g+count[c]], low, c, s.opts.Seed)
		}
		g += count[c]
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

// hashShort sets out[j] to XXH64 with seed of the c bytes of low from st,
// for each st<<32 | j of group: the short-input branch of XXH64 (Collet,
// xxHash specification) for a length c < 8 known to the whole loop, so
// that its branches are predicted. (A single loop over the tokens in text
// order that computed every step and selected by length with conditional
// moves ran at 0.65 times this speed: it wasted multiplies, and the
// multiplier is the bottleneck.)
func hashShort(out []uint64, group []uint64, low []byte, c int, seed uint64) {
	init := seed + prime5 + uint64(c)
	mask := uint64(1)<<(8*c) - 1
	for _, v := range group {
		h := init
		t := binary.LittleEndian.Uint64(low[v>>32:]) & mask
		if c >= 4 {
			h = bits.RotateLeft64(h^(t&0xffffffff)*prime1, 23)*prime2 + prime3
			t >>= 32
		}
		for range c & 3 {
			h = bits.RotateLeft64(h^p5[t&0xff], 11) * prime1
			t >>= 8
		}
		out[uint32(v)] = avalanche(h)
	}
}

// hashLane is hashShort for 8 <= c < 16: one 8-byte lane, then the tail.
func hashLane(out []uint64, group []uint64, low []byte, c int, seed uint64) {
	init := seed + prime5 + uint64(c)
	r := c & 7
	mask := uint64(1)<<(8*r) - 1
	for _, v := range group {
		st := v >> 32
		w := binary.LittleEndian.Uint64(low[st:])
		h := bits.RotateLeft64(init^bits.RotateLeft64(w*prime2, 31)*prime1, 27)*prime1 + prime4
		t := binary.LittleEndian.Uint64(low[st+8:]) & mask
		if r >= 4 {
			h = bits.RotateLeft64(h^(t&0xffffffff)*prime1, 23)*prime2 + prime3
			t >>= 32
		}
		for range r & 3 {
			h = bits.RotateLeft64(h^p5[t&0xff], 11) * prime1
			t >>= 8
		}
		out[uint32(v)] = avalanche(h)
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
