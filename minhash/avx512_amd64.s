//go:build amd64 && !purego

#include "textflag.h"
#include "funcdata.h"

// sketch128AVX512 is onePermutation128: the rounds of Fast Similarity
// Sketching at K = 128, eight shingles a vector. The shingles are taken
// 256 at a time (a chunk). The vectors write each shingle that reaches an
// open bin, as bin<<32 | rank, to a list in this function's frame (R8),
// and keep the mask of the bins each round reaches, which closes them for
// the rounds after; a scalar loop (LOWER) lowers each listed bin to the
// listed rank, the one step with no vector form (two shingles of a vector
// may share a bin), when the list is full and at the end. The lists of
// all rounds take their turn in one buffer: a round's minimum for a bin
// is the bin's value, since no later round lists an entry for it.
//
// The last n%8 shingles of a chunk are loaded under a mask (K1), so that
// nothing past the end of xs is read. Lanes are compressed in a register
// and the whole vector stored (the list has 8 words to spare):
// VPCOMPRESSQ to memory is microcoded on AMD's Zen 4.
//
// Registers: R8 the list, DI its end, R9 the start of the chunk's
// entries, R10 the end of xs, R11 the round, R12 s, R13:BX the open bins
// (bin j is bit j of R13 for j < 64, bit j-64 of BX), R14 the next
// chunk; Z1 key, Z2 the round's salt, Z3 binMul (also
// the first multiplier of mix), Z5:Z6 the open bins, Z7 64, Z8 1, Z12
// the second multiplier of mix, Z13 0xffffffff (qwords), Z14:Z15 the bins
// a round reached, K3 all lanes.

// MIX sets z to mix(z), its low half replaced by rank32 of it (one less
// where it is all ones). The dword compare with Z13 also flags a high
// half of 0, from which Z8 (1 in each qword: 0 in the high dwords)
// subtracts nothing.
#define MIX(z, t) \
	VPSRLQ $33, z, t; \
	VPXORQ t, z, z; \
	VPMULLQ Z3, z, z; \
	VPSRLQ $33, z, t; \
	VPXORQ t, z, z; \
	VPMULLQ Z12, z, z; \
	VPSRLQ $33, z, t; \
	VPXORQ t, z, z; \
	VPCMPEQD Z13, z, K5; \
	VPSUBD Z8, z, K5, z

// LIST writes to DI the y of the vector in z (xs ^ key on entry) whose
// bins are open, under the lane mask k: y = z + salt, bin =
// ((y ^ y>>29)·binMul)>>57, open if bit bin of Z6:Z5 is set (VPSRLVQ
// gives 0 for shifts of 64 or more, so lo>>bin | hi>>(bin-64) has the
// bin's bit at bit 0).
#define LIST(z, k) \
	VPADDQ Z2, z, z; \
	VPSRLQ $29, z, Z4; \
	VPXORQ z, Z4, Z4; \
	VPMULLQ Z3, Z4, Z4; \
	VPSRLQ $57, Z4, Z4; \
	VPSRLVQ Z4, Z5, Z9; \
	VPSUBQ Z7, Z4, Z4; \
	VPSRLVQ Z4, Z6, Z10; \
	VPORQ Z9, Z10, Z9; \
	VPTESTMQ Z8, Z9, k, K2; \
	VPCOMPRESSQ z, K2, Z11; \
	VMOVDQU64 Z11, (DI); \
	KMOVB K2, AX; \
	POPCNTL AX, AX; \
	LEAQ (DI)(AX*8), DI

// HITS ORs 1<<bin into Z15 (bins 0 to 63) or 1<<(bin-64) into Z14, for
// the bins b (clobbered: b-64) of the lanes in k (VPSLLVQ gives 0 for
// shifts of 64 or more).
#define HITS(b, k) \
	VPSLLVQ b, Z8, Z9; \
	VPORQ Z9, Z15, k, Z15; \
	VPSUBQ Z7, b, b; \
	VPSLLVQ b, Z8, Z10; \
	VPORQ Z10, Z14, k, Z14

