//go:build amd64 && !purego

#include "textflag.h"

// The byte offsets 0 to 63 (the first 16 also widen to the dword lanes'
// indices).
DATA spansIdx<>+0(SB)/8, $0x0706050403020100
DATA spansIdx<>+8(SB)/8, $0x0f0e0d0c0b0a0908
DATA spansIdx<>+16(SB)/8, $0x1716151413121110
DATA spansIdx<>+24(SB)/8, $0x1f1e1d1c1b1a1918
DATA spansIdx<>+32(SB)/8, $0x2726252423222120
DATA spansIdx<>+40(SB)/8, $0x2f2e2d2c2b2a2928
DATA spansIdx<>+48(SB)/8, $0x3736353433323130
DATA spansIdx<>+56(SB)/8, $0x3f3e3d3c3b3a3938
GLOBL spansIdx<>(SB), RODATA|NOPTR, $64

// func tokenSpansAVX512(spans *uint64, lists *uint32, wbits *uint64, nb int, st *spanState) int
//
// tokenSpans for the blocks of wbits[:nb], one block a step with no
// branch on its tokens: the offsets of its starts and ends are compressed
// out of the byte offsets 0 to 63 (VPCOMPRESSB, AVX512_VBMI2) and widened
// to dwords, the start carried in (if any) is shifted in front of its
// starts, and the spans, lengths and list indices are made 16 tokens at
// once; each list takes the compressed indices of its tokens. A block
// with more than 16 tokens started or carried in is left to the caller:
// it returns the number of blocks done.
//
// Registers: R8 spans, R9 lists, R12 the next block, R13 the end of
// wbits, SI n, DI ns, BX nm, DX nl, R14 carry, R10 ts; Z24 the offset of
// the block in the run, in each dword; Z20 the byte offsets, Z21 0 to 15
// in dwords, Z22 3s, Z23 8s, Z25 64s.
TEXT ·tokenSpansAVX512(SB), NOSPLIT, $0-48
	MOVQ spans+0(FP), R8
	MOVQ lists+8(FP), R9
	MOVQ wbits+16(FP), R12
	MOVQ nb+24(FP), R13
	LEAQ (R12)(R13*8), R13
	MOVQ st+32(FP), AX
	MOVQ 0(AX), SI
	MOVQ 8(AX), DI
	MOVQ 16(AX), BX
	MOVQ 24(AX), DX
	MOVQ 32(AX), R14
	MOVQ 40(AX), R10
	VPBROADCASTD 48(AX), Z24
	VMOVDQU64 spansIdx<>(SB), Z20
	VPMOVZXBD spansIdx<>(SB), Z21
	MOVL $3, AX
	VPBROADCASTD AX, Z22
	MOVL $8, AX
	VPBROADCASTD AX, Z23
	MOVL $64, AX
	VPBROADCASTD AX, Z25

