//go:build amd64 && !purego

#include "textflag.h"

// Both functions take eight shingles a vector; the last n%8 are loaded
// under a mask (K1) so that nothing past xs[n-1] is read. The vectors are
// never compressed to memory: VPCOMPRESSQ with a memory operand is
// microcoded on AMD's Zen 4, so the lanes are compressed in a register and
// the whole vector is stored (dst has 8 words to spare).

// MIX sets z to mix(z) with its low half replaced by rank32 of it (one
// less where it is all ones; Z7 is all ones, Z8 holds 1 in each dword).
#define MIX(z, t) \
	VPSRLQ $33, z, t; \
	VPXORQ t, z, z; \
	VPMULLQ Z2, z, z; \
	VPSRLQ $33, z, t; \
	VPXORQ t, z, z; \
	VPMULLQ Z3, z, z; \
	VPSRLQ $33, z, t; \
	VPXORQ t, z, z; \
	VPCMPEQD Z7, z, K5; \
	KANDW K6, K5, K5; \
	VPSUBD Z8, z, K5, z

// func mixKeyAVX512(dst, xs *uint64, n int, key uint64)
// (see MIX for the low half)
TEXT ·mixKeyAVX512(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ xs+8(FP), SI
	MOVQ n+16(FP), CX
	VPBROADCASTQ key+24(FP), Z1
	MOVQ $0xff51afd7ed558ccd, AX
	VPBROADCASTQ AX, Z2
	MOVQ $0xc4ceb9fe1a85ec53, AX
	VPBROADCASTQ AX, Z3
	VPTERNLOGD $0xff, Z7, Z7, Z7
	VPSRLD $31, Z7, Z8
	MOVQ $0x5555, AX
	KMOVW AX, K6

mix16:
	CMPQ CX, $16
	JLT mix8
	VMOVDQU64 (SI), Z0
	VMOVDQU64 64(SI), Z5
	VPXORQ Z1, Z0, Z0
	VPXORQ Z1, Z5, Z5
	MIX(Z0, Z4)
	MIX(Z5, Z6)
	VMOVDQU64 Z0, (DI)
	VMOVDQU64 Z5, 64(DI)
	ADDQ $128, SI
	ADDQ $128, DI
	SUBQ $16, CX
	JMP mix16

mix8:
	CMPQ CX, $8
	JLT mixTail
	VMOVDQU64 (SI), Z0
	VPXORQ Z1, Z0, Z0
	MIX(Z0, Z4)
	VMOVDQU64 Z0, (DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $8, CX

mixTail:
	TESTQ CX, CX
	JZ mixDone
	MOVQ $1, AX
	SHLQ CX, AX
	DECQ AX
	KMOVB AX, K1
	VMOVDQU64.Z (SI), K1, Z0
	VPXORQ Z1, Z0, Z0
	MIX(Z0, Z4)
	VMOVDQU64 Z0, K1, (DI)

mixDone:
	VZEROUPPER
	RET

// LIST lists the y of the vector in z (xs ^ key on entry) whose bins are
// open under the lane mask k: y = z + salt, bin = ((y ^ y>>29)·binMul)>>57,
// open if bit bin of hi:lo is set (VPSRLVQ gives 0 for shifts of 64 or
// more, so lo>>bin | hi>>(bin-64) has the bin's bit at bit 0).
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

// func listRoundAVX512(dst, xs *uint64, n int, key, salt, lo, hi uint64) (m int, hitLo, hitHi uint64)
TEXT ·listRoundAVX512(SB), NOSPLIT, $0-80
	MOVQ dst+0(FP), DI
	MOVQ DI, R8
	MOVQ xs+8(FP), SI
	MOVQ n+16(FP), CX
	VPBROADCASTQ key+24(FP), Z1
	VPBROADCASTQ salt+32(FP), Z2
	MOVQ $0xff51afd7ed558ccd, AX
	VPBROADCASTQ AX, Z3
	VPBROADCASTQ lo+40(FP), Z5
	VPBROADCASTQ hi+48(FP), Z6
	MOVQ $64, AX
	VPBROADCASTQ AX, Z7
	MOVQ $1, AX
	VPBROADCASTQ AX, Z8
	MOVQ $0xff, AX
	KMOVB AX, K3

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
	MOVQ $1, AX
	SHLQ CX, AX
	DECQ AX
	KMOVB AX, K1
	VMOVDQU64.Z (SI), K1, Z0
	VPXORQ Z1, Z0, Z0
	LIST(Z0, K1)

listDone:
	SUBQ R8, DI
	SHRQ $3, DI
	MOVQ DI, m+56(FP)

	// Rank the listed y in place, eight at a time, as bin<<32 |
	// rank32(mix(y)), and OR 1<<bin into Z15 (bins 0 to 63) or
	// 1<<(bin-64) into Z14 (VPSLLVQ gives 0 for shifts of 64 or more);
	// the lanes of the last vector past the m-th are masked off (K1).
	MOVQ $0xc4ceb9fe1a85ec53, AX
	VPBROADCASTQ AX, Z12
	MOVQ $0xffffffff, AX
	VPBROADCASTQ AX, Z13
	VPXORQ Z15, Z15, Z15
	VPXORQ Z14, Z14, Z14
	MOVQ R8, SI
	MOVQ DI, CX

rank8:
	TESTQ CX, CX
	JLE rankDone
	MOVQ $0xff, AX
	CMPQ CX, $8
	JGE rankMask
	MOVQ $1, AX
	SHLQ CX, AX
	DECQ AX

rankMask:
	KMOVB AX, K1
	VMOVDQU64 (SI), Z0
	VPSRLQ $29, Z0, Z4
	VPXORQ Z0, Z4, Z4
	VPMULLQ Z3, Z4, Z4
	VPSRLQ $57, Z4, Z4
	VPSLLVQ Z4, Z8, Z9
	VPORQ Z9, Z15, K1, Z15
	VPSUBQ Z7, Z4, Z10
	VPSLLVQ Z10, Z8, Z10
	VPORQ Z10, Z14, K1, Z14
	VPSLLQ $32, Z4, Z4
	VPSRLQ $33, Z0, Z9
	VPXORQ Z9, Z0, Z0
	VPMULLQ Z3, Z0, Z0
	VPSRLQ $33, Z0, Z9
	VPXORQ Z9, Z0, Z0
	VPMULLQ Z12, Z0, Z0
	VPSRLQ $33, Z0, Z9
	VPXORQ Z9, Z0, Z0
	VPANDQ Z13, Z0, Z0
	VPCMPEQQ Z13, Z0, K2
	VPSUBQ Z8, Z0, K2, Z0
	VPORQ Z4, Z0, Z0
	VMOVDQU64 Z0, (SI)
	ADDQ $64, SI
	SUBQ $8, CX
	JMP rank8

rankDone:
	VEXTRACTI64X4 $1, Z15, Y9
	VPORQ Y9, Y15, Y15
	VEXTRACTI128 $1, Y15, X9
	VPOR X9, X15, X15
	VPSHUFD $0x4e, X15, X9
	VPOR X9, X15, X15
	MOVQ X15, hitLo+64(FP)
	VEXTRACTI64X4 $1, Z14, Y9
	VPORQ Y9, Y14, Y14
	VEXTRACTI128 $1, Y14, X9
	VPOR X9, X14, X14
	VPSHUFD $0x4e, X14, X9
	VPOR X9, X14, X14
	MOVQ X14, hitHi+72(FP)
	VZEROUPPER
	RET

// func emptyBinsAVX512(s *[128]uint32) (lo, hi uint64)
TEXT ·emptyBinsAVX512(SB), NOSPLIT, $0-24
	MOVQ s+0(FP), SI
	VPTERNLOGD $0xff, Z0, Z0, Z0
	VPCMPEQD (SI), Z0, K1
	VPCMPEQD 64(SI), Z0, K2
	VPCMPEQD 128(SI), Z0, K3
	VPCMPEQD 192(SI), Z0, K4
	KUNPCKWD K1, K2, K1
	KUNPCKWD K3, K4, K3
	KUNPCKDQ K1, K3, K1
	KMOVQ K1, lo+8(FP)
	VPCMPEQD 256(SI), Z0, K1
	VPCMPEQD 320(SI), Z0, K2
	VPCMPEQD 384(SI), Z0, K3
	VPCMPEQD 448(SI), Z0, K4
	KUNPCKWD K1, K2, K1
	KUNPCKWD K3, K4, K3
	KUNPCKDQ K1, K3, K1
	KMOVQ K1, hi+16(FP)
	VZEROUPPER
	RET