// ENTRY makes z, mixed by MIX, the entry bin<<32 | rank: its low half
// and the bin<<32 in Z11.
#define ENTRY(z) \
	VPANDQ Z13, z, z; \
	VPORQ Z11, z, z

// FIRST makes z (xs ^ key on entry) the entry bin<<32 | rank32(z') of
// z' = mix(z), bin = z'>>57, and records the bins of the lanes in k.
#define FIRST(z, k) \
	MIX(z, Z4); \
	VPSRLQ $57, z, Z4; \
	VPSLLQ $32, Z4, Z11; \
	ENTRY(z); \
	HITS(Z4, k)

// LOWER lowers s[bin] to the rank for each entry bin<<32 | rank from R8
// to DI, and empties the list.
#define LOWER(loop, end) \
	MOVQ R8, SI; \
loop: \
	CMPQ SI, DI; \
	JAE end; \
	MOVQ (SI), AX; \
	MOVQ AX, R9; \
	SHRQ $32, R9; \
	MOVL (R12)(R9*4), DX; \
	CMPL AX, DX; \
	CMOVLCS AX, DX; \
	MOVL DX, (R12)(R9*4); \
	ADDQ $8, SI; \
	JMP loop; \
end: \
	MOVQ R8, DI

// listBytes is the size of the list, the frame of sketch128AVX512: room
// for 1024 entries.
#define listBytes 8192

// CHUNK sets SI to R14, CX to the number of shingles of the next chunk
// (jumping to empty if there are none), R14 past them and R9 to DI,
// where their entries will start, after emptying the list (LOWER) if
// it has no room for CX+8 more.
#define CHUNK(empty, loop, end, room) \
	MOVQ R10, CX; \
	SUBQ R14, CX; \
	JZ empty; \
	SHRQ $3, CX; \
	MOVQ $256, AX; \
	CMPQ CX, AX; \
	CMOVQGT AX, CX; \
	LEAQ 64(DI)(CX*8), AX; \
	LEAQ listBytes(R8), DX; \
	CMPQ AX, DX; \
	JLS room; \
	LOWER(loop, end); \
room: \
	MOVQ R14, SI; \
	LEAQ (R14)(CX*8), R14; \
	MOVQ DI, R9

// TAILMASK sets K1 to the low CX lanes (CX < 8).
#define TAILMASK \
	MOVQ $1, AX; \
	SHLQ CX, AX; \
	DECQ AX; \
	KMOVB AX, K1

// REDUCE ORs the lanes of z (through Y and X, its lower halves) into r.
#define REDUCE(z, y, x, r) \
	VEXTRACTI64X4 $1, z, Y9; \
	VPORQ Y9, y, y; \
	VEXTRACTI128 $1, y, X9; \
	VPOR X9, x, x; \
	VPSHUFD $0x4e, x, X9; \
	VPOR X9, x, x; \
	MOVQ x, r

// func sketch128AVX512(s *[128]uint32, xs *uint64, n int, key uint64) (lo, hi uint64)
TEXT ·sketch128AVX512(SB), 0, $8192-48
	NO_LOCAL_POINTERS
	MOVQ SP, R8
	MOVQ R8, DI
	MOVQ s+0(FP), R12
	MOVQ xs+8(FP), R14
	MOVQ n+16(FP), R10
	LEAQ (R14)(R10*8), R10
	VPBROADCASTQ key+24(FP), Z1
	MOVQ $0xff51afd7ed558ccd, AX
	VPBROADCASTQ AX, Z3
	MOVQ $64, AX
	VPBROADCASTQ AX, Z7
	MOVQ $1, AX
	VPBROADCASTQ AX, Z8
	MOVQ $0xc4ceb9fe1a85ec53, AX
	VPBROADCASTQ AX, Z12
	MOVQ $0xffffffff, AX
	VPBROADCASTQ AX, Z13
	MOVQ $0xff, AX
	KMOVB AX, K3
	VPTERNLOGD $0xff, Z0, Z0, Z0
	VMOVDQU32 Z0, (R12)
	VMOVDQU32 Z0, 64(R12)
	VMOVDQU32 Z0, 128(R12)
	VMOVDQU32 Z0, 192(R12)
	VMOVDQU32 Z0, 256(R12)
	VMOVDQU32 Z0, 320(R12)
	VMOVDQU32 Z0, 384(R12)
	VMOVDQU32 Z0, 448(R12)

	// Round 1: every shingle, bin z>>57 and rank32(z) of z = mix(x ^ key).
	VPXORQ Z15, Z15, Z15
	VPXORQ Z14, Z14, Z14