block:
	CMPQ R12, R13
	JAE out
	MOVQ (R12), AX
	LEAQ (AX)(AX*1), CX
	ORQ R14, CX            // prev = w<<1 | carry
	ANDNQ AX, CX, R11      // starts = w &^ prev
	ANDNQ CX, AX, CX       // ends = prev &^ w
	KMOVQ R11, K1
	KMOVQ CX, K2
	POPCNTQ R11, R11
	POPCNTQ CX, CX         // ne, the tokens the block ends
	ADDQ R14, R11          // the starts to pair with them
	CMPQ R11, $16
	JA out

	// T, the starts, and E, the ends, as dword offsets in the run.
	VPCOMPRESSB Z20, K1, Z0
	VPCOMPRESSB Z20, K2, Z1
	VPMOVZXBD X0, Z2
	VPMOVZXBD X1, Z3
	VPADDD Z24, Z2, Z2
	VPADDD Z24, Z3, Z3
	VPBROADCASTD R10, Z4
	VALIGND $15, Z4, Z2, Z5 // ts, then the starts
	MOVQ R14, AX
	NEGQ AX
	KMOVW AX, K3
	VMOVDQA32 Z5, K3, Z2

	// spans[n+i] = T[i]<<32 | E[i] for i < 16; those past ne are
	// overwritten later or unused.
	VPMOVZXDQ Y2, Z6
	VPSLLQ $32, Z6, Z6
	VPMOVZXDQ Y3, Z7
	VPORQ Z7, Z6, Z6
	VMOVDQU64 Z6, (R8)(SI*8)
	VEXTRACTI64X4 $1, Z2, Y8
	VEXTRACTI64X4 $1, Z3, Y9
	VPMOVZXDQ Y8, Z8
	VPSLLQ $32, Z8, Z8
	VPMOVZXDQ Y9, Z9
	VPORQ Z9, Z8, Z8
	VMOVDQU64 Z8, 64(R8)(SI*8)

	// The lists: lengths E-T of 1 to 3 (K5), 4 to 8 (K7), more (K6),
	// among the ne lanes (K4).
	MOVL $1, AX
	SHLL CX, AX
	DECL AX
	KMOVW AX, K4
	VPSUBD Z2, Z3, Z10
	VPCMPUD $2, Z22, Z10, K4, K5
	VPCMPUD $6, Z23, Z10, K4, K6
	KORW K5, K6, K7
	KANDNW K4, K7, K7
	VPBROADCASTD SI, Z11
	VPADDD Z21, Z11, Z11
	VPCOMPRESSD Z11, K5, Z12
	VMOVDQU32 Z12, (R9)(DI*4)
	KMOVW K5, AX
	POPCNTL AX, AX
	ADDQ AX, DI
	VPCOMPRESSD Z11, K7, Z12
	VMOVDQU32 Z12, (R9)(BX*4)
	KMOVW K7, AX
	POPCNTL AX, AX
	ADDQ AX, BX
	VPCOMPRESSD Z11, K6, Z12
	VMOVDQU32 Z12, (R9)(DX*4)
	KMOVW K6, AX
	POPCNTL AX, AX
	ADDQ AX, DX
	ADDQ CX, SI

	// ts = T[ne] if there is one, else 64 past the block.
	VPBROADCASTD CX, Z13
	VPERMD Z2, Z13, Z14
	VMOVD X14, AX
	VMOVD X24, R10
	ADDQ $64, R10
	CMPQ CX, R11
	CMOVQLT AX, R10

	MOVQ (R12), R14
	SHRQ $63, R14
	VPADDD Z25, Z24, Z24
	ADDQ $8, R12
	JMP block

out:
	MOVQ st+32(FP), AX
	MOVQ SI, 0(AX)
	MOVQ DI, 8(AX)
	MOVQ BX, 16(AX)
	MOVQ DX, 24(AX)
	MOVQ R14, 32(AX)
	MOVQ R10, 40(AX)
	VMOVD X24, CX
	MOVQ CX, 48(AX)
	SUBQ wbits+16(FP), R12
	SHRQ $3, R12
	MOVQ R12, ret+40(FP)
	VZEROUPPER
	RET

// func rollShinglesAVX512(out, toks *uint64, n, k int, init uint64)
//
// rollShingles eight shingles a vector, each from its own k tokens:
// out[i] = mixShingle(horner(toks[i:i+k]) + init) for i < n, the same
// value as the rolling update (both are the polynomial mod 2^64). The
// last n%8 are loaded and stored under a mask (K1).
TEXT ·rollShinglesAVX512(SB), NOSPLIT, $0-40
	MOVQ out+0(FP), DI
	MOVQ toks+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ k+24(FP), R8
	VPBROADCASTQ init+32(FP), Z1
	MOVQ $0xc2b2ae3d27d4eb4f, AX
	VPBROADCASTQ AX, Z2

roll:
	TESTQ CX, CX
	JLE rollDone
	MOVQ $0xff, AX
	CMPQ CX, $8
	JGE rollMask
	MOVQ $1, AX
	SHLQ CX, AX
	DECQ AX

rollMask:
	KMOVB AX, K1
	VPXORQ Z0, Z0, Z0
	MOVQ SI, R9
	MOVQ R8, R10

horner:
	VPSLLQ $1, Z0, Z3
	VPADDQ Z3, Z0, Z0
	VMOVDQU64.Z (R9), K1, Z4
	VPADDQ Z4, Z0, Z0
	ADDQ $8, R9
	DECQ R10
	JNZ horner
	VPADDQ Z1, Z0, Z0
	VPSRLQ $32, Z0, Z3
	VPXORQ Z3, Z0, Z0
	VPMULLQ Z2, Z0, Z0
	VPSRLQ $29, Z0, Z3
	VPXORQ Z3, Z0, Z0
	VMOVDQU64 Z0, K1, (DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $8, CX
	JMP roll

rollDone:
	VZEROUPPER
	RET