first:
	CHUNK(firstDone, lower1, lower1End, room1)

mix8:
	CMPQ CX, $8
	JLT mixTail
	VMOVDQU64 (SI), Z0
	VPXORQ Z1, Z0, Z0
	FIRST(Z0, K3)
	VMOVDQU64 Z0, (DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $8, CX
	JMP mix8

mixTail:
	TESTQ CX, CX
	JZ first
	TAILMASK
	VMOVDQU64.Z (SI), K1, Z0
	VPXORQ Z1, Z0, Z0
	FIRST(Z0, K1)
	VMOVDQU64 Z0, K1, (DI)
	LEAQ (DI)(CX*8), DI
	JMP first

firstDone:
	// The open bins: those the first round did not reach.
	REDUCE(Z15, Y15, X15, R13)
	NOTQ R13
	REDUCE(Z14, Y14, X14, BX)
	NOTQ BX
	MOVQ $1, R11

rounds:
	CMPQ R11, $128
	JAE done
	MOVQ R13, AX
	ORQ BX, AX
	JZ done
	MOVQ $0x9e3779b97f4a7c15, AX
	IMULQ R11, AX
	VPBROADCASTQ AX, Z2
	VPBROADCASTQ R13, Z5
	VPBROADCASTQ BX, Z6
	VPXORQ Z15, Z15, Z15
	VPXORQ Z14, Z14, Z14
	MOVQ xs+8(FP), R14

chunk:
	CHUNK(roundDone, lowerC, lowerCEnd, roomC)

list8:
	CMPQ CX, $8
	JLT listTail
	VMOVDQU64 (SI), Z0
	VPXORQ Z1, Z0, Z0
	LIST(Z0, K3)
	ADDQ $64, SI
	SUBQ $8, CX
	JMP list8

listTail:
	TESTQ CX, CX
	JZ listDone
	TAILMASK
	VMOVDQU64.Z (SI), K1, Z0
	VPXORQ Z1, Z0, Z0
	LIST(Z0, K1)

listDone:
	// Turn the chunk's listed y (from R9) into entries in place, eight
	// at a time, and record their bins; the lanes of the last vector
	// past DI are masked off.
	MOVQ R9, SI

rank8:
	MOVQ DI, CX
	SUBQ SI, CX
	JLE chunk
	SHRQ $3, CX
	MOVQ $0xff, AX
	CMPQ CX, $8
	JGE rankMask
	TAILMASK
	JMP rankVec

rankMask:
	KMOVB AX, K1

rankVec:
	VMOVDQU64 (SI), Z0
	VPSRLQ $29, Z0, Z4
	VPXORQ Z0, Z4, Z4
	VPMULLQ Z3, Z4, Z4
	VPSRLQ $57, Z4, Z4
	VPSLLQ $32, Z4, Z11
	HITS(Z4, K1)
	MIX(Z0, Z9)
	ENTRY(Z0)
	VMOVDQU64 Z0, (SI)
	ADDQ $64, SI
	JMP rank8

roundDone:
	// Close the bins the round reached.
	REDUCE(Z15, Y15, X15, AX)
	ANDNQ R13, AX, R13
	REDUCE(Z14, Y14, X14, AX)
	ANDNQ BX, AX, BX
	INCQ R11
	JMP rounds

done:
	LOWER(lowerD, lowerDEnd)
	MOVQ R13, lo+32(FP)
	MOVQ BX, hi+40(FP)
	VZEROUPPER
	RET
